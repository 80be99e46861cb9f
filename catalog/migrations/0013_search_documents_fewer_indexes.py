import django.db.models.deletion
from django.db import migrations, models

# Every index of the document table is maintained by each of the 200,000 rows a first indexing
# writes. Five of them served no query:
# - the foreign keys' own indexes: unique_search_document leads with content_type_id and
#   search_doc_source_ct with source_id, so lookups, cascades and FK checks use those;
# - on PostgreSQL, the varchar_pattern_ops ("_like") twins of the name_key, qualified_key and
#   full_key indexes: those keys are compared for equality only (catalog.search.query), never
#   with LIKE.
# The keys' plain indexes stay, named in Meta.indexes instead of db_index (which brings the LIKE
# twins). The database side finds the indexes by their columns, whatever Django named them.
TABLE = "catalog_searchdocument"
KEYS = {
    "name_key": "search_doc_name_key",
    "qualified_key": "search_doc_qualified_key",
    "full_key": "search_doc_full_key",
}
FOREIGN_KEYS = ("content_type_id", "source_id")


def _indexes(schema_editor):
    """{name: columns} of the table's plain btree indexes (not unique, not the primary key, not
    the GIN indexes: the trigram index is over name_key too)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["type"] in ("btree", "idx")
    }


def forward(apps, schema_editor):
    quote = schema_editor.quote_name
    vendor = schema_editor.connection.vendor
    for name, columns in _indexes(schema_editor).items():
        column = columns[0] if len(columns) == 1 else None
        if column in FOREIGN_KEYS or (column in KEYS and name.endswith("_like")):
            schema_editor.execute(f"DROP INDEX {quote(name)}")
        elif column in KEYS and name != KEYS[column]:
            if vendor == "postgresql":  # renamed, not rebuilt
                schema_editor.execute(f"ALTER INDEX {quote(name)} RENAME TO {quote(KEYS[column])}")
            else:
                schema_editor.execute(f"DROP INDEX {quote(name)}")
    for column, name in KEYS.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {TABLE} ({quote(column)})")


def backward(apps, schema_editor):
    quote = schema_editor.quote_name
    for column in FOREIGN_KEYS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(TABLE + '_' + column)} ON {TABLE} ({quote(column)})"
        )
    if schema_editor.connection.vendor == "postgresql":
        for column, name in KEYS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name + '_like')} ON {TABLE} ({quote(column)} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_tablesample_digest"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="content_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                migrations.AlterField(
                    model_name="searchdocument",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.datasource",
                    ),
                ),
                migrations.AlterField(
                    model_name="searchdocument", name="name_key", field=models.CharField(max_length=500)
                ),
                migrations.AlterField(
                    model_name="searchdocument",
                    name="qualified_key",
                    field=models.CharField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name="searchdocument",
                    name="full_key",
                    field=models.CharField(blank=True, max_length=1000),
                ),
                migrations.AddIndex(
                    model_name="searchdocument",
                    index=models.Index(fields=["name_key"], name="search_doc_name_key"),
                ),
                migrations.AddIndex(
                    model_name="searchdocument",
                    index=models.Index(fields=["qualified_key"], name="search_doc_qualified_key"),
                ),
                migrations.AddIndex(
                    model_name="searchdocument",
                    index=models.Index(fields=["full_key"], name="search_doc_full_key"),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]

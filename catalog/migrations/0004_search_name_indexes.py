from django.db import migrations

# Autocomplete matches names only (text_a, the name's words), never column lists or descriptions:
# GIN indexes over the names' words, one for columns (most rows) and one for everything else, so
# the two can be asked separately; and a btree on words_key for exact "the name's words" matches.
# The expression must stay exactly the one in catalog.search.backends.postgres.NAME_VECTOR.
POSTGRES_FORWARD = [
    """CREATE INDEX search_doc_names_assets ON catalog_searchdocument
        USING gin (to_tsvector('simple'::regconfig, coalesce(text_a, ''))) WHERE asset_type <> 'column'""",
    """CREATE INDEX search_doc_names_columns ON catalog_searchdocument
        USING gin (to_tsvector('simple'::regconfig, coalesce(text_a, ''))) WHERE asset_type = 'column'""",
    "CREATE INDEX search_doc_words_key ON catalog_searchdocument (words_key)",
    # 0003's partial index over the whole text of non-columns served only the old autocomplete.
    "DROP INDEX IF EXISTS search_doc_vector_assets",
]
POSTGRES_BACKWARD = [
    """CREATE INDEX IF NOT EXISTS search_doc_vector_assets ON catalog_searchdocument USING gin (search_vector)
        WHERE asset_type <> 'column'""",
    "DROP INDEX IF EXISTS search_doc_words_key",
    "DROP INDEX IF EXISTS search_doc_names_columns",
    "DROP INDEX IF EXISTS search_doc_names_assets",
]
# SQLite: FTS5 filters on its text_a column already; only the exact-words index is needed.
SQLITE_FORWARD = ["CREATE INDEX search_doc_words_key ON catalog_searchdocument (words_key)"]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS search_doc_words_key"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_document")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]

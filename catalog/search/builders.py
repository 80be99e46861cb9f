"""Search documents of the catalog's own assets: sources, schemas, tables (and views), columns.

Builders read in pk-ordered batches with flat `values_list` queries (one for the objects, one
for a batch's columns), so indexing a 10,000-table source is a few dozen queries.
"""

from collections import defaultdict

from django.db.models import BooleanField, Expression, F
from django.urls import reverse

from catalog.markdown import markdown_text
from catalog.models import Column, DataSource, Schema, Table
from catalog.search.registry import AssetType, Category, Document, register_asset_type, register_category

BATCH = 2000  # rows per query; the indexer writes batches of the same size
SNIPPET_COLUMNS = 40


class IdsIn(Expression):
    """`<field> IN (1, 2, 3…)` with the ids written into the SQL as integers (on PostgreSQL
    `<field> = ANY('{1,2,3…}'::bigint[])`).

    The ORM's `__in` prepares every id as a parameter (and psycopg then splits the statement at
    each placeholder): at 200,000 documents that cost more than the queries. int() makes each id
    a plain integer, so nothing else can reach the SQL.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids):
        super().__init__()
        self.column, self.ids = F(field), [int(pk) for pk in ids]

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        if not self.ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            # One array constant: PostgreSQL parses and coerces each element of an IN list (6 ms
            # for 2,000 ids, a dozen times per batch of documents), an array literal at once.
            return f"{sql} = ANY('{{{','.join(map(str, self.ids))}}}'::bigint[])", params
        return f"{sql} IN ({', '.join(map(str, self.ids))})", params


def _batches(queryset, fields):
    """Rows of `queryset` as tuples, in pk order, a batch at a time: the ids first (one query),
    then each batch by primary key, so no batch re-joins or re-sorts the whole scope."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    model = queryset.model
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        yield list(
            model._default_manager.filter(IdsIn("pk", chunk)).order_by("pk").values_list("pk", *fields)
        )


def _url(name, *args, anchor=""):
    # Resolve once with a marker and fill ids in by formatting: reverse() per row is slow at 200k.
    marker = 987654321
    pattern = reverse(name, args=[marker if a is None else a for a in args]).replace(str(marker), "{}")
    return pattern + anchor


def build_sources(queryset):
    url = _url("source-detail", "slug-marker").replace("slug-marker", "{}")
    for rows in _batches(queryset, ["name", "slug", "description", "engine"]):
        for pk, name, slug, description, engine in rows:
            yield (
                pk,
                Document(
                    asset_type="source",
                    name=name,
                    qualified_name=slug,
                    url=url.format(slug),
                    source_id=pk,
                    source_slug=slug,
                    names=[slug],
                    body=[description, engine],
                    summary=markdown_text(description) or f"{engine} source",
                ),
            )


def build_schemas(queryset):
    url = _url("schema-detail", None)
    fields = ["name", "title", "description", "comment", "removed_at", "hidden", "source_id"]
    fields += ["source__slug", "source__name"]
    for rows in _batches(queryset, fields):
        for pk, name, title, description, comment, removed_at, hidden, source_id, slug, source in rows:
            if hidden:
                yield pk, None
                continue
            yield (
                pk,
                Document(
                    asset_type="schema",
                    name=name,
                    title=title,
                    qualified_name=name,
                    url=url.format(pk),
                    source_id=source_id,
                    source_slug=slug,
                    schema_name=name,
                    body=[description, comment, source, slug],
                    summary=markdown_text(description or comment) or f"Schema in {source}",
                    removed=removed_at is not None,
                ),
            )


def build_tables(queryset):
    url = _url("table-detail", None)
    fields = ["name", "title", "description", "comment", "kind", "removed_at", "hidden", "source_id"]
    fields += ["source__slug", "source__name", "schema__name", "schema__removed_at", "schema__hidden"]
    for rows in _batches(queryset, fields):
        columns = defaultdict(list)
        for table_id, name, title, description, comment in (
            Column.objects.filter(IdsIn("table_id", [row[0] for row in rows]), removed_at__isnull=True)
            .order_by("table_id", "position")
            .values_list("table_id", "name", "title", "description", "comment")
        ):
            columns[table_id].append((name, title, description, comment))
        for row in rows:
            pk, name, title, description, comment, kind, removed_at, hidden, source_id = row[:9]
            slug, source, schema, schema_removed_at, schema_hidden = row[9:]
            if hidden or schema_hidden:
                yield pk, None
                continue
            cols = columns.get(pk, [])
            text = markdown_text(description or comment)
            listing = ", ".join(c[0] for c in cols[:SNIPPET_COLUMNS]) + (
                "…" if len(cols) > SNIPPET_COLUMNS else ""
            )
            yield (
                pk,
                Document(
                    asset_type=kind,
                    name=name,
                    title=title,
                    qualified_name=f"{schema}.{name}",
                    url=url.format(pk),
                    source_id=source_id,
                    source_slug=slug,
                    schema_name=schema,
                    column_text=[part for c in cols for part in c[:2]],
                    body=[
                        description,
                        comment,
                        schema,
                        source,
                        slug,
                        *(part for c in cols for part in c[2:]),
                    ],
                    summary=f"{text}\nColumns: {listing}" if text and cols else text or f"Columns: {listing}",
                    removed=removed_at is not None or schema_removed_at is not None,
                ),
            )


def build_columns(queryset):
    url = _url("column-detail", None)
    fields = ["name", "title", "description", "comment", "data_type", "removed_at", "table_id", "table__name"]
    fields += ["table__removed_at", "table__hidden", "table__source_id", "table__source__slug"]
    fields += [
        "table__source__name",
        "table__schema__name",
        "table__schema__removed_at",
        "table__schema__hidden",
    ]
    for rows in _batches(queryset, fields):
        for row in rows:
            pk, name, title, description, comment, data_type, removed_at, table_id, table = row[:9]
            table_removed_at, table_hidden, source_id, slug, source, schema, schema_removed_at = row[9:16]
            if table_hidden or row[16]:
                yield pk, None
                continue
            yield (
                pk,
                Document(
                    asset_type="column",
                    name=name,
                    title=title,
                    qualified_name=f"{schema}.{table}.{name}",
                    url=url.format(pk),
                    source_id=source_id,
                    source_slug=slug,
                    schema_name=schema,
                    # Not the source's name: it would make every column match it. Tables carry it.
                    body=[description, comment, table, schema, data_type],
                    summary=markdown_text(description or comment)
                    or f"{data_type} column of {schema}.{table}",
                    removed=removed_at is not None
                    or table_removed_at is not None
                    or schema_removed_at is not None,
                ),
            )


def _column_dependents(ids):
    """A table's document holds its columns' names and descriptions: reindex the tables too."""
    # IdsIn: a crawl's changed columns (up to 20,000) would otherwise be as many parameters.
    table_ids = set(Column.objects.filter(IdsIn("pk", ids)).values_list("table_id", flat=True))
    return [(Table, sorted(table_ids))]


def _visible_sources(user, ids):
    return set(DataSource.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


register_category(Category("data", "Data", order=10))
register_asset_type(
    AssetType(
        DataSource, "data", build_sources, {"source": 1.0}, {"source": "Source"}, visible=_visible_sources
    )
)
register_asset_type(AssetType(Schema, "data", build_schemas, {"schema": 0.9}, {"schema": "Schema"}))
register_asset_type(
    AssetType(
        Table,
        "data",
        build_tables,
        {"table": 1.0, "view": 1.0, "materialized_view": 1.0},
        {"table": "Table", "view": "View", "materialized_view": "Materialized view"},
    )
)
register_asset_type(
    AssetType(
        Column, "data", build_columns, {"column": 0.6}, {"column": "Column"}, dependents=_column_dependents
    )
)

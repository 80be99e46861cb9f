"""Lineage from query history: the INSERT … SELECT and CREATE TABLE … AS an app saw run on a source.

The usage app reads query logs and hands over each new writing statement through the catalog's
`queries_observed` signal; the permission was checked where the log came in (ingesting needs the
Contributor role), so this records as the system, with origin "query history".
"""

from catalog.engines import dialect_for_source
from catalog.models import Table
from lineage.extraction import SchemaResolver, extract_lineage
from lineage.models import LineageStatement, Origin
from lineage.names import CatalogNames
from lineage.services.record import statements_record

MAX_STATEMENTS = 10_000  # one call's bound; a log's new writing shapes are far fewer
MAX_SQL_CHARS = 100_000


def query_history_lineage_record(*, source, statements: list[tuple[str, str | None]]) -> int:
    """Record the lineage of the writing statements among (sql, default_schema) pairs, each once per
    source however often it is handed over. Returns how many statements were recorded.

    Statements that read only, or do not parse, carry no lineage and are left out: the usage app
    already keeps unparseable executions with their error."""
    dialect = dialect_for_source(source)
    names = CatalogNames.for_tables(Table.objects.filter(source=source))
    # One resolver for every statement: building it per statement is O(statements × columns).
    resolver = SchemaResolver(names.schema)
    results = []
    for sql, default_schema in statements[:MAX_STATEMENTS]:
        if len(sql) <= MAX_SQL_CHARS:
            found = extract_lineage(sql, dialect, default_schema=default_schema, schema=resolver)
            results.extend(result for result in found if result.target and not result.error)
    known = set(
        LineageStatement.objects.filter(
            source=source, origin=Origin.QUERY, sql__in=[result.sql for result in results]
        ).values_list("sql", flat=True)
    )
    fresh = list({result.sql: result for result in results if result.sql not in known}.values())
    if fresh:
        statements_record(results=fresh, origin=Origin.QUERY, names=names, dialect=dialect, source=source)
    return len(fresh)

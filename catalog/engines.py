"""What the catalog knows of source engines and SQL dialects, for its pages and for the apps built on
it (lineage and usage parse a source's SQL in its dialect). Everything here is read from the
connector registry (catalog/connectors/registry.py), so a new engine shows up without a change here.

    engine_choices()           (engine, label) of every registered connector: DataSource.engine's choices
    engine_label(engine)       "PostgreSQL"
    example_urls()             one example URL per engine that has one, for the source form
    dialect_for_source(src)    the sqlglot dialect of a source's SQL (its connector's, else "postgres")
    sql_dialects()             (dialect, label) of every sqlglot dialect, the sources' ones first: what
                               users may pick when they paste SQL
"""

from __future__ import annotations

from catalog.connectors import ConnectorError, connector_for_engine, engine_choices, registered

__all__ = [
    "DEFAULT_DIALECT",
    "dialect_for_source",
    "dialect_for_url",
    "engine_choices",
    "engine_label",
    "example_urls",
    "sql_dialects",
]

DEFAULT_DIALECT = "postgres"

# Readable names of sqlglot's dialects; one missing here is shown as sqlglot names it, capitalised.
DIALECT_LABELS = {
    "postgres": "PostgreSQL",
    "mysql": "MySQL / MariaDB",
    "sqlite": "SQLite",
    "snowflake": "Snowflake",
    "bigquery": "BigQuery",
    "redshift": "Redshift",
    "tsql": "SQL Server (T-SQL)",
    "oracle": "Oracle",
    "databricks": "Databricks",
    "spark": "Spark SQL",
    "spark2": "Spark 2 SQL",
    "hive": "Hive",
    "trino": "Trino",
    "presto": "Presto",
    "duckdb": "DuckDB",
    "clickhouse": "ClickHouse",
    "athena": "Athena",
    "doris": "Doris",
    "dremio": "Dremio",
    "drill": "Drill",
    "druid": "Druid",
    "dune": "Dune",
    "exasol": "Exasol",
    "fabric": "Microsoft Fabric",
    "materialize": "Materialize",
    "risingwave": "RisingWave",
    "singlestore": "SingleStore",
    "starrocks": "StarRocks",
    "teradata": "Teradata",
}
# sqlglot dialects that do not read SQL statements (a query language of their own).
NOT_SQL = frozenset({"", "dax", "prql", "solr", "tableau"})


def engine_label(engine: str) -> str:
    try:
        return connector_for_engine(engine).label
    except ConnectorError:
        return engine


def example_urls() -> list[str]:
    return [cls.example_url for cls in registered() if cls.example_url]


def dialect_for_url(engine: str, url: str) -> str:
    try:
        connector = connector_for_engine(engine)
    except ConnectorError:
        return DEFAULT_DIALECT
    return connector.sql_dialect_for(url) or DEFAULT_DIALECT


def dialect_for_source(source) -> str:
    """The sqlglot dialect of the SQL a source stores (views) and runs (query history)."""
    return dialect_for_url(source.engine, source.url)


def _sqlglot_dialects() -> list[str]:
    from sqlglot.dialects.dialect import Dialect, Dialects  # noqa: PLC0415 - only pages that list them

    names = [d.value for d in Dialects if d.value not in NOT_SQL]
    # Dialects registered with sqlglot by plugins (a new engine may bring one) are listed too.
    names += sorted(set(getattr(Dialect, "classes", {})) - set(names) - NOT_SQL)
    return names


def sql_dialects() -> list[tuple[str, str]]:
    """Every SQL dialect sqlglot reads, as (name, label): the registered engines' first, then the rest."""
    available = _sqlglot_dialects()
    first: list[str] = []
    for cls in registered():
        for dialect in [cls.sql_dialect, *getattr(cls, "dialect_sql_dialects", {}).values()]:
            if dialect and dialect in available and dialect not in first:
                first.append(dialect)
    rest = sorted((d for d in available if d not in first), key=lambda d: _label(d).lower())
    return [(d, _label(d)) for d in [*first, *rest]]


def _label(dialect: str) -> str:
    return DIALECT_LABELS.get(dialect, dialect.capitalize())

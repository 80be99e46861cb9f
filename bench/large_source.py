"""Generator of large PostgreSQL sources for the crawl benchmark.

    .venv/bin/python -m bench.large_source postgresql://postgres@127.0.0.1:5432/big --tables 10000

Layout, deterministic for a given spec: ``schemas`` schemas ``s000``… each with ``tables_per_schema``
tables ``t00000``… of 20 columns (``id`` primary key, ``parent_id`` a foreign key to the previous table
of the schema, 18 columns cycling through common types), a comment on every table and on every
``COMMENT_EVERY``-th column, ``rows`` rows each, and one view ``vNNNNN`` of 8 columns over every
``VIEW_EVERY``-th table. 10,000 tables make 500 views, 10,500 relations and 204,000 columns.

Fast on purpose: one multi-statement DDL string per schema, one COPY per table, ANALYZE per schema,
schemas built on two connections in parallel.
"""

from __future__ import annotations

import argparse
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg

COLUMNS_PER_TABLE = 20
VIEW_COLUMNS = 8
VIEW_EVERY = 20
COMMENT_EVERY = 4
# Types of columns 3..20; the values of each are made by _value below.
TYPES = [
    "text",
    "varchar(40)",
    "numeric(12,2)",
    "bigint",
    "timestamp",
    "boolean",
    "date",
    "double precision",
    "integer",
] * 2


@dataclass(frozen=True)
class Spec:
    schemas: int
    tables_per_schema: int
    rows: int = 20

    @classmethod
    def for_tables(cls, tables: int, *, per_schema: int = 200, rows: int = 20) -> Spec:
        schemas = max(1, math.ceil(tables / per_schema))
        return cls(schemas=schemas, tables_per_schema=max(1, tables // schemas), rows=rows)

    @property
    def tables(self) -> int:
        return self.schemas * self.tables_per_schema

    @property
    def views_per_schema(self) -> int:
        return len(range(0, self.tables_per_schema, VIEW_EVERY))

    def expected(self) -> dict[str, int]:
        """What a crawl of the generated source must find."""
        views = self.schemas * self.views_per_schema
        commented_columns = len(range(0, COLUMNS_PER_TABLE, COMMENT_EVERY))
        return {
            "schemas": self.schemas,
            "tables": self.tables,
            "views": views,
            "relations": self.tables + views,
            "columns": self.tables * COLUMNS_PER_TABLE + views * VIEW_COLUMNS,
            "primary_keys": self.tables,
            "foreign_keys": self.schemas * (self.tables_per_schema - 1),
            "table_comments": self.tables + views,
            "column_comments": self.tables * commented_columns,
            "rows_per_table": self.rows,
        }


def schema_name(s: int) -> str:
    return f"s{s:03d}"


def table_name(i: int) -> str:
    return f"t{i:05d}"


def view_name(i: int) -> str:
    return f"v{i:05d}"


def column_names() -> list[str]:
    typed = [f"c{k:02d}_{TYPES[k - 3].split('(')[0].replace(' ', '_')}" for k in range(3, 21)]
    return ["id", "parent_id", *typed]


def schema_ddl(spec: Spec, s: int) -> str:
    """One string of every statement creating schema ``s``: tables, keys, views and comments."""
    schema = schema_name(s)
    names = column_names()
    out = [f"CREATE SCHEMA {schema};", f"COMMENT ON SCHEMA {schema} IS 'Generated schema {s}';"]
    for i in range(spec.tables_per_schema):
        table = f"{schema}.{table_name(i)}"
        parent = f" REFERENCES {schema}.{table_name(i - 1)} (id)" if i else ""
        cols = ["id integer NOT NULL PRIMARY KEY", f"parent_id integer{parent}"]
        cols += [f"{names[k - 1]} {TYPES[k - 3]}{' NOT NULL' if k % 5 == 0 else ''}" for k in range(3, 21)]
        out.append(f"CREATE TABLE {table} ({', '.join(cols)});")
        out.append(f"COMMENT ON TABLE {table} IS 'Table {i} of schema {s}: generated for the benchmark';")
        for k in range(0, COLUMNS_PER_TABLE, COMMENT_EVERY):
            out.append(f"COMMENT ON COLUMN {table}.{names[k]} IS 'Column {names[k]} of {table_name(i)}';")
    for i in range(0, spec.tables_per_schema, VIEW_EVERY):
        view = f"{schema}.{view_name(i)}"
        picked = ", ".join(names[:VIEW_COLUMNS])
        out.append(f"CREATE VIEW {view} AS SELECT {picked} FROM {schema}.{table_name(i)} WHERE id > 0;")
        out.append(f"COMMENT ON VIEW {view} IS 'View over {table_name(i)}';")
    return "\n".join(out)


def _value(k: int, r: int, s: int, i: int) -> str:
    """COPY text of column k (1-based) in row r (0-based) of table i of schema s."""
    if k == 1:
        return str(r + 1)
    if k == 2:
        return str(r + 1) if i else "\\N"
    kind = TYPES[k - 3]
    if k % 5 != 0 and (r + k) % 7 == 0:
        return "\\N"  # some NULLs in nullable columns
    if kind == "text":
        return f"value {r} of {s}.{i}"
    if kind == "varchar(40)":
        return f"name {(r * k) % 9}"
    if kind == "numeric(12,2)":
        return f"{(r * 37 + k) % 1000 + 0.25:.2f}"
    if kind == "bigint":
        return str(r * 1000 + k + i)
    if kind == "timestamp":
        return f"2024-{(r % 12) + 1:02d}-{(k % 28) + 1:02d} {r % 24:02d}:30:00"
    if kind == "boolean":
        return "t" if (r + k) % 2 else "f"
    if kind == "date":
        return f"2023-{(k % 12) + 1:02d}-{(r % 28) + 1:02d}"
    if kind == "double precision":
        return repr(r / 3 + k)
    return str((r + k) % 5)


def table_rows(spec: Spec, s: int, i: int) -> str:
    """COPY text (tab-separated, one line per row) of table i of schema s."""
    columns = range(1, COLUMNS_PER_TABLE + 1)
    return "".join("\t".join(_value(k, r, s, i) for k in columns) + "\n" for r in range(spec.rows))


def build_schema(url: str, spec: Spec, s: int) -> None:
    schema = schema_name(s)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(schema_ddl(spec, s))  # no parameters: one simple-query round trip
        with conn.transaction(), conn.cursor() as cur:
            for i in range(spec.tables_per_schema):  # in order: each table's FK points at the one before
                with cur.copy(f"COPY {schema}.{table_name(i)} FROM STDIN") as copy:
                    copy.write(table_rows(spec, s, i))
        tables = ", ".join(f"{schema}.{table_name(i)}" for i in range(spec.tables_per_schema))
        conn.execute(f"ANALYZE {tables}")


def build(url: str, spec: Spec, *, workers: int = 2) -> float:
    """Create every schema of ``spec`` in the (empty) database at ``url``; returns seconds taken."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(build_schema, url, spec, s) for s in range(spec.schemas)]:
            future.result()
    return time.perf_counter() - start


def create_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="an empty PostgreSQL database")
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=20)
    args = parser.parse_args(argv)
    spec = Spec.for_tables(args.tables, rows=args.rows)
    seconds = build(args.url, spec)
    print(f"built {spec.expected()} in {seconds:.1f}s")


if __name__ == "__main__":
    main()

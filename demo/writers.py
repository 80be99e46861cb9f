"""Writers that materialise the demo :class:`~demo.data.Dataset` on SQLite, PostgreSQL and MariaDB/MySQL.

Every writer is idempotent: building again replaces the previous content.

* SQLite: one file per schema (``DIR/<schema>.sqlite``), built in a sibling temp directory and
  moved into place with ``os.replace`` so a half-built file is never visible.
* PostgreSQL: one schema per demo schema inside the database of the URL, (re)built in a single
  transaction (``DROP SCHEMA ... CASCADE`` + ``CREATE``) so readers see the old or the new content.
* MariaDB/MySQL: one database per demo schema (``<prefix><schema>``), dropped and recreated.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from demo.data import Dataset, Table, generate

_PARAM = re.compile(r"^(\w+)(\(.*\))?$")


def _split_type(logical: str) -> tuple[str, str]:
    m = _PARAM.match(logical)
    if not m:
        raise ValueError(f"bad logical type {logical!r}")
    return m.group(1), m.group(2) or ""


def sql_type(logical: str, engine: str) -> str:
    """Map a logical column type (``int``, ``varchar(50)``, ``numeric(12,2)``, ...) to an engine type."""
    base, args = _split_type(logical)
    if engine == "postgres":
        return {"int": "integer"}.get(base, base) + args
    if engine == "mysql":
        return {"int": "INT", "numeric": "DECIMAL", "timestamp": "DATETIME"}.get(base, base.upper()) + args
    if engine == "sqlite":
        return "INTEGER" if base == "int" else base.upper() + args
    raise ValueError(f"unknown engine {engine!r}")


def _column_lines(table: Table, engine: str, quote) -> list[str]:
    lines = []
    for col in table.columns:
        line = f"{quote(col.name)} {sql_type(col.type, engine)}{'' if col.nullable else ' NOT NULL'}"
        if engine == "mysql" and col.comment:
            line += f" COMMENT {_sql_literal(col.comment)}"
        lines.append(line)
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(quote(c) for c in table.primary_key)})")
    for fk in table.foreign_keys:
        lines.append(
            f"CONSTRAINT {quote('fk_' + table.name + '_' + '_'.join(fk.columns))} "
            f"FOREIGN KEY ({', '.join(quote(c) for c in fk.columns)}) "
            f"REFERENCES {quote(fk.ref_table)} ({', '.join(quote(c) for c in fk.ref_columns)})"
        )
    return lines


def _sql_literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _dq(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bq(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


# --------------------------------------------------------------------------- SQLite
def _sqlite_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_create_table(table: Table) -> str:
    # SQLite has no COMMENT; descriptions are kept as SQL comments in the stored CREATE text.
    body = _column_lines(table, "sqlite", _dq)
    comments = {c.name: c.comment for c in table.columns}
    out = []
    for i, line in enumerate(body):
        sep = "," if i < len(body) - 1 else ""
        col = table.columns[i].name if i < len(table.columns) else None
        out.append(f"  {line}{sep}" + (f" -- {comments[col]}" if col and comments[col] else ""))
    return f"CREATE TABLE {_dq(table.name)} ( -- {table.comment}\n" + "\n".join(out) + "\n)"


def _write_sqlite_schema(path: Path, dataset: Dataset, schema: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        for table in dataset.tables_in(schema):
            conn.execute(_sqlite_create_table(table))
            for ix_name, cols in table.indexes:
                cols_sql = ", ".join(map(_dq, cols))
                conn.execute(f"CREATE INDEX {_dq(ix_name)} ON {_dq(table.name)} ({cols_sql})")
            marks = ", ".join("?" * len(table.columns))
            conn.executemany(
                f"INSERT INTO {_dq(table.name)} ({', '.join(map(_dq, table.column_names))}) VALUES ({marks})",  # noqa: S608
                ([_sqlite_value(v) for v in row] for row in table.rows),
            )
        for view in dataset.views_in(schema):
            conn.execute(f"CREATE VIEW {_dq(view.name)} AS {view.sql}")
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()


def build_sqlite(directory: str | os.PathLike, dataset: Dataset | None = None) -> list[Path]:
    """Write ``DIR/<schema>.sqlite`` for every schema; returns the file paths."""
    dataset = dataset or generate()
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}-build-", dir=directory.parent))
    try:
        for schema in dataset.schemas:
            _write_sqlite_schema(tmp / f"{schema}.sqlite", dataset, schema)
        paths = []
        for schema in dataset.schemas:
            target = directory / f"{schema}.sqlite"
            os.replace(tmp / f"{schema}.sqlite", target)
            paths.append(target)
        return paths
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- PostgreSQL
def _pg_url(url: str) -> str:
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)


def ensure_postgres_database(url: str) -> None:
    """Create the database named in ``url`` if it does not exist (connects to the ``postgres`` db)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(_pg_url(url))
    dbname = params.get("dbname") or "postgres"
    with psycopg.connect(make_conninfo(**{**params, "dbname": "postgres"}), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def build_postgres(url: str, dataset: Dataset | None = None, create_database: bool = True) -> list[str]:
    """(Re)create the demo schemas in the PostgreSQL database at ``url``; returns the schema names."""
    import psycopg
    from psycopg import sql

    dataset = dataset or generate()
    if create_database:
        ensure_postgres_database(url)
    ident = sql.Identifier
    with psycopg.connect(_pg_url(url)) as conn, conn.cursor() as cur:  # one transaction, committed on exit
        for schema, comment in dataset.schemas.items():
            cur.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident(schema)))
            cur.execute(sql.SQL("CREATE SCHEMA {}").format(ident(schema)))
            cur.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(ident(schema), sql.Literal(comment)))
            cur.execute(sql.SQL("SET LOCAL search_path TO {}").format(ident(schema)))
            for table in dataset.tables_in(schema):
                cur.execute(
                    f"CREATE TABLE {_dq(schema)}.{_dq(table.name)} ("
                    + ", ".join(_column_lines(table, "postgres", _dq))
                    + ")"
                )
                cols = sql.SQL(", ").join(map(ident, table.column_names))
                with cur.copy(
                    sql.SQL("COPY {}.{} ({}) FROM STDIN").format(ident(schema), ident(table.name), cols)
                ) as copy:
                    for row in table.rows:
                        copy.write_row(row)
                for ix_name, ix_cols in table.indexes:
                    cur.execute(
                        sql.SQL("CREATE INDEX {} ON {}.{} ({})").format(
                            ident(ix_name),
                            ident(schema),
                            ident(table.name),
                            sql.SQL(", ").join(map(ident, ix_cols)),
                        )
                    )
                cur.execute(
                    sql.SQL("COMMENT ON TABLE {}.{} IS {}").format(
                        ident(schema), ident(table.name), sql.Literal(table.comment)
                    )
                )
                for col in table.columns:
                    cur.execute(
                        sql.SQL("COMMENT ON COLUMN {}.{}.{} IS {}").format(
                            ident(schema), ident(table.name), ident(col.name), sql.Literal(col.comment)
                        )
                    )
                cur.execute(sql.SQL("ANALYZE {}.{}").format(ident(schema), ident(table.name)))
            for view in dataset.views_in(schema):
                cur.execute(f"CREATE VIEW {_dq(schema)}.{_dq(view.name)} AS {view.sql}")
                cur.execute(
                    sql.SQL("COMMENT ON VIEW {}.{} IS {}").format(
                        ident(schema), ident(view.name), sql.Literal(view.comment)
                    )
                )
            cur.execute("RESET search_path")
    return list(dataset.schemas)


# --------------------------------------------------------------------------- MariaDB / MySQL
def mysql_connect_params(url: str) -> dict:
    """PyMySQL connect() keyword arguments for ``mysql://user:pass@host:port/`` (database part ignored)."""
    parts = urlsplit(url)
    if not re.match(r"^(mysql|mariadb)(\+\w+)?$", parts.scheme):
        raise ValueError(f"not a MySQL/MariaDB URL: {url!r}")
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "charset": "utf8mb4",
    }


def build_mysql(url: str, dataset: Dataset | None = None, prefix: str = "") -> list[str]:
    """(Re)create one database per demo schema, named ``prefix + schema``; returns the database names."""
    import pymysql

    dataset = dataset or generate()
    conn = pymysql.connect(**mysql_connect_params(url), autocommit=True)
    created = []
    try:
        with conn.cursor() as cur:
            for schema, comment in dataset.schemas.items():
                db = prefix + schema
                cur.execute(f"DROP DATABASE IF EXISTS {_bq(db)}")
                create = f"CREATE DATABASE {_bq(db)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                try:  # database comments exist on MariaDB >= 10.5 only
                    cur.execute(f"{create} COMMENT {_sql_literal(comment)}")
                except pymysql.err.ProgrammingError:
                    cur.execute(create)
                cur.execute(f"USE {_bq(db)}")
                for table in dataset.tables_in(schema):
                    body = ", ".join(_column_lines(table, "mysql", _bq))
                    cur.execute(
                        f"CREATE TABLE {_bq(table.name)} ({body}) ENGINE=InnoDB "
                        f"COMMENT={_sql_literal(table.comment)}"
                    )
                    for ix_name, cols in table.indexes:
                        cols_sql = ", ".join(map(_bq, cols))
                        cur.execute(f"CREATE INDEX {_bq(ix_name)} ON {_bq(table.name)} ({cols_sql})")
                    insert = (
                        f"INSERT INTO {_bq(table.name)} ({', '.join(map(_bq, table.column_names))}) "  # noqa: S608
                        f"VALUES ({', '.join(['%s'] * len(table.columns))})"
                    )
                    cur.execute("BEGIN")
                    for start in range(0, len(table.rows), 1000):
                        cur.executemany(insert, table.rows[start : start + 1000])
                    cur.execute("COMMIT")
                    cur.execute(f"ANALYZE TABLE {_bq(table.name)}")
                    cur.fetchall()
                for view in dataset.views_in(schema):
                    cur.execute(f"CREATE VIEW {_bq(view.name)} AS {view.sql}")
                created.append(db)
    finally:
        conn.close()
    return created


def build_all(sqlite_dir: str | os.PathLike, querylog_path: str | os.PathLike | None = None) -> dict:
    """``make demo``: SQLite files in ``sqlite_dir`` plus the query log.

    The query log goes to ``querylog_path`` (default ``sqlite_dir/querylog.jsonl``).  Returns
    ``{"sqlite_files": [Path, ...], "querylog": Path, "querylog_entries": int}``.
    """
    from demo.querylog import write_query_log

    dataset = generate()
    files = build_sqlite(sqlite_dir, dataset)
    log_path = Path(querylog_path) if querylog_path else Path(sqlite_dir) / "querylog.jsonl"
    count = write_query_log(log_path)
    return {"sqlite_files": files, "querylog": log_path, "querylog_entries": count}

"""Real source databases with the contract schema, on every engine.

Session-scoped: PostgreSQL and MariaDB databases named catalog_src_<random> and a directory of SQLite
files are created once and dropped at the end. No Django test database is involved.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg
import pymysql
import pytest

from catalog.connectors import ConnectionConfig, get_connector, parse_source_url

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ODD_TABLE = 'we"ird; name'
QUOTED = "quote'd"
ODD_COLUMNS = [
    "id",
    "Mixed Case",
    "semi;colon",
    "quote'd",
    "ünïcödé",
    "back`tick",
    "parent_id",
    "customer_id",
]
ODD_ROWS = [
    [1, "Alpha", 10, "it's", "ß", "b`1", None, 1],
    [2, "Beta", 20, 'o"k', "ü", "b`2", 1, 2],
    [3, None, 30, "x;y", "é", None, 1, None],
]


def dq(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bq(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def lit(value: object) -> str:
    return (
        "NULL"
        if value is None
        else str(value)
        if isinstance(value, int)
        else "'" + str(value).replace("'", "''") + "'"
    )


@dataclass
class Source:
    """One engine's contract database, and what that engine can express."""

    label: str
    config: ConnectionConfig
    sales: str  # actual schema name playing "sales"
    odd: str  # actual schema name playing the hostile schema
    quote: Callable[[str], str]
    types: dict[str, str]  # "customers.id" / "customers.email" -> expected data_type
    # comments schema_comments matview row_counts sizes stats cross_fk bulk
    features: set[str] = field(default_factory=set)
    bulk: tuple[str, str] | None = None  # schemas with 3 and with 60 tables
    down: tuple[ConnectionConfig, str] | None = None  # a source that cannot be reached + expected code

    def connect(self, **kwargs):
        return get_connector(self.config.engine)(self.config, **kwargs)


def contract_ddl(
    q, sales: str, odd: str, *, comments: str | None, matview: bool, cross_fk: bool
) -> list[str]:
    s, o = q(sales), q(odd)
    c = (lambda text: f" COMMENT '{text}'") if comments == "mysql" else (lambda text: "")
    ddl = [
        f"CREATE TABLE {s}.customers (id integer PRIMARY KEY,"
        f" email varchar(100) NOT NULL{c('Contact e-mail')},"
        " name text, status varchar(20) NOT NULL DEFAULT 'open', region varchar(20),"
        f" CONSTRAINT customers_email_region UNIQUE (email, region)){c('Customers of the shop')}",
        f"CREATE TABLE {s}.orders (id integer PRIMARY KEY, customer_id integer NOT NULL,"
        f" amount numeric(10,2) NOT NULL DEFAULT 0, created date,"
        f" CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES {s}.customers (id))",
        f"CREATE VIEW {s}.order_totals AS SELECT customer_id, sum(amount) AS total FROM {s}.orders"
        " GROUP BY customer_id",
        f"CREATE TABLE {o}.{q(ODD_TABLE)} ({q('id')} integer PRIMARY KEY, {q('Mixed Case')} text,"
        f" {q('semi;colon')} integer, {q(QUOTED)} text, {q('ünïcödé')} text,"
        f" {q('back`tick')} text, parent_id integer, customer_id integer,"
        f" FOREIGN KEY (parent_id) REFERENCES {o}.{q(ODD_TABLE)} (id)"
        + (f", FOREIGN KEY (customer_id) REFERENCES {s}.customers (id))" if cross_fk else ")"),
        f"INSERT INTO {s}.customers (id, email, name, status, region)"
        " VALUES (1, 'a@x.io', 'Ann', 'open', 'north'),"
        " (2, 'b@x.io', NULL, 'closed', 'south'), (3, 'c@x.io', 'Cy', 'open', 'north')",
        f"INSERT INTO {s}.orders (id, customer_id, amount, created) VALUES (1, 1, 10.50, '2024-01-05'),"
        " (2, 1, 4.25, '2024-02-01'), (3, 2, 99.99, NULL), (4, 3, 0, '2024-03-09')",
        f"INSERT INTO {o}.{q(ODD_TABLE)} VALUES "
        + ", ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in ODD_ROWS),
    ]
    if comments == "pg":
        ddl += [
            f"COMMENT ON TABLE {s}.customers IS 'Customers of the shop'",
            f"COMMENT ON COLUMN {s}.customers.email IS 'Contact e-mail'",
            f"COMMENT ON SCHEMA {s} IS 'The shop''s sales'",
        ]
    if matview:
        ddl.append(
            f"CREATE MATERIALIZED VIEW {s}.order_counts AS SELECT customer_id, count(*) AS n"
            f" FROM {s}.orders GROUP BY customer_id"
        )
    return ddl


def bulk_ddl(q, schema: str, count: int) -> list[str]:
    return [
        f"CREATE TABLE {q(schema)}.t{i} (id integer PRIMARY KEY, u integer UNIQUE, ref integer,"
        f" FOREIGN KEY (ref) REFERENCES {q(schema)}.t0 (id))"
        for i in range(count)
    ]


@pytest.fixture(scope="session")
def pg_source() -> Iterator[Source]:
    name = f"catalog_src_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    sales, odd = "sales", 'Odd "Schema"; x'
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}", autocommit=True) as conn:
            for schema in (sales, odd, "bulk_small", "bulk_large"):
                conn.execute(f"CREATE SCHEMA {dq(schema)}")
            for stmt in (
                contract_ddl(dq, sales, odd, comments="pg", matview=True, cross_fk=True)
                + bulk_ddl(dq, "bulk_small", 3)
                + bulk_ddl(dq, "bulk_large", 60)
            ):
                conn.execute(stmt)
            conn.execute("ANALYZE")
        config = parse_source_url(f"postgresql://postgres@127.0.0.1:5432/{name}")
        yield Source(
            "postgresql",
            config,
            sales,
            odd,
            dq,
            {"customers.id": "integer", "customers.email": "character varying(100)"},
            {"comments", "schema_comments", "matview", "row_counts", "sizes", "stats", "cross_fk", "bulk"},
            ("bulk_small", "bulk_large"),
            (replace(config, port=1), "unreachable"),
        )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def mysql_admin() -> Iterator[pymysql.Connection]:
    conn = pymysql.connect(host="127.0.0.1", user="root", password="", autocommit=True, charset="utf8mb4")
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def mysql_source(mysql_admin) -> Iterator[Source]:
    prefix = f"catalog_src_{secrets.token_hex(4)}"
    sales, odd, small, large = f"{prefix}_sales", f'{prefix}_Odd "S"; x', f"{prefix}_bs", f"{prefix}_bl"
    cur = mysql_admin.cursor()
    try:
        for db in (sales, odd, small, large):
            cur.execute(f"CREATE DATABASE {bq(db)} CHARACTER SET utf8mb4")
        for stmt in (
            contract_ddl(bq, sales, odd, comments="mysql", matview=False, cross_fk=True)
            + bulk_ddl(bq, small, 3)
            + bulk_ddl(bq, large, 60)
        ):
            cur.execute(stmt)
        cur.execute(f"ANALYZE TABLE {bq(sales)}.customers, {bq(sales)}.orders")
        cur.fetchall()
        config = parse_source_url("mysql://root@127.0.0.1:3306")
        yield Source(
            "mysql",
            config,
            sales,
            odd,
            bq,
            {"customers.id": "int(11)", "customers.email": "varchar(100)"},
            {"comments", "row_counts", "sizes", "cross_fk", "bulk"},
            (small, large),
            (replace(config, port=1), "unreachable"),
        )
    finally:
        cur.execute("SET SESSION foreign_key_checks = 0")  # the cross-database FK would block the drop order
        for db in (sales, odd, small, large):
            cur.execute(f"DROP DATABASE IF EXISTS {bq(db)}")


def _sqlite_file(path: Path, statements: list[str]) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        for stmt in statements:
            conn.execute(stmt)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def sqlite_dir(tmp_path_factory) -> Path:
    """The directory form: one file per schema (sales, the hostile one, two bulk schemas)."""
    root = tmp_path_factory.mktemp("sqlite_src")
    odd = "Odd 'Schema'; x"
    # Each file is its own database: create the tables under a throwaway attach name, then detach.
    for stem, ddl in [
        (
            "sales",
            [
                s
                for s in contract_ddl(dq, "s", "o", comments=None, matview=False, cross_fk=False)
                if '"o".' not in s
            ],
        ),
        (
            odd,
            [
                s
                for s in contract_ddl(dq, "s", "o", comments=None, matview=False, cross_fk=False)
                if '"o".' in s
            ],
        ),
        ("bulk_small", bulk_ddl(dq, "b", 3)),
        ("bulk_large", bulk_ddl(dq, "b", 60)),
    ]:
        _sqlite_file(root / f"{stem}.sqlite", [_unqualify(s) for s in ddl] + ["ANALYZE"])
    return root


def _unqualify(stmt: str) -> str:
    for prefix in ('"s".', '"o".', '"b".'):
        stmt = stmt.replace(prefix, "")
    return stmt


@pytest.fixture(scope="session")
def sqlite_source(sqlite_dir) -> Source:
    config = parse_source_url(f"sqlite://{sqlite_dir}")
    return Source(
        "sqlite",
        config,
        "sales",
        "Odd 'Schema'; x",
        dq,
        {"customers.id": "INTEGER", "customers.email": "varchar(100)"},
        {"row_counts", "sizes", "bulk"},
        ("bulk_small", "bulk_large"),
        (parse_source_url(f"sqlite://{sqlite_dir}/missing.sqlite"), "database_missing"),
    )


@pytest.fixture(scope="session")
def sqlalchemy_sqlite_source(tmp_path_factory) -> Source:
    """One SQLite file through SQLAlchemy: both logical schemas live in "main" (cross FK included)."""
    path = tmp_path_factory.mktemp("sa_sqlite") / "generic.sqlite"
    ddl = contract_ddl(dq, "s", "o", comments=None, matview=False, cross_fk=True)
    _sqlite_file(path, [_unqualify(s) for s in ddl])
    config = parse_source_url(f"sqlite+pysqlite://{path}")
    return Source(
        "sqlalchemy-sqlite",
        config,
        "main",
        "main",
        dq,
        {"customers.id": "INTEGER", "customers.email": "VARCHAR(100)"},
        {"cross_fk"},
        None,
        (parse_source_url(f"sqlite+pysqlite://{path}.missing"), "database_missing"),
    )


@pytest.fixture(scope="session")
def sqlalchemy_pg_source(pg_source) -> Source:
    """The PostgreSQL contract database again, through SQLAlchemy's psycopg dialect."""
    config = parse_source_url(
        pg_source.config.url.replace("postgresql://", "sqlalchemy+postgresql+psycopg://")
    )
    assert config.engine == "sqlalchemy"
    return Source(
        "sqlalchemy-postgresql",
        config,
        pg_source.sales,
        pg_source.odd,
        dq,
        {"customers.id": "INTEGER", "customers.email": "VARCHAR(100)"},
        {"comments", "matview", "cross_fk", "bulk"},
        pg_source.bulk,
        (parse_source_url("sqlalchemy+postgresql+psycopg://postgres@127.0.0.1:1/postgres"), "unreachable"),
    )


SOURCES = ["postgresql", "mysql", "sqlite", "sqlalchemy-sqlite", "sqlalchemy-postgresql"]
FIXTURES = {
    "postgresql": "pg_source",
    "mysql": "mysql_source",
    "sqlite": "sqlite_source",
    "sqlalchemy-sqlite": "sqlalchemy_sqlite_source",
    "sqlalchemy-postgresql": "sqlalchemy_pg_source",
}


@pytest.fixture(params=SOURCES)
def source(request) -> Source:
    return request.getfixturevalue(FIXTURES[request.param])


@pytest.fixture
def connector(source):
    with source.connect() as conn:
        yield conn

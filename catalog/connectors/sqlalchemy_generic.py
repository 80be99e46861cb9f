"""Generic connector for any SQLAlchemy dialect the operator installed (snowflake://, mssql+pyodbc://...).

Uses the Inspector's multi-table methods per schema, which dialects with bulk reflection (PostgreSQL,
Oracle, MSSQL, Snowflake...) answer in a few queries; dialects without it (SQLite) fall back to SQLAlchemy's
per-table loop. Read-only is enforced in the session for PostgreSQL, MySQL and SQLite dialects; for the
others it rests on the login's privileges (use a read-only account). We only ever issue SELECTs.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine.reflection import ObjectKind

from .base import (
    CatalogSnapshot,
    ColumnRecord,
    Connector,
    ConnectorError,
    ConstraintRecord,
    TableRecord,
    network_error_message,
)
from .registry import connector_for_engine, engine_for_scheme, register_connector
from .sqlite import _uri

SYSTEM_SCHEMAS = {
    "information_schema",
    "pg_catalog",
    "pg_toast",
    "mysql",
    "performance_schema",
    "sys",
    "INFORMATION_SCHEMA",
    "guest",
    "temp",
}

TEXT_CODES = [  # (needle in lower-cased driver text, code), first match wins
    ("password authentication failed", "auth_failed"),
    ("access denied", "auth_failed"),
    ("login failed", "auth_failed"),
    ("authentication failed", "auth_failed"),
    ("unknown database", "database_missing"),
    ("unable to open database", "database_missing"),
    ("permission denied", "permission_denied"),
    ("readonly", "permission_denied"),
    ("read-only", "permission_denied"),
    ("read only", "permission_denied"),
    ("timeout", "timeout"),
    ("timed out", "timeout"),
    ("canceling statement", "timeout"),
    ("connection refused", "unreachable"),
    ("can't connect", "unreachable"),
    ("could not translate host", "unreachable"),
    ("failed to resolve", "unreachable"),
    ("name or service not known", "unreachable"),
    ("no route to host", "unreachable"),
]


def classify_text(text: str) -> str:
    low = text.lower()
    if "does not exist" in low and ("role" in low or "user" in low):
        return "auth_failed"
    if "does not exist" in low and "database" in low:
        return "database_missing"
    for needle, code in TEXT_CODES:
        if needle in low:
            return code
    return "failed"


def _end_transaction(conn: sa.Connection) -> None:
    """Roll back the implicit transaction: no long-lived snapshot or locks on the source, and a failed
    statement does not leave the connection unusable ("current transaction is aborted")."""
    try:
        conn.rollback()
    except Exception:  # a dead connection is reported by the statement that found it
        pass


@register_connector
class SQLAlchemyConnector(Connector):
    engine = "sqlalchemy"
    label = "Other (SQLAlchemy dialect)"
    generic = True  # reads any dialect[+driver]:// an installed SQLAlchemy dialect reads, or sqlalchemy+<url>
    # The generic connector hands options to SQLAlchemy/the dialect; keep to harmless, common ones.
    url_options = frozenset(
        {
            "sslmode",
            "charset",
            "warehouse",
            "role",
            "schema",
            "account",
            "encrypt",
            "trustservercertificate",
            "driver",
            "connect_timeout",
            "application_name",
        }
    )
    # Per SQLAlchemy dialect (the scheme before any "+driver"): the ports it usually listens on, and
    # the sqlglot dialect of its SQL. A dialect that a registered connector also reads (postgresql,
    # mysql…) takes that connector's ports and dialect. File-based dialects take a path, like SQLite.
    dialect_ports = {
        "mssql": "1433-1434",
        "oracle": "1521-1522",
        "redshift": "5439",
        "cockroachdb": "26257",
        "vertica": "5433",
        "clickhouse": "8123,8443,9000,9440",
        "trino": "443,8080,8443",
        "presto": "443,8080,8443",
        "hive": "10000",
        "snowflake": "443",
        "databricks": "443",
    }
    dialect_sql_dialects = {
        "snowflake": "snowflake",
        "bigquery": "bigquery",
        "mssql": "tsql",
        "oracle": "oracle",
        "redshift": "redshift",
        "databricks": "databricks",
        "trino": "trino",
        "presto": "presto",
        "duckdb": "duckdb",
        "clickhouse": "clickhouse",
        "hive": "hive",
        "spark": "spark",
    }
    file_dialects = ("sqlite",)

    @classmethod
    def _other(cls, dialect: str) -> type[Connector] | None:
        """The registered connector that reads this dialect's scheme itself (postgresql, mysql…)."""
        engine = engine_for_scheme(dialect)
        return connector_for_engine(engine) if engine and engine != cls.engine else None

    @classmethod
    def reads_path(cls, scheme: str) -> bool:
        return scheme.split("+")[0].lower() in cls.file_dialects

    @classmethod
    def usual_ports(cls, scheme: str) -> str:
        dialect = scheme.split("+")[0].lower()
        if dialect in cls.dialect_ports:
            return cls.dialect_ports[dialect]
        other = cls._other(dialect)
        return other.allowed_ports if other else ""

    @classmethod
    def sql_dialect_for(cls, url: str) -> str | None:
        dialect = url.split(":", 1)[0].split("+")[0].lower()
        if dialect in cls.dialect_sql_dialects:
            return cls.dialect_sql_dialects[dialect]
        other = cls._other(dialect)
        return other.sql_dialect if other else None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._engine: sa.Engine | None = None
        self._engine_lock = threading.Lock()

    @property
    def dialect(self) -> str:
        return self.config.url.split(":", 1)[0].split("+")[0].lower()

    def _make_engine(self) -> sa.Engine:
        c = self.config
        scheme = c.url.split(":", 1)[0]
        timeout_ms = int(self.statement_timeout_s * 1000)
        connect_args: dict[str, Any] = {}
        if self.dialect == "sqlite":
            path = c.database or ""
            engine = sa.create_engine(
                f"{scheme}://",
                creator=lambda: sqlite3.connect(
                    _uri(path), uri=True, check_same_thread=False, timeout=self.connect_timeout_s
                ),
            )

            @event.listens_for(engine, "connect")
            def _query_only(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.execute("PRAGMA query_only = 1")
        else:
            url = sa.engine.make_url(c.url).set(password=c.password)
            if self.dialect == "postgresql":
                connect_args = {
                    "connect_timeout": max(1, math.ceil(self.connect_timeout_s)),
                    "application_name": "datacatalog",
                    "options": f"-c default_transaction_read_only=on -c statement_timeout={timeout_ms}"
                    f" -c lock_timeout={min(timeout_ms, 5000)}",
                }
                if c.host_addr:
                    connect_args["hostaddr"] = c.host_addr
            elif self.dialect in ("mysql", "mariadb"):
                connect_args = {
                    "connect_timeout": max(1, math.ceil(self.connect_timeout_s)),
                    "init_command": "SET SESSION TRANSACTION READ ONLY",
                }
            engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=False)

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:  # every statement SQLAlchemy sends, reflection included
            with self._lock:
                self.queries_executed += 1

        return engine

    @property
    def engine_(self) -> sa.Engine:
        with self._engine_lock:
            if self._engine is None:
                try:
                    self._engine = self._make_engine()
                except sa.exc.NoSuchModuleError:
                    raise ConnectorError(
                        "driver_missing",
                        f"No SQLAlchemy dialect for {self.dialect!r}: install the package for "
                        f"dialect {self.dialect} (e.g. pip install {self.dialect}-sqlalchemy)",
                    ) from None
                except ImportError as exc:
                    raise ConnectorError(
                        "driver_missing",
                        f"The driver for dialect {self.dialect} is not installed:"
                        f" install the Python package {exc.name!r}",
                    ) from None
                except sa.exc.ArgumentError as exc:
                    raise ConnectorError("invalid_url", f"SQLAlchemy rejected the URL: {exc}") from None
            return self._engine

    def _connect(self) -> sa.Connection:
        return self.engine_.connect()

    def _run(self, conn: sa.Connection, sql: Any, params: Any) -> list[tuple]:
        stmt = sa.text(sql) if isinstance(sql, str) else sql
        try:
            result = conn.execute(stmt, params or {})
            return [tuple(r) for r in result] if result.returns_rows else []
        finally:
            _end_transaction(conn)

    def _query(self, sql: Any, params: Any = None, *, conn: Any = None) -> list[tuple]:
        try:  # counting happens in the before_cursor_execute hook
            return self._run(conn if conn is not None else self.conn, sql, params)
        except ConnectorError:
            raise
        except Exception as exc:
            raise self._classify(exc) from None

    def _classify(self, exc: BaseException) -> ConnectorError:
        orig = getattr(exc, "orig", None) or exc
        text = str(orig)
        return network_error_message(self, classify_text(text), text)

    def test_connection(self) -> None:
        self._query("SELECT 1 FROM dual" if self.dialect == "oracle" else "SELECT 1")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Reflection runs inside SQLAlchemy: classify its errors and always end the transaction."""
        try:
            yield
        except ConnectorError:
            raise
        except Exception as exc:
            raise self._classify(exc) from None
        finally:
            if self._conn is not None:
                _end_transaction(self._conn)

    def list_schemas(self) -> list[str]:
        with self._guard():
            names = sa.inspect(self.conn).get_schema_names()
        return [n for n in names if n not in SYSTEM_SCHEMAS and not n.startswith("pg_")]

    def fetch_catalog(self, schemas: list[str]) -> CatalogSnapshot:
        tables: list[TableRecord] = []
        with self._guard(), warnings.catch_warnings():
            # Dialects warn about names their DDL parsers cannot follow (SQLite with quoted names) and then
            # fall back to the catalog: noise for the crawl log, not a problem.
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            for schema in schemas:
                tables.extend(self._fetch_schema(sa.inspect(self.conn), schema))
        return CatalogSnapshot(schemas=list(schemas), tables=tables, profiles={})

    def _fetch_schema(self, insp: Any, schema: str) -> list[TableRecord]:
        def optional(fn: Any, *args: Any, **kw: Any) -> Any:
            try:
                return fn(*args, **kw)
            except NotImplementedError:  # e.g. comments or materialized views on dialects without them
                return {} if fn.__name__.startswith("get_multi") else []

        kinds = {name: "table" for name in insp.get_table_names(schema=schema)}
        kinds.update({name: "view" for name in insp.get_view_names(schema=schema)})
        kinds.update(
            {name: "materialized_view" for name in optional(insp.get_materialized_view_names, schema=schema)}
        )
        every = ObjectKind.ANY
        columns = insp.get_multi_columns(schema=schema, kind=every)
        pks = insp.get_multi_pk_constraint(schema=schema)
        fks = insp.get_multi_foreign_keys(schema=schema)
        uniques = optional(insp.get_multi_unique_constraints, schema=schema)
        comments = optional(insp.get_multi_table_comment, schema=schema, kind=every)
        records = []
        for name, kind in sorted(kinds.items()):
            key = (schema, name)
            pk = pks.get(key) or {}
            pk_cols = set(pk.get("constrained_columns") or ())
            cols = [  # primary-key columns are NOT NULL even where the dialect reflects them loosely (SQLite)
                ColumnRecord(
                    col["name"],
                    i,
                    self._type_name(col["type"]),
                    bool(col.get("nullable", True)) and col["name"] not in pk_cols,
                    None if col.get("default") is None else str(col["default"]),
                    col.get("comment"),
                )
                for i, col in enumerate(columns.get(key, []), start=1)
            ]
            cons = []
            if pk.get("constrained_columns"):
                cons.append(ConstraintRecord("primary", pk.get("name"), tuple(pk["constrained_columns"])))
            for uq in uniques.get(key, []):
                cons.append(ConstraintRecord("unique", uq.get("name"), tuple(uq["column_names"])))
            for fk in fks.get(key, []):
                cons.append(
                    ConstraintRecord(
                        "foreign",
                        fk.get("name"),
                        tuple(fk["constrained_columns"]),
                        fk.get("referred_schema") or schema,
                        fk["referred_table"],
                        tuple(fk["referred_columns"]),
                    )
                )
            definition = None
            if kind != "table":  # one round trip per view: the Inspector has no bulk form for definitions
                definition = optional(insp.get_view_definition, name, schema=schema) or None
            records.append(
                TableRecord(
                    schema=schema,
                    name=name,
                    kind=kind,
                    comment=(comments.get(key) or {}).get("text"),
                    definition=definition,
                    row_count=None,
                    size_bytes=None,
                    columns=cols,
                    constraints=cons,
                )
            )
        return records

    def _type_name(self, type_: Any) -> str:
        try:
            return type_.compile(dialect=self.engine_.dialect)
        except Exception:  # NullType and exotic types have no DDL spelling
            return type(type_).__name__

    def _first_rows_sql(self, schema: str, table: str, columns: list[str], rows: int) -> tuple[Any, Any]:
        # sa.table/sa.column quote every name the dialect needs quoted (mixed case, quotes, spaces...)
        tbl = sa.table(table, *(sa.column(c) for c in columns), schema=schema)
        return sa.select(*tbl.c).limit(int(rows)), None

    def close(self) -> None:
        super().close()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

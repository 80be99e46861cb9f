"""MySQL / MariaDB connector: bulk information_schema queries (never one SHOW CREATE TABLE per table).

In MySQL a "schema" is a database. mysqlclient (MySQLdb) is used when installed (1.4-3x faster),
otherwise PyMySQL, which is what requirements.txt installs.
"""

# SQL is assembled from fixed text, placeholders for values, and names quoted by quote_ident():
# ruff: noqa: S608

from __future__ import annotations

from typing import Any, ClassVar

from .base import (
    CatalogSnapshot,
    ColumnRecord,
    Connector,
    ConnectorError,
    ConstraintRecord,
    TableRecord,
    network_error_message,
)
from .registry import register_connector

try:  # pragma: no cover - depends on what is installed
    import MySQLdb as driver  # type: ignore[import-not-found]
except ImportError:
    import pymysql as driver

SYSTEM_SCHEMAS = ("mysql", "information_schema", "performance_schema", "sys")
KINDS = {"BASE TABLE": "table", "SYSTEM VERSIONED": "table", "VIEW": "view"}

ERRNO_CODES = {
    1045: "auth_failed",
    1698: "auth_failed",
    1049: "database_missing",
    1044: "permission_denied",
    1142: "permission_denied",
    1143: "permission_denied",
    1227: "permission_denied",
    1792: "permission_denied",
    1969: "timeout",
    3024: "timeout",
    2013: "timeout",
    2003: "unreachable",
    2005: "unreachable",
    2006: "unreachable",
}


def quote_ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@register_connector
class MySQLConnector(Connector):
    engine = "mysql"
    label = "MySQL / MariaDB"
    schemes = ("mysql", "mariadb", "mysql+pymysql", "mariadb+pymysql")
    example_url = "mysql://user@host:3306/db"
    default_port = 3306
    allowed_ports = "3306-3309"
    url_options = frozenset({"charset", "connect_timeout"})
    sql_dialect = "mysql"

    _mariadb = False

    def _connect(self) -> Any:
        c = self.config
        conn = driver.connect(
            host=c.host_addr or c.host or "127.0.0.1",
            port=c.port or 3306,
            user=c.username or "",
            password=c.password or "",
            database=c.database or None,
            connect_timeout=max(1, int(float(c.options.get("connect_timeout", self.connect_timeout_s)))),
            # Socket read timeout backs up the server-side statement timeout if the server stops answering.
            read_timeout=int(self.statement_timeout_s) + 10,
            charset=c.options.get("charset", "utf8mb4"),
            autocommit=True,
        )
        cur = conn.cursor()
        try:
            # Read-only for every later statement of the session, autocommit ones included.
            cur.execute("SET SESSION TRANSACTION READ ONLY")
            version = conn.get_server_info()
            if "mariadb" in version.lower():
                cur.execute("SET SESSION max_statement_time = %s", (float(self.statement_timeout_s),))
            else:  # MySQL: milliseconds, SELECT only (which is all we run)
                cur.execute("SET SESSION max_execution_time = %s", (int(self.statement_timeout_s * 1000),))
        finally:
            cur.close()
        self._mariadb = "mariadb" in version.lower()
        return conn

    def _run(self, conn: Any, sql: str, params: Any) -> list[tuple]:
        cur = conn.cursor()
        try:
            cur.execute(sql, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            cur.close()

    def _classify(self, exc: BaseException) -> ConnectorError:
        args = getattr(exc, "args", ())
        errno = args[0] if args and isinstance(args[0], int) else None
        text = str(args[1]) if len(args) > 1 else str(exc)
        code = ERRNO_CODES.get(errno) if errno is not None else None
        if errno == 2003 and "timed out" in text.lower():
            code = "timeout"
        if (
            code is None
            and isinstance(exc, getattr(driver, "OperationalError", ()))
            and errno
            and errno >= 2000
        ):
            code = "unreachable"  # 2xxx are client-side connection errors
        if errno == 1792:
            return self._error(
                "permission_denied", "The source session is read-only: writes are refused", exc
            )
        if code == "timeout" and errno in (1969, 3024):
            return self._error(
                code, f"Query cancelled after {self.statement_timeout_s:g}s (statement timeout)", exc
            )
        return network_error_message(self, code or "failed", text)

    def list_schemas(self) -> list[str]:
        # A URL naming a database means "this database"; without one, every visible non-system database.
        if self.config.database:
            rows = self._query(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s",
                (self.config.database,),
            )
        else:
            marks = ", ".join(["%s"] * len(SYSTEM_SCHEMAS))
            rows = self._query(
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                f"WHERE SCHEMA_NAME NOT IN ({marks}) ORDER BY SCHEMA_NAME",
                SYSTEM_SCHEMAS,
            )
        return [r[0] for r in rows]

    def fetch_catalog(self, schemas: list[str]) -> CatalogSnapshot:
        schemas = list(schemas)
        if not schemas:
            return CatalogSnapshot(schemas=[], tables=[], profiles={})
        marks = ", ".join(["%s"] * len(schemas))
        tables: dict[tuple[str, str], TableRecord] = {}
        for schema, name, ttype, comment, rows, size in self._query(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS,"
            " DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES"
            f" WHERE TABLE_SCHEMA IN ({marks}) ORDER BY TABLE_SCHEMA, TABLE_NAME",
            schemas,
        ):
            kind = KINDS.get(ttype)
            if kind is None:  # sequences, temporary tables
                continue
            tables[(schema, name)] = TableRecord(
                schema=schema,
                name=name,
                kind=kind,
                comment=(comment or None) if kind == "table" else None,  # views report the comment "VIEW"
                definition=None,
                row_count=int(rows) if rows is not None and kind == "table" else None,
                size_bytes=int(size) if size is not None and kind == "table" else None,
                columns=[],
                constraints=[],
            )
        for schema, name, definition in self._query(
            "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
            f" WHERE TABLE_SCHEMA IN ({marks})",
            schemas,
        ):
            if (schema, name) in tables:
                tables[(schema, name)].definition = definition or None  # empty without SHOW VIEW privilege
        for schema, name, col, dtype, nullable, default, comment in self._query(
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT,"
            f" COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({marks})"
            " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
            schemas,
        ):
            table = tables.get((schema, name))
            if table is None:
                continue
            if default is not None and self._mariadb and default == "NULL":
                default = None  # MariaDB 10.2.7+ spells "no default" as the text NULL and quotes literals
            table.columns.append(
                ColumnRecord(
                    col,
                    len(table.columns) + 1,
                    dtype,
                    nullable == "YES",
                    None if default is None else str(default),
                    comment or None,
                )
            )
        self._add_constraints(tables, schemas, marks)
        # MySQL keeps no per-column statistics worth reading: profiles come from samples.
        return CatalogSnapshot(schemas=schemas, tables=list(tables.values()), profiles={})

    def _add_constraints(
        self, tables: dict[tuple[str, str], TableRecord], schemas: list[str], marks: str
    ) -> None:
        rows = self._query(
            "SELECT k.TABLE_SCHEMA, k.TABLE_NAME, tc.CONSTRAINT_TYPE, k.CONSTRAINT_NAME, k.COLUMN_NAME,"
            " k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME"
            " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.TABLE_CONSTRAINTS tc"
            " ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
            " AND tc.TABLE_SCHEMA = k.TABLE_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME"
            f" WHERE k.TABLE_SCHEMA IN ({marks})"
            " AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
            " ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
            schemas,
        )
        kinds = {"PRIMARY KEY": "primary", "UNIQUE": "unique", "FOREIGN KEY": "foreign"}
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for schema, name, ctype, cname, col, rschema, rtable, rcol in rows:
            entry = grouped.setdefault(
                (schema, name, cname),
                {"kind": kinds[ctype], "cols": [], "rschema": rschema, "rtable": rtable, "rcols": []},
            )
            entry["cols"].append(col)
            if rcol is not None:
                entry["rcols"].append(rcol)
        for (schema, name, cname), e in grouped.items():
            table = tables.get((schema, name))
            if table is None:
                continue
            foreign = e["kind"] == "foreign"
            table.constraints.append(
                ConstraintRecord(
                    kind=e["kind"],
                    name=cname,
                    columns=tuple(e["cols"]),
                    ref_schema=e["rschema"] if foreign else None,
                    ref_table=e["rtable"] if foreign else None,
                    ref_columns=tuple(e["rcols"]) if foreign else (),
                )
            )

    # MySQL has no TABLESAMPLE: ORDER BY RAND() reads the whole table, so it is used up to this size.
    spread_max_rows: ClassVar[int] = 200_000

    def _spread_sql(self, schema, table, columns, rows, hint) -> tuple[str, Any] | None:
        if hint.row_count is None or hint.row_count > self.spread_max_rows:
            return None
        cols = ", ".join(quote_ident(c) for c in columns)
        relation = f"{quote_ident(schema)}.{quote_ident(table)}"
        return f"SELECT {cols} FROM {relation} ORDER BY RAND() LIMIT {int(rows)}", None

    def _first_rows_sql(self, schema: str, table: str, columns: list[str], rows: int) -> tuple[str, Any]:
        cols = ", ".join(quote_ident(c) for c in columns)
        # LIMIT inlined and no params: PyMySQL would %-format a '%' inside an identifier
        return f"SELECT {cols} FROM {quote_ident(schema)}.{quote_ident(table)} LIMIT {int(rows)}", None

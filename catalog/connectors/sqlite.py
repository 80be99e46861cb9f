"""SQLite connector.

The URL names a FILE (schema "main") or a DIRECTORY: then every *.sqlite / *.sqlite3 / *.db file in it
is attached read-only under its file stem as schema name ("one SQLite file per schema"); the in-memory
main database stays empty and unlisted. Files are opened as `file:...?mode=ro` URIs with
PRAGMA query_only=1, and statements are interrupted after the statement timeout by a progress handler.
"""

# SQL is assembled from fixed text, placeholders for values, and names quoted by qi():
# ruff: noqa: S608

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .base import CatalogSnapshot, ColumnRecord, Connector, ConnectorError, ConstraintRecord, TableRecord
from .registry import register_connector

EXTENSIONS = (".sqlite", ".sqlite3", ".db")
MAX_ATTACHED = 10  # SQLITE_MAX_ATTACHED in stock builds; a directory form beyond that is refused clearly
NOT_INTERNAL = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


def qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _uri(path: str) -> str:
    return "file:" + quote(path, safe="/") + "?mode=ro"


class _Conn(sqlite3.Connection):
    deadline: float = 0.0


def view_select(create_sql: str | None) -> str | None:
    """The SELECT of a CREATE VIEW statement: text after the first top-level AS outside quotes/parens."""
    if not create_sql:
        return None
    i, depth, n = 0, 0, len(create_sql)
    closers = {'"': '"', "'": "'", "`": "`", "[": "]"}
    while i < n:
        ch = create_sql[i]
        if ch in closers:
            i = create_sql.find(closers[ch], i + 1)
            if i < 0:
                return create_sql
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (
            depth == 0
            and re.match(r"(?i)AS\b", create_sql[i : i + 3])
            and not (i and (create_sql[i - 1].isalnum() or create_sql[i - 1] == "_"))
        ):
            return create_sql[i + 2 :].strip()
        i += 1
    return create_sql


@register_connector
class SQLiteConnector(Connector):
    engine = "sqlite"
    label = "SQLite"
    schemes = ("sqlite",)
    example_url = "sqlite:///path/to/file-or-folder"
    file_based = True
    sql_dialect = "sqlite"

    def _files(self) -> tuple[str | None, list[tuple[str, str]]]:
        """(main file or None, [(schema, path)] to attach)."""
        path = self.config.database or ""
        if not os.path.exists(path):
            raise ConnectorError("database_missing", f"SQLite path {path} does not exist")
        if not os.access(path, os.R_OK):
            raise ConnectorError("permission_denied", f"SQLite path {path} is not readable by the catalog")
        if not os.path.isdir(path):
            return path, []
        folder = os.path.realpath(path)
        # A symlink in the folder may point anywhere on the disk: attach only files that really live
        # inside the folder the source was allowed for.
        files = sorted(
            p
            for p in Path(path).iterdir()
            if p.suffix.lower() in EXTENSIONS
            and p.is_file()
            and not p.is_symlink()
            and os.path.dirname(os.path.realpath(p)) == folder
        )
        stems = [p.stem for p in files]
        if len(set(s.lower() for s in stems)) != len(stems) or {"main", "temp"} & {s.lower() for s in stems}:
            raise ConnectorError(
                "failed",
                "SQLite file names in the directory must give distinct schema names"
                " (and not 'main' or 'temp')",
            )
        if len(files) > MAX_ATTACHED:
            raise ConnectorError("failed", f"A SQLite directory source can hold at most {MAX_ATTACHED} files")
        return None, [(p.stem, str(p)) for p in files]

    def _connect(self) -> sqlite3.Connection:
        main, attached = self._files()
        conn = sqlite3.connect(
            _uri(main) if main else "file::memory:",
            uri=True,
            factory=_Conn,
            timeout=self.connect_timeout_s,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            # Undecodable bytes in a TEXT column must not sink a whole sample
            conn.text_factory = lambda b: b.decode("utf-8", "replace")
            for schema, path in attached:
                conn.execute(f"ATTACH DATABASE ? AS {qi(schema)}", (_uri(path),))
            conn.execute("PRAGMA query_only = 1")
            conn.set_progress_handler(
                lambda: 1 if conn.deadline and time.monotonic() > conn.deadline else 0, 10000
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()  # fails now on non-database files
        except Exception:
            conn.close()
            raise
        return conn

    def _run(self, conn: _Conn, sql: str, params: Any) -> list[tuple]:
        conn.deadline = time.monotonic() + self.statement_timeout_s
        try:
            return conn.execute(sql, params or ()).fetchall()
        finally:
            conn.deadline = 0.0

    def _classify(self, exc: BaseException) -> ConnectorError:
        text = str(exc)
        low = text.lower()
        if "interrupted" in low:
            return self._error("timeout", f"Query cancelled after {self.statement_timeout_s:g}s", exc)
        if "readonly" in low or "read-only" in low:
            return self._error("permission_denied", "The source is opened read-only: writes are refused", exc)
        if "not a database" in low:
            return self._error("failed", f"{self.config.database} is not a SQLite database", exc)
        if "unable to open" in low:
            return self._error("database_missing", f"Could not open SQLite file {self.config.database}", exc)
        return self._error("failed", f"SQLite query failed: {text}", exc)

    @property
    def _directory_form(self) -> bool:
        return os.path.isdir(self.config.database or "")

    def list_schemas(self) -> list[str]:
        names = [r[1] for r in self._query("PRAGMA database_list")]
        skip = {"temp", "main"} if self._directory_form else {"temp"}
        return [n for n in names if n not in skip]

    def _union(self, template: str, schemas: list[str], per_schema_params: int) -> list[tuple]:
        """One statement per kind: the per-schema SELECTs glued with UNION ALL."""
        parts, params = [], []
        for s in schemas:
            parts.append(template.replace("{s}", qi(s)))
            params.extend([s] * per_schema_params)
        return self._query(" UNION ALL ".join(parts), params)

    def fetch_catalog(self, schemas: list[str]) -> CatalogSnapshot:
        known = set(self.list_schemas())
        schemas = [s for s in schemas if s in known]
        if not schemas:
            return CatalogSnapshot(schemas=[], tables=[], profiles={})
        tables: dict[tuple[str, str], TableRecord] = {}
        with_stats = []
        for schema, kind, name, ddl in self._union(
            "SELECT ?, m.type, m.name, m.sql FROM {s}.sqlite_master m WHERE m.type IN ('table', 'view')"
            f" AND ({NOT_INTERNAL} OR m.name = 'sqlite_stat1')",
            schemas,
            1,
        ):
            if name == "sqlite_stat1":
                with_stats.append(schema)
                continue
            tables[(schema, name)] = TableRecord(
                schema=schema,
                name=name,
                kind="table" if kind == "table" else "view",
                comment=None,
                definition=view_select(ddl) if kind == "view" else None,
                row_count=None,
                size_bytes=None,
                columns=[],
                constraints=[],
            )
        pks: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for schema, tname, name, dtype, notnull, default, pk in self._union(
            'SELECT * FROM (SELECT ?, m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk'
            " FROM {s}.sqlite_master m JOIN pragma_table_info(m.name, ?) p"
            f" WHERE m.type IN ('table', 'view') AND {NOT_INTERNAL} ORDER BY m.name, p.cid)",
            schemas,
            2,
        ):
            table = tables.get((schema, tname))
            if table is None:
                continue
            if pk:
                pks.setdefault((schema, tname), []).append((pk, name))
            table.columns.append(
                ColumnRecord(name, len(table.columns) + 1, dtype or "", not notnull, default, None)
            )
        for key, cols in pks.items():
            names = tuple(n for _, n in sorted(cols))
            table = tables[key]
            table.constraints.append(ConstraintRecord("primary", None, names))
            if len(names) == 1:  # an INTEGER PRIMARY KEY is the rowid alias: never NULL
                table.columns = [
                    ColumnRecord(c.name, c.position, c.data_type, False, c.default, c.comment)
                    if c.name == names[0] and c.data_type.upper() == "INTEGER"
                    else c
                    for c in table.columns
                ]
        self._add_uniques(tables, schemas)
        self._add_foreign_keys(tables, schemas, pks)
        self._add_counts_and_sizes(tables, schemas, with_stats)
        return CatalogSnapshot(schemas=schemas, tables=list(tables.values()), profiles={})

    def _add_uniques(self, tables: dict[tuple[str, str], TableRecord], schemas: list[str]) -> None:
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for schema, tname, iname, col in self._union(
            "SELECT * FROM (SELECT ?, m.name, il.name, ii.name FROM {s}.sqlite_master m"
            " JOIN pragma_index_list(m.name, ?) il JOIN pragma_index_info(il.name, ?) ii"
            " WHERE m.type = 'table' AND il.\"unique\" = 1 AND il.origin = 'u'"
            " ORDER BY m.name, il.name, ii.seqno)",
            schemas,
            3,
        ):
            grouped.setdefault((schema, tname, iname), []).append(col)
        for (schema, tname, iname), cols in grouped.items():
            if (schema, tname) in tables:  # autoindex names are internal: report the constraint unnamed
                name = None if iname.startswith("sqlite_autoindex_") else iname
                tables[(schema, tname)].constraints.append(ConstraintRecord("unique", name, tuple(cols)))

    def _add_foreign_keys(
        self,
        tables: dict[tuple[str, str], TableRecord],
        schemas: list[str],
        pks: dict[tuple[str, str], list[tuple[int, str]]],
    ) -> None:
        grouped: dict[tuple[str, str, int], dict[str, Any]] = {}
        for schema, tname, fk_id, ref_table, col, ref_col in self._union(
            'SELECT * FROM (SELECT ?, m.name, f.id, f."table", f."from", f."to" FROM {s}.sqlite_master m'
            " JOIN pragma_foreign_key_list(m.name, ?) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq)",
            schemas,
            2,
        ):
            e = grouped.setdefault((schema, tname, fk_id), {"ref": ref_table, "cols": [], "rcols": []})
            e["cols"].append(col)
            e["rcols"].append(ref_col)
        for (schema, tname, _), e in grouped.items():
            if (schema, tname) not in tables:
                continue
            rcols = e["rcols"]
            if any(c is None for c in rcols):  # REFERENCES t without columns means t's primary key
                rcols = [n for _, n in sorted(pks.get((schema, e["ref"]), []))] or rcols
            # SQLite foreign keys always point into the same database file
            tables[(schema, tname)].constraints.append(
                ConstraintRecord("foreign", None, tuple(e["cols"]), schema, e["ref"], tuple(rcols))
            )

    def _add_counts_and_sizes(
        self, tables: dict[tuple[str, str], TableRecord], schemas: list[str], with_stats: list[str]
    ) -> None:
        if with_stats:  # ANALYZE leaves row estimates in sqlite_stat1: "<rows> <per-column...>"
            for schema, tname, stat in self._union(
                "SELECT ?, tbl, stat FROM {s}.sqlite_stat1", with_stats, 1
            ):
                table = tables.get((schema, tname))
                if table is not None and stat:
                    table.row_count = max(table.row_count or 0, int(stat.split()[0]))
        try:
            sizes = self._union(
                "SELECT ?, m.tbl_name, sum(d.pgsize) FROM dbstat(?, 1) d JOIN {s}.sqlite_master m"
                " ON m.name = d.name GROUP BY m.tbl_name",
                schemas,
                2,
            )
        except ConnectorError:  # dbstat is a compile-time option (or the walk hit the timeout)
            return
        for schema, tname, size in sizes:
            table = tables.get((schema, tname))
            if table is not None and table.kind == "table":
                table.size_bytes = int(size)

    def _spread_sql(self, schema, table, columns, rows, hint) -> tuple[str, Any]:
        # Rowids scattered between the smallest and largest: a few index lookups, however big the
        # table. Gaps (deleted rows) only make the sample smaller; WITHOUT ROWID tables fail and fall
        # back. Scattered by a fixed stride (a prime, so the first `span` probes never repeat), not by
        # random(): an unchanged table gives the same sample, and a re-crawl has nothing to write.
        source = f"{qi(schema)}.{qi(table)}"
        cols = ", ".join(f"{source}.{qi(c)}" for c in columns)
        query = (
            f"WITH RECURSIVE bounds(lo, hi) AS (SELECT min(rowid), max(rowid) FROM {source}),"
            " probe(i, id) AS (SELECT 0, NULL UNION ALL"
            " SELECT probe.i + 1, bounds.lo + ((probe.i + 1) * 2654435761) % (bounds.hi - bounds.lo + 1)"
            " FROM probe, bounds WHERE probe.i < ?)"
            f" SELECT {cols} FROM {source} JOIN (SELECT id, min(i) AS i FROM probe GROUP BY id) AS pick"
            f" ON {source}.rowid = pick.id ORDER BY pick.i LIMIT ?"
        )
        return query, (4 * int(rows), int(rows))

    def _first_rows_sql(self, schema: str, table: str, columns: list[str], rows: int) -> tuple[str, Any]:
        # Qualified column references: a bare "name" that matches no column would silently become a
        # string literal (SQLite's double-quoted-string fallback); schema.table.column cannot.
        source = f"{qi(schema)}.{qi(table)}"
        cols = ", ".join(f"{source}.{qi(c)}" for c in columns)
        return f"SELECT {cols} FROM {source} LIMIT ?", (int(rows),)

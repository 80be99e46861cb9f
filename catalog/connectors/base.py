"""Records, configuration, errors and the connector base class.

Pure Python: no Django imports, so connectors can run in workers, scripts and tests without settings.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import threading
import uuid
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from typing import Any, ClassVar

MAX_SAMPLE_TEXT = 500

ERROR_CODES = frozenset(
    {
        "unreachable",
        "auth_failed",
        "database_missing",
        "permission_denied",
        "timeout",
        "blocked",
        "invalid_url",
        "driver_missing",
        "failed",
    }
)


# Records are slotted: a crawl holds one per column, profile and sample of the whole source until
# its save (millions at 100,000 tables), and a slotted instance carries no dict of its own.
@dataclass(frozen=True, slots=True)
class ColumnRecord:
    name: str
    position: int  # 1-based, dense (PostgreSQL attnum gaps from dropped columns are closed)
    data_type: str
    nullable: bool
    default: str | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class ConstraintRecord:
    kind: str  # "primary" | "unique" | "foreign"
    name: str | None
    columns: tuple[str, ...]
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()


@dataclass(slots=True)
class TableRecord:
    schema: str
    name: str
    kind: str  # "table" | "view" | "materialized_view"
    comment: str | None
    definition: str | None  # view SQL (the SELECT), kept for lineage
    row_count: int | None
    size_bytes: int | None
    columns: list[ColumnRecord] = field(default_factory=list)
    constraints: list[ConstraintRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ColumnProfileRecord:
    null_fraction: float | None
    distinct_count: int | None
    min_value: str | None
    max_value: str | None
    most_common: list[tuple[str, float]]  # (value, frequency)
    source: str  # "statistics" | "sample" | "exact" (every row of the table was read)


@dataclass
class CatalogSnapshot:
    schemas: list[str]
    tables: list[TableRecord]
    # (schema, table, column) -> profile from engine statistics (pg_stats); empty where the engine has none
    profiles: dict[tuple[str, str, str], ColumnProfileRecord] = field(default_factory=dict)
    # schema -> its comment (PostgreSQL COMMENT ON SCHEMA); engines without schema comments leave it empty
    schema_comments: dict[str, str] = field(default_factory=dict)


@dataclass
class CatalogStatistics:
    """What the engine measured of the relations of a snapshot: sizes and column statistics.

    Read apart from the structure where it costs much more than it (PostgreSQL: a file-system
    look-up per fork for sizes, pg_stats over every column), so a crawl can read it beside sampling.
    """

    sizes: dict[tuple[str, str], int | None] = field(default_factory=dict)  # (schema, table) -> bytes
    profiles: dict[tuple[str, str, str], ColumnProfileRecord] = field(default_factory=dict)

    def apply_to(self, snapshot: CatalogSnapshot) -> None:
        for table in snapshot.tables:
            if (table.schema, table.name) in self.sizes:
                table.size_bytes = self.sizes[(table.schema, table.name)]
        snapshot.profiles.update(self.profiles)


@dataclass(slots=True)
class SampleRecord:
    schema: str
    table: str
    columns: list[str]
    rows: list[list]  # JSON-safe values only, see json_safe()
    # Set when the whole table was read (it was small): its row count, and every row to profile exactly.
    # The crawl profiles them and drops them; only `rows` (spread over the table) is kept as the sample.
    population: int | None = None
    all_rows: list[list] | None = None
    # Set by the crawl (profiling.sample_digest) and stored with the sample.
    digest: str = ""


@dataclass(frozen=True)
class SampleHint:
    """What the catalog listing said of a table, so sampling can pick a strategy that stays cheap."""

    kind: str = "table"
    row_count: int | None = None  # the engine's estimate; None when unknown


@dataclass
class SampleError:
    schema: str
    table: str
    message: str
    code: str = "failed"


@dataclass(frozen=True)
class ConnectionConfig:
    engine: str
    host: str | None
    port: int | None
    database: str | None
    username: str | None
    password: str | None = field(default=None, repr=False)
    options: dict[str, str] = field(default_factory=dict)
    url: str = ""  # WITHOUT the password, safe to display
    # Set by urls.check_source_allowed: the vetted IP address to connect to instead of re-resolving `host`
    # (closes the DNS-rebinding window between the check and the connection).
    host_addr: str | None = None

    def __hash__(self) -> int:  # options is a dict; identity is the display url plus the pinned address
        return hash((self.engine, self.url, self.host_addr))


class ConnectorError(Exception):
    def __init__(self, code: str, message: str, *, detail: str | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown connector error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = detail  # scrubbed driver text, for logs

    def __str__(self) -> str:
        return self.message


# What only a database server says: a failure to connect with one of these came from one.
SERVER_CODES = frozenset({"auth_failed", "database_missing", "permission_denied"})


def scrub(text: str, password: str | None) -> str:
    """Remove the password from driver text; drivers sometimes echo the connection string."""
    if password:
        text = text.replace(password, "********")
    return text


def spread(rows: list[list], count: int) -> list[list]:
    """`count` rows evenly spaced over `rows` (all of them when there are fewer), in their order."""
    if len(rows) <= count:
        return rows
    step = len(rows) / count
    return [rows[int(i * step)] for i in range(count)]


def json_safe(value: Any) -> Any:
    """Convert a driver value into str/int/float/bool/None, truncating long text."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_SAMPLE_TEXT else value[:MAX_SAMPLE_TEXT] + "…"
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return json_safe("\\x" + bytes(value[: MAX_SAMPLE_TEXT // 2 + 1]).hex())
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, list | tuple | dict | set | frozenset):
        if isinstance(value, set | frozenset):
            value = sorted(value, key=str)
        return json_safe(json.dumps(value, default=str, ensure_ascii=False))
    return json_safe(str(value))


class Connector:
    """Base class. Subclasses implement _connect/_close_conn/_run/_first_rows_sql (and _spread_sql where
    the engine can) and the catalog methods.

    One "main" connection serves catalog queries; fetch_samples opens one connection per worker thread
    so sampling runs in parallel and each statement is its own small transaction.
    """

    # --- what the connector says of itself (read by the registry, URL parsing, the safety guard, the
    # DataSource engine choices and the SQL dialect lists; docs/connectors.md) ----------------------
    engine: ClassVar[str]  # stored in DataSource.engine: lower case, at most 20 characters
    label: ClassVar[str] = ""  # shown to users: "PostgreSQL"
    # URL schemes this connector reads ("postgresql", "postgres", "postgresql+psycopg"); lower case.
    schemes: ClassVar[tuple[str, ...]] = ()
    example_url: ClassVar[str] = ""  # shown under the source form's URL field
    default_port: ClassVar[int | None] = None  # filled in when a URL names none
    # The ports the engine usually listens on ("5432-5439,6432"): a URL may name only these unless the
    # operator allows more (SOURCE_ALLOWED_PORTS), or "test connection" scans any port of a host.
    allowed_ports: ClassVar[str] = ""
    # Query-string options a user may set. Anything that reads local files, overrides the vetted host
    # or sets server parameters must stay out.
    url_options: ClassVar[frozenset[str]] = frozenset()
    # A file-based engine: URLs take an absolute path and no host, and the path must lie inside an
    # allowed directory (SOURCE_SQLITE_DIRS) instead of the host passing the host allowlist.
    file_based: ClassVar[bool] = False
    # The sqlglot dialect of the SQL the source stores (views) and runs (query history): lineage and
    # usage parse it with this one. None: the catalog's default ("postgres").
    sql_dialect: ClassVar[str | None] = None
    # The one connector that reads any scheme an installed SQLAlchemy dialect reads (see
    # sqlalchemy_generic); its per-dialect tables live on that class.
    generic: ClassVar[bool] = False

    @classmethod
    def reads_path(cls, scheme: str) -> bool:
        """Whether a URL of this scheme names a file path (checked against SOURCE_SQLITE_DIRS)
        rather than a host (checked against SOURCE_ALLOWED_HOSTS)."""
        return cls.file_based

    @classmethod
    def usual_ports(cls, scheme: str) -> str:
        """The ports a URL of this scheme may name without the operator allowing more."""
        return cls.allowed_ports

    @classmethod
    def sql_dialect_for(cls, url: str) -> str | None:
        """The sqlglot dialect of a source with this (display) URL; None for the catalog's default."""
        return cls.sql_dialect

    def __init__(
        self, config: ConnectionConfig, *, statement_timeout_s: float = 30.0, connect_timeout_s: float = 10.0
    ):
        self.config = config
        self.statement_timeout_s = statement_timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.queries_executed = 0  # every catalog/sample statement goes through _query and counts here
        self._conn: Any = None
        self._lock = threading.Lock()

    # --- engine hooks -------------------------------------------------------------------------------
    def _connect(self) -> Any:
        raise NotImplementedError

    def _close_conn(self, conn: Any) -> None:
        conn.close()

    def _run(self, conn: Any, sql: Any, params: Any) -> list[tuple]:
        raise NotImplementedError

    def _classify(self, exc: BaseException) -> ConnectorError:
        raise NotImplementedError

    def _first_rows_sql(self, schema: str, table: str, columns: list[str], rows: int) -> tuple[Any, Any]:
        """SELECT the columns of the first `rows` rows the engine returns (cheap; any relation)."""
        raise NotImplementedError

    def _spread_sql(
        self, schema: str, table: str, columns: list[str], rows: int, hint: SampleHint
    ) -> tuple[Any, Any] | None:
        """SELECT about `rows` rows spread over the whole table at a cost bounded by `rows`, not by the
        table's size; None where the engine has no such way for this relation (first rows are taken)."""
        return None

    # Tables up to this many rows are read whole: exact profiles, and a sample spread evenly over them.
    # 0 where the engine's own statistics already describe the whole table (PostgreSQL's pg_stats).
    exact_profile_rows: ClassVar[int] = 5000

    # --- public API -----------------------------------------------------------------------------
    def test_connection(self) -> None:
        self._query("SELECT 1")

    def list_schemas(self) -> list[str]:
        raise NotImplementedError

    def fetch_catalog(self, schemas: list[str]) -> CatalogSnapshot:
        raise NotImplementedError

    def fetch_structure(self, schemas: list[str]) -> CatalogSnapshot:
        """The snapshot without what fetch_statistics reads; with it where the engine reads both at once.
        fetch_structure + fetch_statistics(...).apply_to(snapshot) make what fetch_catalog returns."""
        return self.fetch_catalog(schemas)

    def fetch_statistics(
        self,
        snapshot: CatalogSnapshot,
        *,
        profile_tables: Collection[tuple[str, str]] | None = None,
        sizes: bool = True,
    ) -> CatalogStatistics:
        """Sizes and column statistics read apart from the structure, on a connection of its own (safe
        to call from another thread while this connector samples); nothing more by default.

        profile_tables: the (schema, table) whose column statistics are wanted (None: every table's);
        a crawl leaves out the tables it reads whole, whose exact profiles win over statistics.
        sizes=False reads column statistics only."""
        return CatalogStatistics()

    def reads_whole(self, hint: SampleHint) -> bool:
        """Whether sampling first tries to read the relation whole (a small table, exact profiles);
        it falls back to a sample when the table has more rows than its estimate said."""
        limit = self.exact_profile_rows
        return bool(limit) and hint.kind == "table" and (hint.row_count is None or hint.row_count <= limit)

    def _sample_table(self, conn: Any, schema: str, table: str, columns: list[str], rows: int, hint):
        """Small tables are read whole (bounded by exact_profile_rows); others are sampled spread out."""
        limit = self.exact_profile_rows
        if self.reads_whole(hint):
            sql, params = self._first_rows_sql(schema, table, columns, limit + 1)
            every = [[json_safe(v) for v in r] for r in self._query(sql, params, conn=conn)]
            if len(every) <= limit:
                return SampleRecord(schema, table, list(columns), spread(every, rows), len(every), every)
        spread_sql = self._spread_sql(schema, table, columns, rows, hint) if hint.kind == "table" else None
        if spread_sql is not None:
            try:
                result = self._query(*spread_sql, conn=conn)
                return SampleRecord(schema, table, list(columns), [[json_safe(v) for v in r] for r in result])
            except ConnectorError as exc:
                if exc.code in ("unreachable", "timeout"):
                    raise
                # e.g. a SQLite WITHOUT ROWID table: first rows are still a sample
        sql, params = self._first_rows_sql(schema, table, columns, rows)
        result = self._query(sql, params, conn=conn)
        return SampleRecord(schema, table, list(columns), [[json_safe(v) for v in r] for r in result])

    def fetch_samples(
        self,
        tables: Iterable[tuple[str, str, list[str]]],
        rows: int,
        *,
        threads: int = 4,
        hints: dict[tuple[str, str], SampleHint] | None = None,
    ) -> Iterator[SampleRecord | SampleError]:
        """Yield one SampleRecord or SampleError per table, in completion order (not input order)."""
        local = threading.local()
        opened: list[Any] = []
        hints = hints or {}

        def worker(schema: str, table: str, columns: list[str]) -> SampleRecord | SampleError:
            try:
                conn = getattr(local, "conn", None)
                if conn is None:
                    conn = local.conn = self._connect_classified()
                    with self._lock:
                        opened.append(conn)
                hint = hints.get((schema, table), SampleHint())
                return self._sample_table(conn, schema, table, columns, rows, hint)
            except ConnectorError as exc:
                if exc.code in ("unreachable", "timeout"):
                    local.conn = None  # the connection may be broken: the next table reconnects
                return SampleError(schema, table, exc.message, exc.code)
            except Exception as exc:  # one odd table must not end the whole sampling run
                return SampleError(schema, table, scrub(f"Sampling failed: {exc}", self.config.password))

        pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix=f"sample-{self.engine}")
        pending: set[Future] = set()
        try:
            for item in tables:
                pending.add(pool.submit(worker, *item))
                if len(pending) >= 2 * max(1, threads):  # bounded queue: thousands of tables stay cheap
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            for fut in as_completed(pending):
                yield fut.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for conn in opened:
                try:
                    self._close_conn(conn)
                except Exception:  # closing a broken connection must not hide the real outcome
                    pass

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._close_conn(self._conn)
            finally:
                self._conn = None

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- helpers --------------------------------------------------------------------------------
    def _connect_classified(self) -> Any:
        try:
            return self._connect()
        except ConnectorError:
            raise
        except Exception as exc:
            error = self._classify(exc)
        if error.code in SERVER_CODES or not self.config.host:  # files (SQLite) say what is wrong
            raise error
        # Until a database server answers, every failure reads the same: a closed port, a port where
        # something else listens (garbage, a hang-up, silence) — else the catalog is a port scanner.
        raise network_error_message(self, "unreachable", error.detail or "") from None

    @property
    def conn(self) -> Any:
        if self._conn is None:
            self._conn = self._connect_classified()
        return self._conn

    def _query(self, sql: Any, params: Any = None, *, conn: Any = None) -> list[tuple]:
        """The single path to the source: counts the statement and classifies driver errors."""
        with self._lock:
            self.queries_executed += 1
        try:
            return self._run(conn if conn is not None else self.conn, sql, params)
        except ConnectorError:
            raise
        except Exception as exc:
            raise self._classify(exc) from None

    def read_query(self, sql: str, params: Any = None) -> list[tuple]:
        """Rows of a read-only statement an app supplies (a system view such as the source's own
        statement statistics), on the main session: read-only where the engine allows it, within
        the statement timeout, counted, and failing with a classified ConnectorError."""
        return self._query(sql, params)

    def _execute(self, sql: Any, params: Any = None) -> list[tuple]:
        """Run arbitrary SQL on the main session (tests use it to prove writes are refused)."""
        return self._query(sql, params)

    def _error(self, code: str, message: str, exc: BaseException | None = None) -> ConnectorError:
        detail = scrub(str(exc), self.config.password) if exc is not None else None
        return ConnectorError(code, scrub(message, self.config.password), detail=detail)

    @property
    def _where(self) -> str:
        return f"{self.config.host}:{self.config.port}"


def network_error_message(connector: Connector, code: str, text: str) -> ConnectorError:
    """Shared wording for the usual failures of network engines."""
    c = connector.config
    messages = {
        "unreachable": f"Could not reach {connector._where} — check host and port",
        "timeout": f"Timed out talking to {connector._where} — the server is slow or a firewall drops it",
        "auth_failed": f"Authentication failed for user {c.username!r} — check user name and password",
        "database_missing": f"Database {c.database!r} does not exist on {connector._where}",
        "permission_denied": f"Permission denied for user {c.username!r}: {text.strip().splitlines()[0]}"
        if text.strip()
        else f"Permission denied for user {c.username!r}",
    }
    msg = messages.get(code) or f"Source query failed: {text.strip().splitlines()[0] if text.strip() else ''}"
    return ConnectorError(code, scrub(msg, c.password), detail=scrub(text, c.password))

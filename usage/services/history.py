"""Query history read from the source itself after each crawl: PostgreSQL's pg_stat_statements,
and MySQL / MariaDB's performance_schema statement digests.

The view is cumulative (calls since the statistics were last reset), so a watermark per source,
statement and user (StatementStat) keeps the `calls` seen at the last crawl, and each crawl counts
only the difference, as executions by that role at the crawl's time. When the count went down the
statistics were reset, and the new count is what ran since. Statements come normalized, with `$1`
placeholders where the literals were, which the analysis parses like any statement. MySQL's
digests have `?` placeholders (and `(...)` for lists) and are per default schema, not per user: their
executions are counted under the user "(all users)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from catalog.connectors import ConnectorError
from catalog.models import DataSource
from catalog.permissions import SYSTEM
from catalog.services.connections import open_connector
from usage.analysis import QueryRecord
from usage.models import IngestionRun, StatementStat
from usage.services.ingest import ingest_counted

MAX_STATEMENTS = 20_000  # pg_stat_statements.max is 5,000 by default
UNAVAILABLE = "query_history_unavailable"
HIDDEN = "<insufficient privilege>"
# What people run; the catalog's own reads of pg_catalog and information_schema are left out.
STATEMENT_WORDS = {"select", "with", "insert", "update", "delete", "merge", "create", "values", "table"}
OWN_READS = ("pg_catalog", "information_schema", "pg_stat_statements", "set_config(", "performance_schema",
             "@@")  # fmt: skip

PG_HOW_TO = (
    "To read query history on each crawl, enable it on the server: set shared_preload_libraries = "
    "'pg_stat_statements' in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION "
    "pg_stat_statements; in database {database}. The crawl's user needs the pg_read_all_stats role "
    "to see the statements of other users."
)
PG_EXTENSION = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
    " WHERE e.extname = 'pg_stat_statements'"
)


class HistoryUnavailable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StatementRow:
    """One statement's cumulative count for one user, as the source reports it."""

    statement: str
    user: str
    calls: int
    sql: str
    default_schema: str | None = None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pg_statements_sql(schema: str, name: str) -> str:
    """Per statement and role in the connected database; `toplevel` rows of a statement are summed."""
    relation = f"{_quoted(schema)}.{_quoted(name)}"  # two quoted identifiers; the rest is constant
    return (
        "SELECT s.queryid::text, r.rolname, sum(s.calls)::bigint, min(s.query)"  # noqa: S608
        f" FROM {relation} s JOIN pg_roles r ON r.oid = s.userid"
        " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND s.queryid IS NOT NULL"
        " GROUP BY s.queryid, r.rolname ORDER BY 3 DESC LIMIT %s"
    )


def read_pg_stat_statements(
    connector, *, database: str, relation: tuple[str, str] | None = None
) -> list[StatementRow]:
    """The statements of pg_stat_statements (or of `relation`, (schema, name) of a table with the
    view's columns: tests stand one in on servers where the extension is not loaded).
    Raises HistoryUnavailable, saying how to enable it, when the extension is missing or unloaded."""
    how_to = PG_HOW_TO.format(database=database or "postgres")
    if relation is None:
        found = connector.read_query(PG_EXTENSION)
        if not found:
            raise HistoryUnavailable(
                f"pg_stat_statements is not installed in database {database or 'postgres'}, so this "
                f"crawl read no query history. {how_to}"
            )
        relation = (found[0][0], "pg_stat_statements")
    try:
        rows = connector.read_query(pg_statements_sql(*relation), (MAX_STATEMENTS,))
    except ConnectorError as exc:
        said = (exc.detail or exc.message).strip().splitlines()  # the server's words, not a guess
        raise HistoryUnavailable(
            f"pg_stat_statements could not be read ({said[0] if said else exc.code}), so this crawl read "
            f"no query history. {how_to}"
        ) from None
    return [
        StatementRow(str(queryid), user, int(calls or 0), sql or "") for queryid, user, calls, sql in rows
    ]


MYSQL_HOW_TO = (
    "To read query history on each crawl, enable it on the server: set performance_schema = ON in the "
    "[mysqld] section of its configuration and restart it (statement digests are then collected by "
    "default; check that the statements_digest consumer of performance_schema.setup_consumers is YES)."
)
MYSQL_ALL_USERS = "(all users)"
_ELLIPSIS_LIST = re.compile(r"\(\s*\.\.\.\s*\)")


def mysql_digests_sql(schema: str, name: str) -> str:
    relation = f"`{schema.replace('`', '``')}`.`{name.replace('`', '``')}`"  # quoted identifiers
    return (
        "SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR"  # noqa: S608
        f" FROM {relation} WHERE DIGEST IS NOT NULL AND DIGEST_TEXT IS NOT NULL"
        " ORDER BY COUNT_STAR DESC LIMIT %s"
    )


def read_mysql_digests(connector, *, relation: tuple[str, str] | None = None) -> list[StatementRow]:
    """The statement digests of performance_schema (or of `relation`, a table with the same columns).
    Raises HistoryUnavailable, saying how to enable it, when performance_schema is off."""
    if relation is None:
        if not int(connector.read_query("SELECT @@performance_schema")[0][0] or 0):
            raise HistoryUnavailable(
                "performance_schema is off on this server, so this crawl read no query history. "
                + MYSQL_HOW_TO
            )
        relation = ("performance_schema", "events_statements_summary_by_digest")
    try:
        rows = connector.read_query(mysql_digests_sql(*relation), (MAX_STATEMENTS,))
    except ConnectorError as exc:
        said = (exc.detail or exc.message).strip().splitlines()
        raise HistoryUnavailable(
            f"performance_schema statement digests could not be read ({said[0] if said else exc.code}), "
            f"so this crawl read no query history. {MYSQL_HOW_TO}"
        ) from None
    return [
        StatementRow(
            f"{schema or ''}:{digest}",
            MYSQL_ALL_USERS,
            int(calls or 0),
            _ELLIPSIS_LIST.sub("(?)", text or ""),
            schema or None,
        )  # fmt: skip
        for schema, digest, text, calls in rows
    ]


def people_statements(rows: Iterable[StatementRow]) -> tuple[list[StatementRow], int]:
    """The statements people ran, and how many the crawl's user was not allowed to see."""
    kept, hidden = [], 0
    for row in rows:
        if row.sql == HIDDEN:
            hidden += 1
            continue
        words = row.sql.lstrip(" (\n\t").split(None, 1)
        if not words or words[0].lower() not in STATEMENT_WORDS:
            continue
        low = row.sql.lower()
        if any(marker in low for marker in OWN_READS):
            continue
        kept.append(row)
    return kept, hidden


def record_statement_stats(
    *, source: DataSource, rows: Iterable[StatementRow], at: datetime, user=SYSTEM
) -> IngestionRun | None:
    """Count what ran since the last reading (the delta of `calls`; after a reset, the new count)
    and move the watermark, in one transaction. None when nothing ran."""
    rows = list(rows)
    with transaction.atomic():
        seen = {(s.statement, s.user_name): s for s in StatementStat.objects.filter(source=source)}
        items, new, changed = [], [], []
        for row in rows:
            before = seen.get((row.statement[:100], row.user[:150]))
            if before is None:
                delta = row.calls
                new.append(
                    StatementStat(
                        source=source,
                        statement=row.statement[:100],
                        user_name=row.user[:150],
                        calls=row.calls,
                        seen_at=at,
                    )  # fmt: skip
                )
            else:
                delta = row.calls - before.calls if row.calls >= before.calls else row.calls  # reset
                if row.calls != before.calls:
                    before.calls, before.seen_at = row.calls, at
                    changed.append(before)
            if delta > 0:
                items.append(
                    (QueryRecord(0, row.sql, row.user, at, default_schema=row.default_schema), delta)
                )
        run = None
        if items:
            run = ingest_counted(
                source=source, items=items, user=user, name=f"query history read at {at:%Y-%m-%d %H:%M}"
            )
        StatementStat.objects.bulk_create(new, batch_size=1000)
        StatementStat.objects.bulk_update(changed, ["calls", "seen_at"], batch_size=1000)
    return run


def _warning(message: str) -> dict:
    return {"code": UNAVAILABLE, "message": message, "object": ""}


def read_history_after_crawl(source: DataSource, at: datetime) -> list[dict]:
    """Read the source's statement statistics and count what ran since the last crawl; the
    warnings for the crawl run (history not enabled, statements hidden from the crawl's user)."""
    # Statement statistics are read from each engine's own views: PostgreSQL's pg_stat_statements,
    # MySQL's performance_schema digests. Other engines have no history reader (yet).
    if source.engine not in ("postgresql", "mysql"):
        return []
    with open_connector(source) as connector:
        try:
            if source.engine == "mysql":
                rows = read_mysql_digests(connector)
            else:
                rows = read_pg_stat_statements(connector, database=connector.config.database or "postgres")
        except HistoryUnavailable as exc:
            return [_warning(exc.message)]
    kept, hidden = people_statements(rows)
    record_statement_stats(source=source, rows=kept, at=at)
    if hidden:
        return [
            _warning(
                f"{hidden:,} statements in pg_stat_statements are hidden from the crawl's user: grant it "
                "pg_read_all_stats (GRANT pg_read_all_stats TO <user>) to count them."
            )
        ]
    return []

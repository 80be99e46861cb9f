"""Ingesting a query log: stream it, analyse each statement shape once, and add its executions to
the counts per shape, user and day, in batches. Idempotent: a watermark per source and log skips
what an earlier ingestion of the same bytes counted."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone

from catalog.engines import dialect_for_source
from catalog.models import Column, DataSource, Table
from catalog.permissions import recorded, require
from catalog.signals import queries_observed
from usage.analysis import Catalog, LogError, QueryRecord, ShapeAnalyzer, StatementFacts, normalize, read_log
from usage.models import (
    IngestedLog,
    IngestionRun,
    QueryShape,
    ShapeColumn,
    ShapeFilter,
    ShapeJoin,
    ShapeRuns,
    ShapeTable,
)

INGEST = "usage.ingest_queries"
BATCH_LINES = 20_000
MAX_ERRORS_KEPT = 100
MAX_LOG_BYTES = 2 * 1024**3  # 2 GiB: beyond that, split the log
MAX_OBSERVED = 10_000  # writing shapes handed to lineage per ingestion

logger = logging.getLogger(__name__)


class IngestError(Exception):
    pass


def catalog_of(source: DataSource) -> tuple[Catalog, dict, dict]:
    """The source's crawled relations for name resolution, and their table and column ids."""
    tables, columns = {}, {}
    relations: dict[tuple[str, str], list[str]] = {}
    views = set()
    for pk, schema, name, kind in Table.objects.filter(source=source, removed_at__isnull=True).values_list(
        "pk", "schema__name", "name", "kind"
    ):
        tables[(schema, name)] = pk
        relations[(schema, name)] = []
        if kind != "table":
            views.add((schema, name))
    for pk, schema, table, name in Column.objects.filter(
        table__source=source, table__removed_at__isnull=True, removed_at__isnull=True
    ).values_list("pk", "table__schema__name", "table__name", "name"):
        relations.setdefault((schema, table), []).append(name)
        columns[(schema, table, name)] = pk
    return Catalog(relations, views), tables, columns


def ingest_log(
    *,
    source: DataSource,
    stream: BinaryIO,
    fmt: str,
    user,
    name: str = "upload",
    progress: Callable[[IngestionRun], None] | None = None,
) -> IngestionRun:
    """Count the executions of a seekable binary log into `source`'s usage."""
    require(user, INGEST, "You need the Contributor role to upload query logs.")
    if fmt not in ("jsonl", "csv"):
        raise IngestError("Choose the log's format: jsonl (JSON Lines) or csv.")
    size = _size(stream)
    if size > MAX_LOG_BYTES:
        raise IngestError(f"The log is over {MAX_LOG_BYTES // 1024**3} GiB: split it and ingest the parts.")
    run = IngestionRun.objects.create(source=source, name=name[:255], triggered_by=recorded(user))
    try:
        _ingest(run, source, stream, fmt, size, progress)
    except Exception as exc:
        run.status, run.message, run.finished_at = IngestionRun.Status.FAILED, str(exc)[:2000], timezone.now()
        run.save()
        raise
    return run


def _size(stream: BinaryIO) -> int:
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def _skip_ingested(source: DataSource, stream: BinaryIO, size: int) -> tuple[int, int, hashlib._Hash]:
    """Seek past the longest prefix an earlier ingestion counted; return (bytes, lines, hash so far)."""
    for mark in IngestedLog.objects.filter(source=source, bytes_done__lte=size).order_by("-bytes_done"):
        stream.seek(0)
        digest, remaining = hashlib.sha256(), mark.bytes_done
        while remaining:
            chunk = stream.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
        if not remaining and digest.hexdigest() == mark.prefix_sha256:
            return mark.bytes_done, mark.lines_done, digest
    stream.seek(0)
    return 0, 0, hashlib.sha256()


class _HashingReader:
    """Reads lines through to read_log while hashing them and counting bytes, for the watermark."""

    def __init__(self, stream: BinaryIO, digest):
        self.stream, self.digest, self.bytes = stream, digest, 0

    def readline(self, limit: int = -1) -> bytes:
        line = self.stream.readline(limit)
        self.digest.update(line)
        self.bytes += len(line)
        return line


def _ingest(run, source, stream, fmt, size, progress) -> None:
    catalog, table_ids, column_ids = catalog_of(source)
    dialect = dialect_for_source(source)
    analyzer = ShapeAnalyzer(catalog, dialect)
    offset, lines_before, digest = _skip_ingested(source, stream, size)
    run.skipped_lines = lines_before
    reader = _HashingReader(stream, digest)
    batch = _Batch()
    observed: list[tuple[str, str | None]] = []  # new shapes that write: lineage may want them
    last_line = 0
    for item in read_log(reader, fmt):
        last_line = item.line_number
        if isinstance(item, LogError):
            run.error_count += 1
            if len(run.errors) < MAX_ERRORS_KEPT:
                run.errors.append({"line": lines_before + item.line_number, "message": item.message})
            continue
        shape_text = normalize(item.sql)  # once per line: the analyzer and the batch share it
        facts = analyzer.facts(item, shape_text)
        batch.add(item, facts, dialect, shape_text)
        run.executions += 1
        run.unparseable += not facts.parseable
        if len(batch) >= BATCH_LINES:
            observed += _flush(source, batch, table_ids, column_ids)
            batch = _Batch()
            run.lines_read = last_line
            run.save(update_fields=["lines_read", "executions", "unparseable", "error_count", "errors"])
            if progress:
                progress(run)
    observed += _flush(source, batch, table_ids, column_ids)
    run.lines_read = last_line
    run.status, run.finished_at = IngestionRun.Status.SUCCEEDED, timezone.now()
    run.message = (
        f"Counted {run.executions:,} executions"
        + (f" ({run.unparseable:,} unparseable)" if run.unparseable else "")
        + (f"; {run.error_count:,} lines could not be read" if run.error_count else "")
        + (f"; skipped {lines_before:,} lines ingested before" if lines_before else "")
        + "."
        + _hand_over(source, observed)
    )
    with transaction.atomic():
        run.save()
        if reader.bytes:
            IngestedLog.objects.create(
                source=source,
                name=run.name,
                prefix_sha256=digest.hexdigest(),
                bytes_done=offset + reader.bytes,
                lines_done=lines_before + last_line,
            )


def ingest_counted(
    *, source: DataSource, items: Iterable[tuple[QueryRecord, int]], user, name: str
) -> IngestionRun:
    """Count statements already tallied elsewhere (a source's statement statistics): each record
    stands for `count` executions. Recorded as an ingestion run like a log's; the caller keeps its
    own watermark, in the same transaction."""
    require(user, INGEST, "You need the Contributor role to add query history.")
    run = IngestionRun.objects.create(source=source, name=name[:255], triggered_by=recorded(user))
    catalog, table_ids, column_ids = catalog_of(source)
    dialect = dialect_for_source(source)
    analyzer = ShapeAnalyzer(catalog, dialect)
    batch, observed = _Batch(), []
    for item, count in items:
        if count <= 0:
            continue
        facts = analyzer.facts(item)
        batch.add(item, facts, dialect, count=count)
        run.lines_read += 1
        run.executions += count
        run.unparseable += count if not facts.parseable else 0
        if len(batch.runs) >= BATCH_LINES:
            observed += _flush(source, batch, table_ids, column_ids)
            batch = _Batch()
    observed += _flush(source, batch, table_ids, column_ids)
    run.status, run.finished_at = IngestionRun.Status.SUCCEEDED, timezone.now()
    run.message = (
        f"Counted {run.executions:,} executions of {run.lines_read:,} statements"
        + (f" ({run.unparseable:,} unparseable)" if run.unparseable else "")
        + "."
        + _hand_over(source, observed)
    )
    run.save()
    return run


@dataclass
class _Batch:
    shapes: dict = field(default_factory=dict)  # key -> (record, facts)
    runs: dict = field(default_factory=dict)  # (key, user, day) -> [executions, last_run]
    executions: int = 0

    def add(
        self,
        record: QueryRecord,
        facts: StatementFacts,
        dialect: str,
        shape_text: str | None = None,
        count: int = 1,
    ) -> None:
        shape_text = normalize(record.sql) if shape_text is None else shape_text
        shape = hashlib.sha1(f"{dialect}\x00{shape_text}".encode(), usedforsecurity=False)
        key = (shape.hexdigest(), (record.default_schema or "")[:255])
        self.shapes.setdefault(key, (record, facts))
        when = record.start_time
        entry = self.runs.setdefault((key, record.user, when.date()), [0, when])
        entry[0] += count
        entry[1] = max(entry[1], when)
        self.executions += count

    def __len__(self) -> int:
        return self.executions


def _hand_over(source, observed: list) -> str:
    """Tell other apps (lineage) about the writing statements first seen; their failure costs no counts."""
    if not observed:
        return ""
    answers = queries_observed.send_robust(QueryShape, source=source, statements=observed[:MAX_OBSERVED])
    failed = [answer for _, answer in answers if isinstance(answer, Exception)]
    if failed:
        logger.warning("A receiver of queries_observed failed: %r", failed[0])
        return " Lineage from the log's INSERT … SELECT and CREATE TABLE … AS could not be recorded."
    return ""


def _flush(source, batch: _Batch, table_ids: dict, column_ids: dict) -> list[tuple[str, str | None]]:
    """Count the batch; return (sql, default_schema) of the shapes first seen here that write."""
    if not batch.runs:
        return []
    with transaction.atomic():
        shapes, created = _shapes(source, batch, table_ids, column_ids)
        totals: dict = {}
        existing = {
            (run.shape_id, run.user_name, run.day): run
            for run in ShapeRuns.objects.filter(shape_id__in=[s.pk for s in shapes.values()])
            .filter(user_name__in={user for (_, user, _) in batch.runs})
            .filter(day__in={day for (_, _, day) in batch.runs})
        }
        new, changed = [], []
        for (key, user, day), (executions, last_run) in batch.runs.items():
            shape = shapes[key]
            total = totals.setdefault(shape.pk, [0, last_run, last_run])
            total[0] += executions
            total[1], total[2] = min(total[1], last_run), max(total[2], last_run)
            found = existing.get((shape.pk, user, day))
            if found:
                found.executions += executions
                found.last_run = max(found.last_run, last_run)
                changed.append(found)
            else:
                new.append(
                    ShapeRuns(shape=shape, user_name=user, day=day, executions=executions, last_run=last_run)
                )
        ShapeRuns.objects.bulk_create(new, batch_size=1000)
        _update_rows(ShapeRuns, ["executions", "last_run"], changed)
        for shape in shapes.values():
            executions, first, last = totals.get(shape.pk, (0, shape.first_run, shape.last_run))
            shape.executions += executions
            shape.first_run, shape.last_run = min(shape.first_run, first), max(shape.last_run, last)
        _update_rows(QueryShape, ["executions", "first_run", "last_run"], list(shapes.values()))
    return [
        (record.sql, record.default_schema or None)
        for record, facts in (batch.shapes[key] for key in created)
        if facts.parseable and facts.writes
    ]


def _update_rows(model, fields: list[str], objects: list, chunk: int = 500) -> None:
    """UPDATE … FROM a VALUES list, one statement per chunk: Django's bulk_update builds a CASE per
    row and field, which cost more than the rest of an ingestion together."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    names = ", ".join(["id", *(connection.ops.quote_name(c.column) for c in columns)])
    sets = ", ".join(
        f"{connection.ops.quote_name(c.column)} = v.{connection.ops.quote_name(c.column)}" for c in columns
    )
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), chunk):
            part = objects[start : start + chunk]
            row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
            params = []
            for obj in part:
                params.append(obj.pk)
                params.extend(c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns)
            # Only quoted names from the model's _meta and placeholders go into the text.
            values = ", ".join([row] * len(part))
            statement = f"WITH v({names}) AS (VALUES {values}) UPDATE {table} SET {sets} FROM v WHERE {table}.id = v.id"  # noqa: S608, E501
            cursor.execute(statement, params)


def _shapes(source, batch: _Batch, table_ids: dict, column_ids: dict) -> tuple[dict, list]:
    """The batch's shapes from the database, created (with what they read, join and filter) if new;
    and the keys of those created."""
    keys = list(batch.shapes)
    found = {
        (shape.fingerprint, shape.default_schema): shape
        for shape in QueryShape.objects.filter(source=source, fingerprint__in={k[0] for k in keys})
    }
    missing = [key for key in keys if key not in found]
    if missing:
        created = QueryShape.objects.bulk_create(
            [_new_shape(source, key, *batch.shapes[key]) for key in missing], batch_size=500
        )
        if any(shape.pk is None for shape in created):  # backends that return no ids on bulk insert
            created = QueryShape.objects.filter(source=source, fingerprint__in={k[0] for k in missing})
        for shape in created:
            found[(shape.fingerprint, shape.default_schema)] = shape
        _facts_rows([(found[key], batch.shapes[key][1]) for key in missing], table_ids, column_ids)
    return {key: found[key] for key in keys}, missing


def _new_shape(source, key, record: QueryRecord, facts: StatementFacts) -> QueryShape:
    return QueryShape(
        source=source,
        fingerprint=key[0],
        default_schema=key[1],
        sql=record.sql[:20_000],
        parseable=facts.parseable,
        error=facts.error[:1000],
        executions=0,
        first_run=record.start_time,
        last_run=record.start_time,
    )


def _facts_rows(pairs, table_ids: dict, column_ids: dict) -> None:
    tables, columns, joins, filters = [], [], [], []
    for shape, facts in pairs:
        if not facts.parseable:
            continue
        for relation in facts.reads:
            if relation in table_ids:
                tables.append(ShapeTable(shape=shape, table_id=table_ids[relation]))
        for relation in facts.writes - facts.reads:
            if relation in table_ids:
                tables.append(ShapeTable(shape=shape, table_id=table_ids[relation], written=True))
        columns += [
            ShapeColumn(shape=shape, column_id=column_ids[c]) for c in facts.columns if c in column_ids
        ]
        joins += [
            ShapeJoin(shape=shape, left_id=column_ids[a], right_id=column_ids[b])
            for a, b in facts.joins
            if a in column_ids and b in column_ids
        ]
        filters += [
            ShapeFilter(
                shape=shape,
                column_id=column_ids[use.column],
                operators=sorted(use.operators),
                values=list(use.values),
            )  # fmt: skip
            for use in facts.filters
            if use.column in column_ids
        ]
    ShapeTable.objects.bulk_create(tables, batch_size=1000)
    ShapeColumn.objects.bulk_create(columns, batch_size=1000)
    ShapeJoin.objects.bulk_create(joins, batch_size=1000)
    ShapeFilter.objects.bulk_create(filters, batch_size=1000)

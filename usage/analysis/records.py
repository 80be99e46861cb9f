"""Query log records, read line by line: JSON Lines or CSV, streamed, one bad line never stops it."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

MAX_LINE_BYTES = 1_000_000  # one statement of a megabyte is already far beyond any real query
MAX_SQL_CHARS = 200_000
FIELDS = ("sql", "user", "start_time", "duration_ms", "default_schema", "database", "status", "error")


@dataclass(frozen=True)
class QueryRecord:
    line_number: int
    sql: str
    user: str
    start_time: datetime
    duration_ms: float | None = None
    default_schema: str | None = None
    database: str | None = None
    status: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class LogError:
    line_number: int
    message: str


def read_log(
    stream: BinaryIO, fmt: str, *, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[QueryRecord | LogError]:
    """Records of a binary stream, one per line, in order. Each bad line yields a LogError that
    says what is wrong with it; the lines around it are read as usual. Memory stays bounded by
    the longest accepted line, whatever the file's size."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown log format {fmt!r}: use jsonl or csv")
    lines = _lines(stream, max_line_bytes)
    if fmt == "jsonl":
        yield from _jsonl(lines)
    else:
        yield from _csv(lines)


def _lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None, problem) per physical line, decoded as UTF-8 line by line."""
    decoder = codecs.getincrementaldecoder("utf-8")
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the over-long line
                raw = stream.readline(max_line_bytes + 1)
            yield number, None, f"line is longer than {max_line_bytes:,} bytes"
            continue
        if b"\x00" in raw:
            yield number, None, "binary data (a NUL byte) in the line"
            continue
        try:
            text = decoder().decode(raw, final=True)
        except UnicodeDecodeError as exc:
            yield number, None, f"not UTF-8 text (byte {exc.start + 1})"
            continue
        yield number, text.rstrip("\r\n"), ""


def _jsonl(lines) -> Iterator[QueryRecord | LogError]:
    for number, text, problem in lines:
        if problem:
            yield LogError(number, problem)
            continue
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield LogError(number, f"not valid JSON: {getattr(exc, 'msg', 'too deeply nested')}")
            continue
        if not isinstance(data, dict):
            yield LogError(number, "a line must be a JSON object with at least sql, user and start_time")
            continue
        yield _record(number, data)


def _csv(lines) -> Iterator[QueryRecord | LogError]:
    header: list[str] | None = None
    pending: list[str] = []
    first_number = 0
    for number, text, problem in lines:
        if problem:
            yield LogError(number, problem)
            pending = []
            continue
        if header is None:
            header = [name.strip().lower() for name in next(csv.reader([text]))]
            missing = {"sql", "user", "start_time"} - set(header)
            if missing:
                yield LogError(number, f"the CSV header lacks {', '.join(sorted(missing))}")
                return
            continue
        if not pending:
            first_number = number
        pending.append(text)
        joined = "\n".join(pending)
        if joined.count('"') % 2:  # a quoted field goes on over the next line
            if len(joined) > MAX_SQL_CHARS:
                yield LogError(first_number, "a quoted field is never closed")
                pending = []
            continue
        pending = []
        if not joined.strip():
            continue
        try:
            row = next(csv.reader(io.StringIO(joined), strict=True))
        except csv.Error as exc:
            yield LogError(first_number, f"not valid CSV: {exc}")
            continue
        if len(row) != len(header):
            yield LogError(first_number, f"expected {len(header)} fields, found {len(row)}")
            continue
        yield _record(first_number, dict(zip(header, row, strict=True)))


def _record(number: int, data: dict) -> QueryRecord | LogError:
    sql, user, start = data.get("sql"), data.get("user"), data.get("start_time")
    if not isinstance(sql, str) or not sql.strip():
        return LogError(number, "sql is missing or empty")
    if len(sql) > MAX_SQL_CHARS:
        return LogError(number, f"sql is longer than {MAX_SQL_CHARS:,} characters")
    if not isinstance(user, str) or not user.strip():
        return LogError(number, "user is missing or empty")
    if not isinstance(start, str):
        return LogError(number, "start_time is missing")
    try:
        started = datetime.fromisoformat(start.strip().replace("Z", "+00:00"))
    except ValueError:
        return LogError(number, f"start_time {start[:40]!r} is not an ISO-8601 time")
    if started.tzinfo is None:
        return LogError(number, "start_time has no UTC offset (write it like 2026-01-31T09:30:00+00:00)")
    duration = data.get("duration_ms")
    try:
        duration = float(duration) if duration not in (None, "") else None
    except (TypeError, ValueError):
        return LogError(number, f"duration_ms {str(duration)[:20]!r} is not a number")
    return QueryRecord(
        line_number=number,
        sql=sql,
        user=user.strip()[:150],
        start_time=started,
        duration_ms=duration,
        default_schema=_text(data.get("default_schema")),
        database=_text(data.get("database")),
        status=_text(data.get("status")),
        error=_text(data.get("error")),
    )


def _text(value) -> str | None:
    if value is None or value == "":
        return None
    return str(value)[:1000]

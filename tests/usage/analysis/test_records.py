"""Reading logs: every bad line says what is wrong with it and where; the good lines around it are kept."""

import io

from usage.analysis import LogError, QueryRecord, read_log


def _read(data: bytes, fmt="jsonl", **kwargs):
    return list(read_log(io.BytesIO(data), fmt, **kwargs))


GOOD = b'{"sql": "SELECT 1", "user": "ana", "start_time": "2026-11-01T09:00:00+01:00", "duration_ms": 12}\n'


def test_malformed_binary_wrongly_encoded_and_huge_lines_are_reported_with_their_number():
    data = (
        GOOD
        + b"{not json\n"
        + b'{"sql": "SELECT 2", "user": "ben", "start_time": "yesterday"}\n'
        + b'{"sql": "SELECT 3", "user": "ben", "start_time": "2026-11-01T09:00:00"}\n'
        + b"\x00\x01\x02binary\n"
        + b'{"sql": "SELECT \xe9", "user": "x", "start_time": "2026-11-01T09:00:00Z"}\n'
        + b'{"sql": "'
        + b"x" * 5000
        + b'", "user": "y", "start_time": "2026-11-01T09:00:00Z"}\n'
        + b"[1, 2]\n"
        + b'{"user": "z", "start_time": "2026-11-01T09:00:00Z"}\n'
        + GOOD
    )
    found = _read(data, max_line_bytes=1000)
    errors = {item.line_number: item.message for item in found if isinstance(item, LogError)}
    records = [item for item in found if isinstance(item, QueryRecord)]
    assert [r.line_number for r in records] == [1, 10]
    assert records[0].user == "ana" and records[0].duration_ms == 12 and records[0].start_time.utcoffset()
    assert "not valid JSON" in errors[2]
    assert "not an ISO-8601 time" in errors[3]
    assert "no UTC offset" in errors[4]
    assert "binary" in errors[5]
    assert "not UTF-8" in errors[6]
    assert "longer than 1,000 bytes" in errors[7]
    assert "JSON object" in errors[8]
    assert "sql is missing" in errors[9]


def test_csv_with_quoted_multiline_sql():
    data = (
        b"sql,user,start_time,duration_ms,default_schema\n"
        b'"SELECT a,\n  b FROM t",ana,2026-11-01T09:00:00+00:00,5,sales\n'
        b"SELECT 1,ben,2026-11-01T09:00:00+00:00\n"
        b"SELECT 2,cy,2026-11-01T10:00:00+00:00,,public\n"
    )
    found = _read(data, "csv")
    assert isinstance(found[0], QueryRecord) and found[0].sql == "SELECT a,\n  b FROM t"
    assert found[0].default_schema == "sales" and found[0].line_number == 2
    assert isinstance(found[1], LogError) and "expected 5 fields" in found[1].message
    assert isinstance(found[2], QueryRecord) and found[2].user == "cy"


def test_a_csv_without_the_required_columns_says_which():
    (error,) = _read(b"query,who\nSELECT 1,ana\n", "csv")
    assert "lacks sql, start_time, user" in error.message


def test_a_big_log_streams_without_holding_it_in_memory():
    stream = io.BytesIO(GOOD * 20_000)
    reader = read_log(stream, "jsonl")
    first = next(reader)
    assert first.line_number == 1 and stream.tell() < len(GOOD) * 100  # read line by line
    assert sum(1 for _ in reader) == 19_999

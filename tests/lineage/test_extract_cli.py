"""The `manage.py lineage` command and its Django-free core."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lineage.extraction.cli import CliError, run

SQL = "INSERT INTO mart.t (a) SELECT x FROM s.src;\nSELECT FROM WHERE ((;\nDROP TABLE x;"


@pytest.fixture
def sql_file(tmp_path):
    path = tmp_path / "in.sql"
    path.write_text(SQL)
    return path


def test_it_prints_one_json_object_per_statement(sql_file):
    data = json.loads(run(str(sql_file), "postgres"))
    assert len(data) == 3
    assert data[0]["target"] == "mart.t"
    assert data[0]["sources"] == ["s.src"]
    assert data[0]["columns"] == [{"target": "a", "sources": ["s.src.x"]}]
    assert data[0]["error"] is None
    assert data[1]["error"] and data[1]["status"] == "failed"
    assert data[2]["columns"] is None
    assert {"target", "sources", "columns", "error"} <= set(data[0])


def test_it_prints_text_for_people(sql_file):
    text = run(str(sql_file), "postgres", fmt="text")
    assert "target:  mart.t" in text and "a <= s.src.x" in text and "error:" in text


def test_it_applies_the_default_schema(sql_file):
    sql_file.write_text("INSERT INTO t SELECT a FROM s")
    data = json.loads(run(str(sql_file), "postgres", default_schema="public"))
    assert data[0]["target"] == "public.t" and data[0]["sources"] == ["public.s"]


def test_it_reads_stdin():
    data = json.loads(run("-", "mysql", stdin=io.StringIO("SELECT a FROM b")))
    assert data[0]["sources"] == ["b"]


def test_it_rejects_unreadable_files_and_unknown_dialects(tmp_path, sql_file):
    with pytest.raises(CliError, match="cannot read"):
        run(str(tmp_path / "missing.sql"), "postgres")
    with pytest.raises(CliError, match="unknown SQL dialect"):
        run(str(sql_file), "klingon")


def test_the_management_command_prints_json(sql_file):
    out = io.StringIO()
    call_command("lineage", str(sql_file), "--dialect", "postgres", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["status"] for d in data] == ["complete", "failed", "complete"]


def test_the_management_command_reads_stdin_and_prints_text():
    out = io.StringIO()
    call_command("lineage", "-", "--dialect", "snowflake", "--format", "text",
                 stdin=io.StringIO("CREATE TABLE a CLONE b"), stdout=out)  # fmt: skip
    assert "sources: b" in out.getvalue()


def test_the_management_command_fails_clearly(tmp_path, sql_file):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("lineage", str(tmp_path / "nope.sql"), "--dialect", "postgres")
    with pytest.raises(CommandError, match="unknown SQL dialect"):
        call_command("lineage", str(sql_file), "--dialect", "nope")

"""Lineage from query history: the INSERT … SELECT and CREATE TABLE … AS of an ingested query log
become "query history" edges, once per statement shape, without anyone pasting SQL."""

import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from lineage.models import ColumnLineageEdge, LineageStatement, Origin, TableLineageEdge
from tests.lineage.conftest import crawl

pytestmark = pytest.mark.django_db

ETL = (
    "INSERT INTO sales.order_archive (id, customer_id, amount)"
    " SELECT id, customer_id, amount FROM sales.orders WHERE amount > {}"
)


def _ingest(source, tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    call_command("ingest_queries", source.slug, str(path), stdout=io.StringIO())


def _line(sql, user="etl"):
    return {"sql": sql, "user": user, "start_time": "2026-11-02T03:00:00+00:00"}


@pytest.fixture
def archived_shop(shop_source):
    with sqlite3.connect(shop_source.folder / "sales.sqlite") as conn:
        conn.execute("CREATE TABLE order_archive (id INTEGER, customer_id INTEGER, amount REAL)")
    crawl(shop_source)
    return shop_source


def test_a_logged_insert_select_becomes_table_and_column_lineage(archived_shop, tmp_path):
    _ingest(
        archived_shop, tmp_path, "night.jsonl", [_line(ETL.format(100)), _line("SELECT * FROM sales.orders")]
    )

    edges = TableLineageEdge.objects.filter(origin=Origin.QUERY).select_related(
        "source_table", "target_table"
    )
    assert {(e.source_table.name, e.target_table.name) for e in edges} == {("orders", "order_archive")}
    amounts = ColumnLineageEdge.objects.filter(origin=Origin.QUERY, target_column__name="amount")
    assert [e.source_column.name for e in amounts.select_related("source_column")] == ["amount"]
    [statement] = LineageStatement.objects.filter(origin=Origin.QUERY)
    assert statement.source == archived_shop and "order_archive" in statement.sql


def test_the_same_statement_shape_is_recorded_once_however_often_it_runs(archived_shop, tmp_path):
    _ingest(archived_shop, tmp_path, "monday.jsonl", [_line(ETL.format(100)), _line(ETL.format(250))])
    _ingest(archived_shop, tmp_path, "tuesday.jsonl", [_line(ETL.format(500))])
    assert LineageStatement.objects.filter(origin=Origin.QUERY).count() == 1
    assert TableLineageEdge.objects.filter(origin=Origin.QUERY).count() == 1


def test_reads_and_unparseable_lines_carry_no_lineage(archived_shop, tmp_path):
    _ingest(
        archived_shop,
        tmp_path,
        "reads.jsonl",
        [_line("SELECT * FROM sales.orders"), _line("INSERT INTO sales.order_archive SELECT FROM WHERE")],
    )
    assert not LineageStatement.objects.filter(origin=Origin.QUERY).exists()

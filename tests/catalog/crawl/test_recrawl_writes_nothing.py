"""A re-crawl of a source that did not change writes nothing to the catalog and indexes nothing.

Checked three ways on a real source (the demo source, in SQLite and in PostgreSQL): every row of
the catalog's crawled tables is the same, with the same id and timestamps; no INSERT, UPDATE,
DELETE or COPY statement reached any table but the run record (not the catalog's, not the search
index's, not those of the apps that react to a crawl: lineage, governance, usage); and on a
PostgreSQL catalog its own counters (pg_stat_xact_user_tables, this transaction's row writes)
did not move but the run record's.
"""

import psycopg
import pytest
from django.db import connection

import demo
from catalog.models import (
    Column,
    ColumnProfile,
    Constraint,
    CrawlRun,
    Schema,
    SearchDocument,
    Table,
    TableChange,
    TableSample,
)

pytestmark = pytest.mark.django_db

CRAWLED = [Schema, Table, Column, Constraint, ColumnProfile, TableSample, TableChange, SearchDocument]
RUN_RECORD = CrawlRun._meta.db_table
WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


def _rows():
    return {model.__name__: sorted(model.objects.values_list(), key=lambda row: row[0]) for model in CRAWLED}


def _row_writes() -> dict[str, tuple[int, int, int]]:
    """PostgreSQL's count of rows this transaction inserted, updated and deleted, per table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE relname <> %s",
            [RUN_RECORD],
        )
        return {name: tuple(counts) for name, *counts in cursor.fetchall()}


def _recrawl_writes_nothing(crawl, source):
    first = crawl(source)
    assert first.counts["tables_added"] > 10 and first.counts["samples_written"] > 10
    assert ColumnProfile.objects.filter(column__table__source=source).count() > 50
    assert SearchDocument.objects.count() > 50
    before = _rows()
    counters = _row_writes() if connection.vendor == "postgresql" else None
    statements = []

    def record(execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in WRITES and RUN_RECORD not in sql:
            statements.append(sql[:200])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        again = crawl(source)

    assert statements == []
    assert _rows() == before
    if counters is not None:
        assert _row_writes() == counters
    assert again.counts["tables_sampled"] == first.counts["tables_sampled"]
    assert again.counts["samples_written"] == 0 and again.counts["profiles_written"] == 0
    # What users read still says the tables were crawled by the latest crawl.
    table = Table.objects.with_last_crawl().get(source=source, schema__name="ipps", name="summ_top_drg")
    assert table.last_crawl_time() == again.finished_at


def test_it_writes_nothing_when_a_sqlite_source_did_not_change(crawl, register, tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    demo.build_sqlite(tmp_path / "demo")
    _recrawl_writes_nothing(crawl, register("Demo", f"sqlite:///{tmp_path / 'demo'}"))


def test_it_writes_nothing_when_a_postgres_source_did_not_change(
    crawl, register, postgres_database, settings
):
    # Some demo tables are larger than this: they are sampled spread out rather than read whole,
    # and the same unchanged table must give the same sample.
    settings.CRAWL_EXACT_PROFILE_ROWS = 200
    demo.build_postgres(postgres_database, create_database=False)
    _recrawl_writes_nothing(crawl, register("Demo PG", postgres_database))


def test_a_changed_sample_and_profile_are_rewritten_and_the_rest_left_alone(
    crawl, register, postgres_database
):
    demo.build_postgres(postgres_database, create_database=False)
    source = register("Demo PG", postgres_database)
    crawl(source)
    lu_drg = Table.objects.get(source=source, schema__name="ipps", name="lu_drg")
    # Views that read lu_drg change with it; every other sample stays as it was.
    untouched = TableSample.objects.exclude(table=lu_drg).exclude(table__kind="view")
    others = {row[0]: row for row in untouched.values_list()}
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("UPDATE ipps.lu_drg SET drg_definition = lower(drg_definition)")
        conn.execute("ANALYZE ipps.lu_drg")

    run = crawl(source)

    assert 1 <= run.counts["samples_written"] <= 3
    sample = TableSample.objects.get(table=lu_drg)
    column = sample.columns.index("drg_definition")
    assert all(row[column] == row[column].lower() for row in sample.rows)
    assert {row[0]: row for row in untouched.values_list()} == others
    profile = ColumnProfile.objects.get(column__table=lu_drg, column__name="drg_definition")
    assert profile.max_value == profile.max_value.lower()
    assert (
        run.counts["profiles_written"]
        == ColumnProfile.objects.filter(profiled_at__gte=run.started_at).count()
    )
    assert 1 <= run.counts["profiles_written"] < 10

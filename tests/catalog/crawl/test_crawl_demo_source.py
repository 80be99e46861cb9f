"""The whole crawl path, on the demo source written into each engine."""

import pytest

import demo
from catalog.models import Column, ColumnProfile, Constraint, CrawlRun, Schema, Table, TableSample
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source

pytestmark = pytest.mark.django_db


def _crawl(source):
    run, created = crawl_request(user=SYSTEM, source=source, enqueue=False)
    assert created
    return crawl_source(run_id=run.pk)


def _assert_demo_catalog(source, schema_prefix=""):
    ipps = f"{schema_prefix}ipps"
    schemas = set(Schema.objects.filter(source=source).values_list("name", flat=True))
    assert {f"{schema_prefix}{name}" for name in demo.SCHEMAS} <= schemas
    summ = Table.objects.get(source=source, schema__name=ipps, name="summ_top_drg")
    assert summ.kind == "table"
    names = list(summ.columns.order_by("position").values_list("name", flat=True))
    assert names[:2] == [c.name for c in demo.generate().table("ipps.summ_top_drg").columns][:2]
    assert {"drg", "provider_id", "provider_state", "average_total_payments"} <= set(names)
    primary = Constraint.objects.get(table=summ, kind="primary")
    assert set(primary.columns) == {"drg", "provider_id", "year"}
    foreign = Constraint.objects.filter(table=summ, kind="foreign")
    assert {c.ref_table_name for c in foreign} >= {"lu_drg", "provider"}
    assert all(c.ref_table is not None for c in foreign)
    view = Table.objects.get(source=source, schema__name=ipps, name="v_state_drg_summary")
    assert view.kind == "view"
    assert "summ_top_drg" in view.definition.lower()
    sample = TableSample.objects.get(table=summ)
    assert len(sample.rows) == 100
    assert sample.columns == names
    state = Column.objects.get(table=summ, name="provider_state")
    profile = ColumnProfile.objects.get(column=state)
    assert profile.distinct_count and profile.distinct_count > 1
    assert profile.most_common and len(profile.most_common[0][0]) == 2


def test_it_crawls_the_demo_source_on_sqlite(register, tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    demo.build_sqlite(tmp_path / "demo")
    source = register("Demo", f"sqlite:///{tmp_path / 'demo'}")
    run = _crawl(source)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    assert run.progress == 100
    assert run.counts["tables_added"] == len(demo.generate().tables) + len(demo.generate().views)
    _assert_demo_catalog(source)


def test_it_crawls_the_demo_source_on_postgres(register, postgres_database):
    demo.build_postgres(postgres_database, create_database=False)
    source = register("Demo PG", postgres_database)
    run = _crawl(source)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    _assert_demo_catalog(source)
    summ = Table.objects.get(source=source, schema__name="ipps", name="summ_top_drg")
    assert summ.comment  # PostgreSQL keeps comments, on schemas too
    ipps = Schema.objects.get(source=source, name="ipps")
    assert ipps.comment == demo.SCHEMAS["ipps"]
    assert summ.row_count and summ.size_bytes
    # pg_stats describe the whole table once analyzed; the profile says where it came from.
    assert ColumnProfile.objects.filter(column__table=summ).exists()


def test_it_crawls_the_demo_source_on_mariadb(register, mysql_prefix):
    demo.build_mysql("mysql://root@127.0.0.1:3306/", prefix=mysql_prefix)
    source = register("Demo MariaDB", "mysql://root@127.0.0.1:3306/", include_schemas=[f"{mysql_prefix}*"])
    run = _crawl(source)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    _assert_demo_catalog(source, schema_prefix=mysql_prefix)
    assert not Schema.objects.filter(source=source, name="mysql").exists()

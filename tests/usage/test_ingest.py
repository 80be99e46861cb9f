"""Query logs into a crawled PostgreSQL source, end to end: ingest_queries then usage_report, the
pages and the API. The report must equal the pure library's count of the same log, which
tests/usage/analysis checks against the generator's labels."""

import io
import json

import psycopg
import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from catalog.models import Table
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from tests.catalog.crawl.conftest import postgres_database  # noqa: F401 - a fixture
from tests.usage.generator import SHOP, VIEWS, generate
from usage.analysis import Catalog, ShapeAnalyzer, UsageCounter, read_log
from usage.models import QueryShape, SavedQuery, ShapeFilter, ShapeJoin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_source(postgres_database):  # noqa: F811
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        for schema in sorted({schema for schema, _ in SHOP}):
            conn.execute(f"CREATE SCHEMA {schema}")
        for (schema, name), columns in SHOP.items():
            if (schema, name) in VIEWS:
                continue
            conn.execute(f"CREATE TABLE {schema}.{name} ({', '.join(f'{c} text' for c in columns)})")
        for schema, name in VIEWS:
            select = ", ".join(f"NULL::text AS {c}" for c in SHOP[(schema, name)])
            conn.execute(f"CREATE VIEW {schema}.{name} AS SELECT {select}")
    source = source_save(user=SYSTEM, name="Shop", url=postgres_database)
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source(run_id=run.pk)
    return source


def _report(source) -> dict:
    out = io.StringIO()
    call_command("usage_report", source.slug, format="json", stdout=out)
    return json.loads(out.getvalue())


def _library_report(log) -> dict:
    catalog = Catalog(SHOP, VIEWS)
    analyzer, counter = ShapeAnalyzer(catalog), UsageCounter(catalog)
    for record in read_log(io.BytesIO(log.jsonl()), "jsonl"):
        counter.add(record, analyzer.facts(record))
    return counter.report()


def test_ingest_then_report_counts_as_the_conventions_say_and_twice_counts_nothing_twice(
    shop_source, tmp_path
):
    log = generate(executions=1500, seed=3)
    path = tmp_path / "log.jsonl"
    path.write_bytes(log.jsonl())
    call_command("ingest_queries", shop_source.slug, str(path), stdout=io.StringIO())
    report = _report(shop_source)
    assert report == _library_report(log)
    assert report["unparseable_executions"] == log.expected()["unparseable"]
    orders = report["tables"]["sales.orders"]
    assert orders["executions"] == log.expected()["tables"][("sales", "orders")][0]

    call_command("ingest_queries", shop_source.slug, str(path), stdout=io.StringIO())
    assert _report(shop_source) == report  # the same log again: nothing counted twice

    more = generate(executions=300, seed=4)
    path.write_bytes(log.jsonl() + more.jsonl())  # the log grew: only the new lines count
    call_command("ingest_queries", shop_source.slug, str(path), stdout=io.StringIO())
    grown = _report(shop_source)
    assert grown["tables"]["sales.orders"]["executions"] == orders["executions"] + sum(
        1 for label in more.labels if label.parseable and ("sales", "orders") in label.reads
    )


def test_a_bad_log_keeps_its_good_lines_and_says_which_lines_are_bad(shop_source, tmp_path):
    good = (
        b'{"sql": "SELECT * FROM sales.orders", "user": "ana", "start_time": "2026-11-01T09:00:00+00:00"}\n'
    )
    path = tmp_path / "bad.jsonl"
    path.write_bytes(good + b"{oops\n" + b"\xff\xfe\n" + good)
    err = io.StringIO()
    call_command("ingest_queries", shop_source.slug, str(path), stdout=io.StringIO(), stderr=err)
    assert "line 2: not valid JSON" in err.getvalue() and "line 3: not UTF-8" in err.getvalue()
    assert _report(shop_source)["tables"]["sales.orders"]["executions"] == 2


def test_tabs_panel_and_api_show_the_usage_with_bounded_queries(
    shop_source, tmp_path, client, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    log = generate(executions=800, seed=5)
    path = tmp_path / "log.jsonl"
    path.write_bytes(log.jsonl())
    call_command("ingest_queries", shop_source.slug, str(path), stdout=io.StringIO())
    client.force_login(UserFactory(username="vera", role="Viewer"))
    orders = Table.objects.get(source=shop_source, name="orders")
    for tab, text in (("queries", "SELECT"), ("joins", "sales.customers"), ("filters", "order_status")):
        with django_assert_max_num_queries(24):
            page = client.get(reverse("table-tab", args=[orders.pk, tab])).content.decode()
        assert text in page, tab
    overview = client.get(reverse("table-detail", args=[orders.pk])).content.decode()
    assert 'data-panel="top-users"' in overview and "Queries <span" in overview
    # The three tab counts, read in one query, are what each counts: parseable shapes reading the
    # table plus its saved queries, distinct column pairs joining it, distinct columns filtered on.
    joined = ShapeJoin.objects.filter(Q(left__table=orders) | Q(right__table=orders))
    read = QueryShape.objects.filter(tables__table=orders, tables__written=False, parseable=True)
    expected = {
        "Queries": read.count() + SavedQuery.objects.filter(tables__table=orders).count(),
        "Joins": joined.values("left_id", "right_id").distinct().count(),
        "Filters": ShapeFilter.objects.filter(column__table=orders).values("column_id").distinct().count(),
    }
    assert all(expected.values())
    for label, n in expected.items():
        assert f'>{label} <span class="count">{n}</span></a>' in overview, label
    data = client.get(f"/api/usage/tables/{orders.pk}/").json()
    assert data["queries"] and data["joins"] and data["filters"] and data["top_users"]
    assert client.get(f"/api/usage/sources/{shop_source.slug}/report/").json() == _report(shop_source)
    shape = QueryShape.objects.filter(tables__table=orders).first()
    assert "sales" in client.get(reverse("usage-query", args=[shape.pk])).content.decode()


def test_only_contributors_upload_logs(shop_source, client):
    from tests.factories import UserFactory

    good = (
        b'{"sql": "SELECT 1 FROM sales.orders", "user": "ana", "start_time": "2026-11-01T09:00:00+00:00"}\n'
    )
    client.force_login(UserFactory(username="vera", role="Viewer"))
    url = f"/api/usage/sources/{shop_source.slug}/logs/"
    denied = client.post(url, {"log": io.BytesIO(good)}, format="multipart")
    assert denied.status_code == 403 and not QueryShape.objects.exists()
    client.force_login(UserFactory(username="carl", role="Contributor"))
    upload = io.BytesIO(good)
    upload.name = "log.jsonl"
    response = client.post(url, {"log": upload})
    assert response.status_code == 201 and response.json()["executions"] == 1

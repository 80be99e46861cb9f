"""A crawl that fails records why and leaves the catalog exactly as it was."""

import pytest

from catalog.connectors import CatalogSnapshot, ColumnRecord, TableRecord
from catalog.models import Column, CrawlRun, Schema, Table, TableChange
from catalog.permissions import SYSTEM
from catalog.services.catalog_sync import CrawlData, sync_catalog
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.source_filter import SourceFilter
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db


def _catalog_state(source):
    return (
        sorted(Schema.objects.filter(source=source).values_list("name", "removed_at", "hidden")),
        sorted(Table.objects.filter(source=source).values_list("name", "removed_at", "hidden", "row_count")),
        sorted(Column.objects.filter(table__source=source).values_list("name", "data_type", "removed_at")),
        TableChange.objects.filter(table__source=source).count(),
    )


@pytest.fixture
def crawled(sqlite_source, register):
    sqlite_source.execute("sales", "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL)")
    source = register("Sales", sqlite_source.url)
    assert crawl_once(source, must_succeed=False).status == CrawlRun.Status.SUCCEEDED
    return source


def test_a_source_that_is_down_fails_with_a_clear_message_and_loses_nothing(register, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    source = register("Down", "postgresql://reader@127.0.0.1:1/warehouse")
    run = crawl_once(source, must_succeed=False)
    assert run.status == CrawlRun.Status.FAILED
    assert "Could not reach 127.0.0.1:1" in run.error
    assert not Table.objects.filter(source=source).exists()


def test_a_wrong_password_fails_without_showing_the_password(register, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    source = register("Wrong", "mysql://root@127.0.0.1:3306/", password="s3cret-Pa55")
    run = crawl_once(source, must_succeed=False)
    assert run.status == CrawlRun.Status.FAILED
    assert "Authentication failed" in run.error
    assert "s3cret-Pa55" not in run.error + str(run.warnings)


def test_a_failure_while_saving_rolls_the_whole_crawl_back(crawled):
    """The connector handed over a table in a schema it never listed: saving stops half way."""
    before = _catalog_state(crawled)
    run = CrawlRun.objects.create(source=crawled, status=CrawlRun.Status.RUNNING)
    snapshot = CatalogSnapshot(
        schemas=["sales", "ghost"],
        tables=[
            TableRecord(
                "sales",
                "refunds",
                "table",
                None,
                None,
                3,
                None,
                [ColumnRecord("id", 1, "INT", False, None, None)],
                [],
            ),
            TableRecord("ghost", "t", "table", None, None, None, None, [], []),
        ],
    )
    data = CrawlData(listed_schemas=["sales"], snapshot=snapshot, samples={}, sample_profiles={})
    with pytest.raises(KeyError):
        sync_catalog(run=run, data=data, source_filter=SourceFilter())
    assert _catalog_state(crawled) == before


def test_a_crawl_that_breaks_midway_is_recorded_as_failed_and_changes_nothing(crawled, sqlite_source):
    before = _catalog_state(crawled)
    # A file that is not a database: attaching works, reading its catalog fails half way.
    (sqlite_source.folder / "broken.sqlite").write_bytes(b"this is not a database file" * 100)
    sqlite_source.execute("sales", "DROP TABLE orders")
    run = crawl_once(crawled, must_succeed=False)
    assert run.status == CrawlRun.Status.FAILED
    assert run.error
    assert _catalog_state(crawled) == before


def test_two_crawls_requested_at_once_make_one_run(crawled):
    first, created_first = crawl_request(user=SYSTEM, source=crawled, enqueue=False)
    second, created_second = crawl_request(user=SYSTEM, source=crawled, enqueue=False)
    assert created_first and not created_second
    assert first.pk == second.pk
    assert CrawlRun.objects.active().filter(source=crawled).count() == 1


def test_a_finished_run_is_not_crawled_again_when_its_task_is_redelivered(crawled):
    run = CrawlRun.objects.filter(source=crawled).latest("queued_at")
    finished_at = run.finished_at
    assert crawl_source(run_id=run.pk).finished_at == finished_at

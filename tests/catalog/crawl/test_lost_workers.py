"""A crawl whose worker died is failed within a minute or two, says why, and blocks nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import CrawlRun
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source, fail_lost_runs
from catalog.tasks import fail_lost_crawls_task
from tests.factories import CrawlRunFactory, DataSourceFactory

pytestmark = pytest.mark.django_db


def _running(source, seconds_ago):
    return CrawlRunFactory(
        source=source,
        status=CrawlRun.Status.RUNNING,
        started_at=timezone.now() - timedelta(seconds=seconds_ago + 10),
        heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_a_new_request_fails_a_run_that_stopped_beating_and_starts_afresh():
    source = DataSourceFactory()
    lost = _running(source, seconds_ago=120)
    run, created = crawl_request(source=source, user=SYSTEM, enqueue=False)
    lost.refresh_from_db()
    assert created and run.pk != lost.pk
    assert lost.status == CrawlRun.Status.FAILED and "stopped" in lost.error and lost.finished_at


def test_a_run_that_still_beats_is_left_alone_and_returned():
    source = DataSourceFactory()
    alive = _running(source, seconds_ago=5)
    run, created = crawl_request(source=source, user=SYSTEM, enqueue=False)
    assert not created and run.pk == alive.pk


def test_the_beat_task_fails_lost_runs_of_every_source_within_a_minute():
    lost = [_running(DataSourceFactory(), seconds_ago=100) for _ in range(3)]
    fresh = _running(DataSourceFactory(), seconds_ago=10)
    fail_lost_crawls_task()
    assert {CrawlRun.objects.get(pk=r.pk).status for r in lost} == {CrawlRun.Status.FAILED}
    assert CrawlRun.objects.get(pk=fresh.pk).status == CrawlRun.Status.RUNNING
    assert fail_lost_runs() == 0  # nothing left to fail


def test_a_redelivered_task_does_not_crawl_a_run_another_worker_is_crawling():
    source = DataSourceFactory()
    alive = _running(source, seconds_ago=5)
    assert crawl_source(run_id=alive.pk).status == CrawlRun.Status.RUNNING
    assert CrawlRun.objects.get(pk=alive.pk).attempts == alive.attempts

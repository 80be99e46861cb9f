"""Crawls run as Celery tasks: on a real worker over Redis, and in-process on the embedded default."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from catalog.models import CrawlRun, Table
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request
from catalog.tasks import crawl_source_task
from config.celery import app
from tests.catalog.crawl.conftest import celery_sending_to

REDIS_URL = os.environ.get("CELERY_BROKER_URL", "").startswith("redis://") and os.environ["CELERY_BROKER_URL"]
TEST_BROKER = REDIS_URL or "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_worker():
    """A real worker thread consuming its own queue on Redis (one queue per test process, for xdist)."""
    queue = f"catalog-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    with (
        celery_sending_to(TEST_BROKER, task_default_queue=queue),
        start_worker(
            app, pool="solo", concurrency=1, queues=[queue], perform_ping_check=False, shutdown_timeout=30
        ),
    ):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_crawl_runs_on_a_real_worker_over_redis(redis_worker, sqlite_source, register):
    sqlite_source.execute("sales", "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL)")
    source = register("Sales", sqlite_source.url)
    with transaction.atomic():
        run, created = crawl_request(user=SYSTEM, source=source)
    assert created
    run = _wait_for(run)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    assert Table.objects.filter(source=source, name="orders").exists()


def _wait_for(run, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            return run
        time.sleep(0.2)
    raise AssertionError(f"crawl #{run.pk} still {run.status} after {seconds} s")


@pytest.mark.django_db
def test_a_source_that_stays_down_is_retried_then_failed(register, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    source = register("Down", "postgresql://reader@127.0.0.1:1/warehouse")
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source_task.apply(args=[run.pk])  # runs here; its retries run at once, without the backoff
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.FAILED
    assert run.attempts == settings.CRAWL_RETRIES + 1
    assert "Could not reach" in run.error

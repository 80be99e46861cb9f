"""Celery tasks: thin, take ids, call one service. Queued with transaction.on_commit."""

from celery import shared_task
from django.conf import settings

from catalog.models import DataSource
from catalog.permissions import SYSTEM
from catalog.services.crawl import TransientCrawlError, crawl_request, crawl_source, fail_lost_runs
from catalog.services.search_sync import index_crawl_changes


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=settings.CRAWL_TIME_LIMIT,
    soft_time_limit=settings.CRAWL_TIME_LIMIT - 30,
    max_retries=settings.CRAWL_RETRIES,
)
def crawl_source_task(self, run_id: int) -> None:
    final = self.request.retries >= self.max_retries
    try:
        crawl_source(run_id=run_id, final_attempt=final)
    except TransientCrawlError as exc:
        # Exponential backoff: 30 s, 60 s, 120 s … (in-process runs retry at once).
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from None


@shared_task(acks_late=True, time_limit=60)
def crawl_scheduled_source(source_id: int) -> None:
    """Fired by celery beat on the source's schedule; goes through the same one-at-a-time gate."""
    source = DataSource.objects.filter(pk=source_id).first()
    if source is not None:
        crawl_request(source=source, user=SYSTEM)


@shared_task(acks_late=True, time_limit=settings.CRAWL_TIME_LIMIT)
def index_crawl_changes_task(source_id: int, changes: dict[str, list[int]] | None) -> None:
    """Bring the search index up to date with what a crawl changed (all of the source when None)."""
    source = DataSource.objects.filter(pk=source_id).first()
    if source is not None:
        index_crawl_changes(source=source, changes=changes)


@shared_task(time_limit=60)
def fail_lost_crawls_task() -> None:
    """Every minute (beat): crawls whose worker stopped beating are failed with the reason."""
    fail_lost_runs()

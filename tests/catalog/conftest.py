import pytest

from catalog.models import CrawlRun
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source


@pytest.fixture
def crawl(django_capture_on_commit_callbacks, tasks_in_process):
    """Crawl a source, then run what its commit queued (search indexing), as a worker would."""

    def _crawl(source):
        with django_capture_on_commit_callbacks(execute=True):
            run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
            run = crawl_source(run_id=run.pk)
        assert run.status == CrawlRun.Status.SUCCEEDED, run.error
        return run

    return _crawl

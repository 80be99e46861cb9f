import pytest
from playwright.sync_api import expect

from catalog.models import CrawlRun
from catalog.roles import VIEWER
from tests.factories import CrawlRunFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_source_page_follows_a_running_crawl_live(page, live_server, log_in):
    UserFactory(username="vera", role=VIEWER)
    run = CrawlRunFactory(
        source__name="Warehouse", status=CrawlRun.Status.RUNNING, progress=40, phase="sampling"
    )
    log_in("vera")
    page.goto(f"{live_server.url}/sources/{run.source.slug}/")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "40")

    CrawlRun.objects.filter(pk=run.pk).update(progress=70, phase="sampling 700/1000")
    expect(bar).to_have_attribute("aria-valuenow", "70")
    expect(page.get_by_text("sampling 700/1000")).to_be_visible()

    CrawlRun.objects.filter(pk=run.pk).update(status=CrawlRun.Status.SUCCEEDED, progress=100, phase="done")
    expect(page.locator(".badge.succeeded")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)

"""Crawl runs through the API: what the browser polls for live progress."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import CrawlRun
from tests.factories import CrawlRunFactory, DataSourceFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_crawl_run(viewer_client, admin_user):
    started = timezone.now() - timedelta(seconds=90)
    run = CrawlRunFactory(
        source=DataSourceFactory(slug="sales"),
        status=CrawlRun.Status.SUCCEEDED,
        progress=100,
        phase="done",
        started_at=started,
        finished_at=started + timedelta(seconds=75, milliseconds=500),
        counts={"tables_added": 3},
        warnings=[{"code": "sample_failed", "message": "no access", "object": "public.x"}],
        triggered_by=admin_user,
    )

    response = viewer_client.get(f"/api/crawl-runs/{run.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == run.pk
    assert body["source"] == "sales"
    assert body["status"] == "succeeded"
    assert body["progress"] == 100
    assert body["phase"] == "done"
    assert body["duration_seconds"] == 75.5
    assert body["counts"] == {"tables_added": 3}
    assert body["warnings"][0]["code"] == "sample_failed"
    assert body["error"] == ""
    assert body["triggered_by"] == admin_user.username
    assert body["queued_at"] and body["started_at"] and body["finished_at"]


def test_it_shows_a_run_still_going_without_duration_or_user(viewer_client):
    run = CrawlRunFactory(status=CrawlRun.Status.RUNNING, progress=30, phase="sampling 200/600")

    body = viewer_client.get(f"/api/crawl-runs/{run.pk}/").json()

    assert (body["status"], body["progress"], body["phase"]) == ("running", 30, "sampling 200/600")
    assert body["duration_seconds"] is None
    assert body["triggered_by"] is None


def test_it_lists_runs_newest_first_and_filters_them(viewer_client):
    sales, hr = DataSourceFactory(slug="sales"), DataSourceFactory(slug="hr")
    failed = CrawlRunFactory(source=sales, status=CrawlRun.Status.FAILED, error="boom")
    running = CrawlRunFactory(source=sales, status=CrawlRun.Status.RUNNING)
    other = CrawlRunFactory(source=hr, status=CrawlRun.Status.SUCCEEDED)

    def listed(**params):
        response = viewer_client.get("/api/crawl-runs/", params)
        assert response.status_code == 200
        return [run["id"] for run in response.json()["results"]]

    assert listed() == [other.pk, running.pk, failed.pk]
    assert listed(source="sales") == [running.pk, failed.pk]
    assert listed(status="failed") == [failed.pk]
    assert listed(source="hr", status="running") == []


def test_it_rejects_an_unknown_status_filter(viewer_client):
    response = viewer_client.get("/api/crawl-runs/", {"status": "exploded"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_it_refuses_to_write_crawl_runs(client, admin_user):
    client.force_login(admin_user)
    run = CrawlRunFactory()

    assert client.delete(f"/api/crawl-runs/{run.pk}/").status_code == 405
    assert client.post("/api/crawl-runs/", {"source": run.source.slug}).status_code == 405


def test_it_refuses_anonymous_pollers(client):
    run = CrawlRunFactory()

    response = client.get(f"/api/crawl-runs/{run.pk}/")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"

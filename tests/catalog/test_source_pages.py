"""Sources in the browser: add with test-connection, crawl now, crawl history."""

import sqlite3

import pytest
from django.urls import reverse

from catalog.models import CrawlRun, DataSource, Table
from tests.factories import CrawlRunFactory, DataSourceFactory, SchemaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sqlite_file(tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO orders VALUES (1, 2.5)")
    return path


def _form(**overrides):
    data = {"name": "Shop", "url": "", "password": "", "sample_enabled": "on", "sample_rows": "100"}
    data.update(overrides)
    return data


def test_an_admin_tests_the_connection_without_saving(admin_client_, sqlite_file):
    response = admin_client_.post(
        reverse("source-add"), _form(url=f"sqlite:///{sqlite_file}", test="1"), follow=True
    )
    assert "Connection succeeded." in response.content.decode()
    assert not DataSource.objects.exists()


def test_a_failed_test_says_why(admin_client_, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    response = admin_client_.post(
        reverse("source-add"),
        _form(url="postgresql://reader@127.0.0.1:1/db", password="hunter2-secret", test="1"),
    )
    content = response.content.decode()
    assert "Connection failed: Could not reach 127.0.0.1:1" in content
    assert "hunter2-secret" not in content


def test_a_url_to_a_blocked_host_is_refused_on_save(admin_client_):
    response = admin_client_.post(
        reverse("source-add"), _form(url="postgresql://u@169.254.169.254/db", save="1")
    )
    assert response.status_code == 200
    assert "169.254.169.254" in response.content.decode()
    assert not DataSource.objects.exists()


def test_an_admin_adds_a_source_and_crawls_it(
    admin_client_, sqlite_file, django_capture_on_commit_callbacks, tasks_in_process
):
    response = admin_client_.post(reverse("source-add"), _form(url=f"sqlite:///{sqlite_file}", save="1"))
    source = DataSource.objects.get(name="Shop")
    assert response["Location"] == reverse("source-detail", args=[source.slug])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(reverse("source-crawl", args=[source.slug]))
    assert Table.objects.filter(source=source, name="orders").exists()
    assert source.crawl_runs.get().status == CrawlRun.Status.SUCCEEDED
    content = admin_client_.get(reverse("source-detail", args=[source.slug])).content.decode()
    assert "Succeeded" in content and "+1 / −0 tables" in content


def test_the_password_is_never_rendered(admin_client_):
    source = DataSourceFactory(name="Warehouse")
    source.set_password("correct-horse-secret")
    source.save()
    for url in [reverse("source-edit", args=[source.slug]), reverse("source-detail", args=[source.slug])]:
        content = admin_client_.get(url).content.decode()
        assert "correct-horse-secret" not in content
        assert "stored" in content


def test_changing_the_host_needs_the_password_again(admin_client_, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["*"]
    source = DataSourceFactory(name="Warehouse", url="postgresql://reader@127.0.0.1:5432/dw")
    source.set_password("correct-horse-secret")
    source.save()
    response = admin_client_.post(
        reverse("source-edit", args=[source.slug]),
        _form(name="Warehouse", url="postgresql://reader@evil.example.com:5432/dw", test="1"),
    )
    assert "Enter the password again" in response.content.decode()


@pytest.mark.parametrize("client_fixture", ["viewer_client", "contributor_client"])
def test_only_admins_manage_sources(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    source = DataSourceFactory()
    assert client.get(reverse("source-add")).status_code == 403
    assert client.post(reverse("source-crawl", args=[source.slug])).status_code == 403
    assert "Add a source" not in client.get(reverse("source-list")).content.decode()


def test_the_source_page_shows_live_progress_of_an_active_crawl(viewer_client):
    run = CrawlRunFactory(status=CrawlRun.Status.RUNNING, progress=40, phase="sampling")
    content = viewer_client.get(reverse("source-detail", args=[run.source.slug])).content.decode()
    assert f'data-crawl-progress="/api/crawl-runs/{run.pk}/"' in content
    assert "sampling" in content


def test_source_pages_use_a_bounded_number_of_queries(viewer_client, django_assert_max_num_queries):
    source = DataSourceFactory()
    for index in range(15):
        SchemaFactory(source=source)
        CrawlRunFactory(
            source=source, status=CrawlRun.Status.FAILED if index % 2 else CrawlRun.Status.SUCCEEDED
        )
        DataSourceFactory()
    with django_assert_max_num_queries(5):
        viewer_client.get(reverse("source-list"))
    # 8 for the catalog, 3 for discussions (inbox count, Follow and Articles panels), 5 for
    # governance (flag, endorsements, tags, stewards, custom fields in Properties), whatever the rows.
    with django_assert_max_num_queries(16):
        viewer_client.get(reverse("source-detail", args=[source.slug]))


def test_crawls_are_numbered_per_source_with_readable_duration_and_schedule(viewer_client):
    from datetime import timedelta

    from django.utils import timezone

    CrawlRunFactory()  # another source's crawl must not shift this source's numbers
    source = DataSourceFactory(crawl_schedule="0 3 * * *")
    started = timezone.now()
    CrawlRunFactory(source=source, status=CrawlRun.Status.SUCCEEDED)
    CrawlRunFactory(
        source=source,
        status=CrawlRun.Status.SUCCEEDED,
        started_at=started,
        finished_at=started + timedelta(seconds=0.569633),
    )
    page = viewer_client.get(reverse("source-detail", args=[source.slug])).content.decode()
    assert "daily at 03:00 UTC" in page and "0 3 * * *" not in page
    assert "0.6 s" in page and "0:00:00" not in page
    assert "<td>2</td>" in page and "<td>1</td>" in page


def test_an_admin_deletes_a_source_after_reading_what_goes_and_typing_its_name(admin_client_):
    from tests.factories import ColumnFactory, TableFactory

    table = TableFactory(schema__source__name="Old warehouse", description="Curated")
    ColumnFactory(table=table)
    source = table.source
    url = reverse("source-delete", args=[source.slug])
    assert url in admin_client_.get(reverse("source-detail", args=[source.slug])).content.decode()
    page = admin_client_.get(url).content.decode()
    assert "1 schema, 1 table and view, 1 column" in page and "1 description" in page
    admin_client_.post(url, {"confirm_name": "Old"})
    assert DataSource.objects.filter(pk=source.pk).exists()  # a wrong name deletes nothing
    response = admin_client_.post(url, {"confirm_name": "Old warehouse"})
    assert response.status_code == 302 and response.url == reverse("source-list")
    assert (
        not DataSource.objects.filter(pk=source.pk).exists()
        and not Table.objects.filter(pk=table.pk).exists()
    )


@pytest.mark.parametrize("client_fixture", ["viewer_client", "contributor_client", "steward_client"])
def test_only_admins_see_or_use_the_delete_page(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    source = DataSourceFactory()
    url = reverse("source-delete", args=[source.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm_name": source.name}).status_code == 403
    assert DataSource.objects.filter(pk=source.pk).exists()
    assert url not in client.get(reverse("source-detail", args=[source.slug])).content.decode()

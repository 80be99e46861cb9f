"""Sources through the API: who may change them, and that their password never comes back."""

import json
import sqlite3

import pytest
from django_celery_beat.models import PeriodicTask

from catalog.models import CrawlRun, DataSource
from tests.factories import CrawlRunFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

SECRET = "Sup3r-Secret-pw"
URL = "postgresql://reader@127.0.0.1:5432/sales"


@pytest.fixture
def as_admin(client, admin_user):
    client.force_login(admin_user)
    return client


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def assert_no_secret(response, secret=SECRET):
    assert secret not in response.content.decode()


def test_it_lets_an_admin_register_a_source(as_admin, admin_user):
    response = post(
        as_admin,
        "/api/sources/",
        {
            "name": "Sales DB",
            "url": URL,
            "password": SECRET,
            "include_schemas": ["public", "sales_*"],
            "sample_rows": 500,
            "crawl_schedule": "0 3 * * *",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "sales-db"
    assert body["engine"] == "postgresql"
    assert body["url"] == URL
    assert body["has_password"] is True
    assert body["include_schemas"] == ["public", "sales_*"]
    assert body["sample_rows"] == 500
    assert body["last_crawl"] is None
    assert "password" not in body
    assert_no_secret(response)
    source = DataSource.objects.get(slug="sales-db")
    assert source.password == SECRET
    assert source.created_by == admin_user
    assert PeriodicTask.objects.filter(name=f"crawl source {source.pk}").exists()


def test_it_moves_a_password_given_in_the_url_out_of_it(as_admin):
    response = post(
        as_admin, "/api/sources/", {"name": "Sales", "url": f"postgresql://reader:{SECRET}@127.0.0.1/sales"}
    )

    assert response.status_code == 201
    assert response.json()["url"] == "postgresql://reader@127.0.0.1/sales"
    assert response.json()["has_password"] is True
    assert_no_secret(response)
    assert DataSource.objects.get().password == SECRET


@pytest.mark.parametrize("role_fixture", ["viewer", "contributor", "steward"])
def test_it_refuses_source_changes_to_non_admins(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    source = DataSourceFactory(slug="sales")

    responses = [
        post(client, "/api/sources/", {"name": "New", "url": URL}),
        patch(client, "/api/sources/sales/", {"description": "changed"}),
        client.delete("/api/sources/sales/"),
        post(client, "/api/sources/sales/crawl/", {}),
        post(client, "/api/sources/test-connection/", {"url": URL}),
    ]

    for response in responses:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert DataSource.objects.get() == source
    assert source.description == ""
    assert not CrawlRun.objects.exists()


def test_it_lets_every_logged_in_user_read_sources(viewer_client):
    DataSourceFactory(name="Sales", slug="sales")
    DataSourceFactory(name="Billing", slug="billing")

    listing = viewer_client.get("/api/sources/")
    detail = viewer_client.get("/api/sources/sales/")

    assert listing.status_code == 200
    assert [s["slug"] for s in listing.json()["results"]] == ["billing", "sales"]
    assert detail.status_code == 200
    assert detail.json()["name"] == "Sales"


def test_it_never_returns_the_password_when_reading(as_admin):
    post(as_admin, "/api/sources/", {"name": "Sales", "url": URL, "password": SECRET})

    listing = as_admin.get("/api/sources/")
    detail = as_admin.get("/api/sources/sales/")

    for response in (listing, detail):
        assert response.status_code == 200
        assert_no_secret(response)
    assert "password" not in detail.json()
    assert detail.json()["has_password"] is True


def test_it_keeps_the_stored_password_when_an_update_leaves_it_blank(as_admin):
    post(as_admin, "/api/sources/", {"name": "Sales", "url": URL, "password": SECRET})

    response = patch(as_admin, "/api/sources/sales/", {"password": "", "description": "Orders and invoices"})

    assert response.status_code == 200
    assert response.json()["description"] == "Orders and invoices"
    assert response.json()["has_password"] is True
    assert_no_secret(response)
    assert DataSource.objects.get().password == SECRET


def test_it_replaces_the_password_and_url_on_update(as_admin):
    post(as_admin, "/api/sources/", {"name": "Sales", "url": URL, "password": SECRET})

    response = as_admin.put(
        "/api/sources/sales/",
        json.dumps({"name": "Sales", "url": "mysql://app@localhost/shop", "password": "another-secret"}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["engine"] == "mysql"
    assert response.json()["url"] == "mysql://app@localhost/shop"
    assert_no_secret(response, "another-secret")
    assert DataSource.objects.get().password == "another-secret"


def test_it_deletes_a_source_and_its_schedule(as_admin):
    post(as_admin, "/api/sources/", {"name": "Sales", "url": URL, "crawl_schedule": "*/5 * * * *"})

    response = as_admin.delete("/api/sources/sales/")

    assert response.status_code == 204
    assert not DataSource.objects.exists()
    assert not PeriodicTask.objects.filter(name__startswith="crawl source").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "Sales", "url": URL, "password": SECRET, "sample_rows": 0}, "sample_rows"),
        ({"name": "Sales", "url": URL, "password": SECRET, "sample_rows": 10001}, "sample_rows"),
        ({"name": "Sales", "url": URL, "password": SECRET, "crawl_schedule": "every day"}, "crawl_schedule"),
        ({"name": "Sales", "url": URL, "password": SECRET, "include_tables": "public.*"}, "include_tables"),
        ({"name": "Sales", "url": "postgresql://reader@169.254.169.254/db", "password": SECRET}, "url"),
        ({"name": "Sales", "url": f"postgresql://reader:{SECRET}@169.254.169.254/db"}, "url"),
        ({"name": "Sales", "url": f"postgresql://reader:{SECRET}@10.1.2.3/db"}, "url"),
        ({"name": "Sales", "url": f"postgresql://reader:{SECRET}/db"}, "url"),
        ({"name": "Sales", "url": "ftp://files.example.com/x", "password": SECRET}, "url"),
        ({"url": URL, "password": SECRET}, "name"),
    ],
)
def test_it_reports_invalid_sources_in_the_error_format_without_the_password(as_admin, payload, field):
    response = post(as_admin, "/api/sources/", payload)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert error["message"].startswith(f"{field}: ")
    assert_no_secret(response)
    assert not DataSource.objects.exists()


def test_it_reports_a_duplicate_name_on_the_name_field(as_admin):
    DataSourceFactory(name="Sales")

    for name in ("sales", "SALES", "Sales!"):
        response = post(as_admin, "/api/sources/", {"name": name, "url": URL, "password": SECRET})
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["name"]
        assert_no_secret(response)


def test_it_reports_an_invalid_update_without_the_password(as_admin):
    post(as_admin, "/api/sources/", {"name": "Sales", "url": URL, "password": SECRET})

    response = patch(as_admin, "/api/sources/sales/", {"crawl_schedule": "61 * * * *", "password": SECRET})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["crawl_schedule"]
    assert_no_secret(response)


def test_it_shows_the_latest_crawl_of_each_source(viewer_client):
    source = DataSourceFactory(slug="sales")
    CrawlRunFactory(source=source, status=CrawlRun.Status.SUCCEEDED, progress=100)
    latest = CrawlRunFactory(source=source, status=CrawlRun.Status.RUNNING, progress=40)
    DataSourceFactory(slug="never-crawled")

    results = {s["slug"]: s for s in viewer_client.get("/api/sources/").json()["results"]}
    detail = viewer_client.get("/api/sources/sales/").json()

    expected = {"id": latest.pk, "status": "running", "progress": 40, "finished_at": None}
    assert results["sales"]["last_crawl"] == expected
    assert detail["last_crawl"] == expected
    assert results["never-crawled"]["last_crawl"] is None


def test_it_filters_sources_by_name_and_engine(viewer_client):
    DataSourceFactory(name="Sales", slug="sales")
    DataSourceFactory(name="Warehouse", slug="warehouse", engine="mysql")

    by_name = viewer_client.get("/api/sources/", {"name": "ware"}).json()["results"]
    by_engine = viewer_client.get("/api/sources/", {"engine": "postgresql"}).json()["results"]

    assert [s["slug"] for s in by_name] == ["warehouse"]
    assert [s["slug"] for s in by_engine] == ["sales"]


# --- crawl ----------------------------------------------------------------------------------------


def test_it_queues_a_crawl_and_returns_the_active_one_when_asked_again(as_admin, admin_user):
    source = DataSourceFactory(slug="sales")

    first = post(as_admin, "/api/sources/sales/crawl/", {})
    second = post(as_admin, "/api/sources/sales/crawl/", {})

    assert first.status_code == 202
    assert first.json()["created"] is True
    assert first.json()["status"] == "queued"
    assert first.json()["source"] == "sales"
    assert first.json()["triggered_by"] == admin_user.username
    assert second.status_code == 202
    assert second.json()["created"] is False
    assert second.json()["id"] == first.json()["id"]
    assert CrawlRun.objects.filter(source=source).count() == 1


def test_it_answers_404_when_crawling_an_unknown_source(as_admin):
    response = post(as_admin, "/api/sources/nope/crawl/", {})

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    assert not CrawlRun.objects.exists()


# --- test connection ------------------------------------------------------------------------------


@pytest.fixture
def sqlite_file(settings, tmp_path):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
    connection.close()
    return path


def test_it_tests_a_connection_to_a_sqlite_file(as_admin, sqlite_file):
    response = post(as_admin, "/api/sources/test-connection/", {"url": f"sqlite:///{sqlite_file}"})

    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_it_refuses_to_test_a_file_outside_the_allowed_folders(as_admin, settings, tmp_path):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path / "allowed")]

    response = post(as_admin, "/api/sources/test-connection/", {"url": f"sqlite:///{tmp_path}/x.sqlite"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "blocked"


def test_it_refuses_to_test_a_blocked_host_without_echoing_the_password(as_admin):
    response = post(
        as_admin,
        "/api/sources/test-connection/",
        {"url": "postgresql://u@169.254.169.254/db", "password": SECRET},
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "blocked"
    assert "169.254.169.254" in error["message"]
    assert_no_secret(response)


def test_it_reports_an_unreachable_host(as_admin, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CRAWL_CONNECT_TIMEOUT = 3

    response = post(
        as_admin,
        "/api/sources/test-connection/",
        {"url": f"postgresql://u:{SECRET}@127.0.0.1:1/db"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unreachable"
    assert response.json()["error"]["message"]
    assert_no_secret(response)


def test_it_reports_an_invalid_url_without_the_password(as_admin):
    response = post(as_admin, "/api/sources/test-connection/", {"url": f"postgresql://u:{SECRET}/db"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_url"
    assert_no_secret(response)


def test_it_tests_with_the_stored_password_of_a_source(as_admin, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CRAWL_CONNECT_TIMEOUT = 3
    post(
        as_admin,
        "/api/sources/",
        {"name": "Sales", "url": "postgresql://u@127.0.0.1:1/db", "password": SECRET},
    )

    response = post(
        as_admin, "/api/sources/test-connection/", {"url": "postgresql://u@127.0.0.1:1/db", "source": "sales"}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unreachable"
    assert_no_secret(response)


def test_it_never_sends_a_stored_password_to_another_server(as_admin, settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    post(
        as_admin,
        "/api/sources/",
        {"name": "Sales", "url": "postgresql://u@127.0.0.1:1/db", "password": SECRET},
    )

    responses = [
        post(as_admin, "/api/sources/test-connection/", {"url": url, "source": "sales"})
        for url in (
            "postgresql://u@localhost:1/db",
            "postgresql://u@127.0.0.1:2/db",
            "postgresql://x@127.0.0.1:1/db",
        )
    ]

    for response in responses:
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["password"]
        assert_no_secret(response)


def test_it_asks_for_a_url_to_test(as_admin):
    response = post(as_admin, "/api/sources/test-connection/", {"password": SECRET, "source": "missing"})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"url", "source"}
    assert_no_secret(response)

"""What an attack on the web layer found: each answer is now a clear refusal, never a 500."""

import pytest
from django.urls import reverse

from catalog.markdown import render_markdown
from tests.factories import ColumnFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_get_only_pages_answer_405_to_writes(viewer_client):
    column = ColumnFactory()
    table = column.table
    pages = [reverse(name) for name in ("home", "browse", "search", "source-list", "usage-queries")] + [
        reverse("source-detail", args=[table.source.slug]),
        reverse("schema-detail", args=[table.schema_id]),
        reverse("table-detail", args=[table.pk]),
        reverse("column-detail", args=[column.pk]),
    ]
    for url in pages:
        for method in ("post", "put", "delete"):
            assert getattr(viewer_client, method)(url).status_code == 405, (method, url)


@pytest.mark.parametrize(
    "url",
    ["/api/lineage/graph/?table=abc", "/api/lineage/graph/?column=abc", "/api/lineage/impact/?table=x",
     "/api/lineage/graph/?table=99999999999999999999", "/api/search/?q=%00", "/api/tables/?schema=%00"],
)  # fmt: skip
def test_malformed_api_parameters_get_a_json_400(viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 400 and response.json()["error"]["status"] == 400


def test_a_nul_byte_in_a_page_query_is_refused_not_a_database_error(viewer_client):
    assert viewer_client.get("/search/", {"q": "a\x00b", "schema": "\x00"}).status_code == 400


def test_format_suffix_routes_are_not_served(viewer_client):
    table = TableFactory()
    assert viewer_client.get(f"/api/tables/{table.pk}/changes.json/").status_code == 404
    assert viewer_client.get(f"/api/tables/{table.pk}.json").status_code == 404


def test_every_answer_carries_a_content_security_policy_without_inline_script(viewer_client):
    response = viewer_client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in viewer_client.get("/api/docs/").content.decode()  # the docs page too


def test_the_favicon_and_the_api_docs_need_nothing_from_the_internet(viewer_client):
    assert viewer_client.get("/favicon.ico").status_code == 200
    docs = viewer_client.get("/api/docs/").content.decode()
    assert "https://" not in docs and "http://" not in docs.replace("http://testserver", "")


def test_markdown_keeps_no_remote_image():
    html = render_markdown(
        "![a](https://tracker.example/p.png) ![b](/static/logo.png) ![c](//evil.example/x.png)"
    )
    assert "tracker.example" not in html and "evil.example" not in html and 'src="/static/logo.png"' in html


def test_creating_a_source_does_not_put_its_connection_url_in_location(admin_client_):
    response = admin_client_.post(
        "/api/sources/",
        {"name": "Shop", "url": "postgresql://u@127.0.0.1:5432/shop"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response["Location"] == "/api/sources/shop/"


@pytest.mark.parametrize("url", ["http://example.com/x", "gopher://127.0.0.1:70/x", "javascript://alert(1)"])
def test_a_url_no_connector_reads_is_refused_at_save(admin_client_, url):
    response = admin_client_.post("/api/sources/", {"name": "X", "url": url}, content_type="application/json")
    assert response.status_code == 400 and "Unsupported URL scheme" in response.json()["error"]["message"]


def test_a_number_is_not_a_description(admin_client_):
    response = admin_client_.post(
        "/api/sources/",
        {"name": "Shop", "url": "postgresql://u@127.0.0.1:5432/shop", "description": 12},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_answers_say_nosniff_same_origin_referrer_and_no_framing(client):
    response = client.get("/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_http_only_and_same_site_lax(client, viewer):
    viewer.set_password("cookie-test-password")
    viewer.save()
    client.get("/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    response = client.post("/login/", {"username": viewer.username, "password": "cookie-test-password"})
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"

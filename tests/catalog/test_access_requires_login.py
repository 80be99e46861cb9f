import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "browse", "source-list", "api-docs"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_anonymous_api_calls_with_the_error_format(client):
    response = client.get("/api/sources/")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert error["status"] == response.status_code
    assert error["code"] == "not_authenticated"
    assert "credentials" in error["message"].lower()


def test_it_accepts_a_token(client, viewer):
    token = Token.objects.create(user=viewer)
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["username"] == "vera.viewer"
    assert response.json()["role"] == "Viewer"


def test_it_logs_in_and_out_with_a_password(client, viewer):
    response = client.post(
        reverse("login"), {"username": "vera.viewer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_it_refuses_a_wrong_password(client, viewer):
    response = client.post(reverse("login"), {"username": "vera.viewer", "password": "wrong"})
    assert response.status_code == 200
    assert "didn't match" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_it_serves_the_openapi_schema_to_logged_in_users(viewer_client):
    response = viewer_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/sources/" in response.json()["paths"]


def test_it_serves_the_interactive_docs_from_local_static_files(viewer_client):
    response = viewer_client.get(reverse("api-docs"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in content
    # Everything the page loads comes from this server: no absolute or protocol-relative URLs.
    loaded = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", content)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)


def test_it_answers_health_checks_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}

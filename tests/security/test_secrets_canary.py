"""A source password is a secret everywhere: with a unique canary as the password (typed in the
password field, and inside a URL), no page, API answer, error of a crawl or a connection test, log
record, admin site page or database row (audit and history included) shows it — for every role,
on every GET route of the authorization matrix."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.test import Client
from django.urls import reverse

from catalog.models import CrawlRun, DataSource
from catalog.roles import ADMIN
from tests.factories import UserFactory
from tests.security.test_authorization_matrix import EXPECTED, ROLES, build_url

pytestmark = pytest.mark.django_db
CANARY = "Canary-7f3a9c1e-Pw"
IN_URL = "Canary-55d2b0aa-InUrl"


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _clean(text: str, where: str) -> None:
    for secret in (CANARY, IN_URL):
        assert secret not in text, f"the password shows in {where}"


@pytest.fixture
def canary_sources(world, clients):  # noqa: F811 - the matrix's fixtures
    source = DataSource.objects.get(slug=world["slug"])
    source.url = "postgresql://reader@127.0.0.1:1/warehouse"
    source.set_password(CANARY)
    source.save()
    response = clients["admin"].post(
        "/api/sources/",
        {"name": "Canary in URL", "url": f"postgresql://u:{IN_URL}@127.0.0.1:1/db"},
        content_type="application/json",
    )
    assert response.status_code == 201
    _clean(_text(response), "the created source")
    return source, DataSource.objects.get(name="Canary in URL")


def _admin_site_urls() -> list[str]:
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        for obj in model._default_manager.all()[:3]:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        if model_admin.has_add_permission:
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    return urls


def test_the_canary_password_never_shows(
    canary_sources,
    world,
    clients,
    caplog,
    tasks_in_process,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    typed, in_url = canary_sources
    caplog.set_level(logging.DEBUG)
    admin_client = clients["admin"]
    # Errors: connection tests with the stored passwords, on the API and the page, and crawls.
    for source in (typed, in_url):
        for answer in (
            admin_client.post(
                "/api/sources/test-connection/",
                {"url": source.url, "source": source.slug},
                content_type="application/json",
            ),
            admin_client.post(
                f"/sources/{source.slug}/edit/",
                {"name": source.name, "url": source.url, "sample_rows": "100", "test": "1"},
            ),
        ):
            assert answer.status_code < 500
            _clean(_text(answer), f"an answer about {source.name}")
        with django_capture_on_commit_callbacks(execute=True):  # the crawl task runs, and fails
            answer = admin_client.post(f"/api/sources/{source.slug}/crawl/")
        assert answer.status_code < 500
        _clean(_text(answer), f"an answer about {source.name}")
    assert CrawlRun.objects.filter(status=CrawlRun.Status.FAILED, source__in=[typed, in_url]).count() == 2
    # Every GET route, as every role; then the source's pages and API once more for the second one.
    for route, methods in sorted(EXPECTED.items()):
        if "GET" in methods:
            url = build_url(route, world)
            for role in ROLES:
                _clean(_text(clients[role].get(url)), f"GET {url} as {role}")
    for url in (f"/sources/{in_url.slug}/", f"/api/sources/{in_url.slug}/", "/api/sources/", "/sources/"):
        for role in ROLES:
            _clean(_text(clients[role].get(url)), f"GET {url} as {role}")
    # The admin site, as an Admin with staff access and as a superuser.
    staff = UserFactory(username="canary-staff", role=ADMIN, is_staff=True)
    superuser = UserFactory(username="canary-root", is_staff=True, is_superuser=True)
    for user in (staff, superuser):
        client = Client()
        client.force_login(user)
        for url in _admin_site_urls():
            response = client.get(url)
            assert response.status_code < 500, url
            _clean(_text(response), f"the admin site's {url} for {user.username}")
    # Log records, and every row of every table (audit, history, crawl runs, statements...).
    for record in caplog.records:
        _clean(record.getMessage() + (record.exc_text or ""), f"the log record {record.name}")
    for model in apps.get_models():
        rows = serializers.serialize("json", model._default_manager.all())
        _clean(rows, f"the rows of {model._meta.label}")

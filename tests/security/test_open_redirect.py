"""Every redirect to a `next` the user gives stays on this site (url_has_allowed_host_and_scheme)."""

import pytest
from django.urls import reverse

from catalog.permissions import SYSTEM
from lineage.services.manual import manual_edge_add
from tests.factories import SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db
HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
    " https://evil.example/",
]


def _edge():
    schema = SchemaFactory()
    return manual_edge_add(
        user=SYSTEM, source_table=TableFactory(schema=schema), target_table=TableFactory(schema=schema)
    )


@pytest.mark.parametrize("target", HOSTILE)
def test_removing_a_manual_edge_never_redirects_off_site(steward_client, target):
    response = steward_client.post(reverse("lineage-edge-delete", args=[_edge().pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("lineage-queue")


def test_a_local_next_is_followed(steward_client):
    response = steward_client.post(reverse("lineage-edge-delete", args=[_edge().pk]), {"next": "/lineage/"})
    assert response["Location"] == "/lineage/"


@pytest.mark.parametrize("target", HOSTILE)
def test_logging_in_never_redirects_off_site(client, viewer, target):
    viewer.set_password("pw-for-redirect-test")
    viewer.save()
    response = client.post(
        reverse("login"), {"username": viewer.username, "password": "pw-for-redirect-test", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")

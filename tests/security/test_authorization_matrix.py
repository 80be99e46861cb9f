"""The authorization matrix: every route the URL resolver knows × method × role has an expected
answer in tests/security/routes/<app>.py, and the suite fails on a route that has none — so a new
app's routes must be added there from their first day.

Reads are made as every role: the roles allowed get an answer that is not a refusal (and never a
5xx), the others a refusal (a login redirect for pages, 401/403 for the API). Writes are made as
every role below the one allowed: refused, and nothing in the database changed. Writes of allowed
roles are not replayed here (they would delete the fixtures); each app's own tests cover them.
"""

import json
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from catalog.models import Column, DataSource, Table
from catalog.permissions import SYSTEM
from tests.security.routes import catalog, discussions, governance, lineage, usage

pytestmark = pytest.mark.django_db

EXPECTED = {**catalog.ROUTES, **lineage.ROUTES, **usage.ROUTES, **governance.ROUTES, **discussions.ROUTES}
ROLES = ["anonymous", "viewer", "contributor", "steward", "admin"]
RANK = {"public": -1, **{role: index for index, role in enumerate(ROLES)}}


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if text.startswith("admin/"):
                continue  # the admin site: Django's own permissions, tests/security/test_admin_site.py
            yield from _routes(pattern, text)
        elif isinstance(pattern, URLPattern):
            yield text


def test_every_route_has_an_expected_answer_for_every_role():
    missing = sorted(set(_routes()) - set(EXPECTED))
    assert not missing, f"Add these routes to tests/security/routes/<app>.py: {missing}"
    stale = sorted(set(EXPECTED) - set(_routes()))
    assert not stale, f"Routes in the matrix that no longer exist: {stale}"


PK_BY_PREFIX = [
    ("api/^crawl-runs", "run"), ("api/^schemas", "schema"), ("schemas/", "schema"),
    ("api/^columns", "column"), ("columns/", "column"), ("usage/queries", "shape"),
    ("api/usage/queries", "shape"), ("usage/saved", "saved"), ("api/usage/saved-queries", "saved"),
    ("governance/pii", "pii"), ("api/governance/pii", "pii"),
    ("lineage/queue/edges", "edge"), ("lineage/queue/statements", "statement"),
    ("discussions/conversations", "conversation"), ("api/discussions/conversations", "conversation"),
    ("discussions/posts", "post"), ("api/discussions/posts", "post"),
    ("discussions/articles", "article"), ("api/discussions/articles", "article"),
    ("glossary/", "term"), ("api/glossary/", "term"),
]  # fmt: skip


def build_url(route: str, world: dict) -> str:
    pk_key = next((key for prefix, key in PK_BY_PREFIX if route.startswith(prefix)), "table")
    values = {**world, "pk": world[pk_key]}
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), url)
    return "/" + url.replace("^", "").replace("$", "").replace("/?", "/")


def _refused(role: str, url: str, response) -> bool:
    if role == "anonymous" and (not url.startswith("/api/") or url.startswith("/api/docs/")):
        return response.status_code == 302 and response["Location"].startswith("/login/")
    return response.status_code in (401, 403)


def _snapshot() -> dict:
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    counts["curated"] = (
        list(Table.objects.order_by("pk").values_list("title", "description"))
        + list(Column.objects.order_by("pk").values_list("title", "description"))
        + list(DataSource.objects.order_by("pk").values_list("url", "description"))
    )
    return counts


def _call(client, method: str, url: str):
    if url.startswith("/api/"):
        return getattr(client, method.lower())(url, data=json.dumps({}), content_type="application/json")
    return getattr(client, method.lower())(url, data={})


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_the_route_answers_each_role_as_the_matrix_says(route, world, clients):
    url = build_url(route, world)
    for method, lowest in EXPECTED[route].items():
        for role in ROLES:
            allowed = RANK[role] >= RANK[lowest]
            if method in ("GET", "HEAD"):
                response = clients[role].get(url)
                assert response.status_code < 500, (route, method, role, response.status_code)
                assert _refused(role, url, response) != allowed, (route, method, role, response.status_code)
            elif not allowed:
                before = _snapshot()
                response = _call(clients[role], method, url)
                assert _refused(role, url, response), (route, method, role, response.status_code)
                assert _snapshot() == before, (route, method, role, "changed the database")


def test_a_system_actor_is_not_a_role():
    assert SYSTEM.has_perm("anything")  # commands act as SYSTEM; the matrix is about people

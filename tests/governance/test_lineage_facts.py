"""What lineage shows of governance: trust flags on the graph's nodes, and the stewards of every
table a change reaches ("who to tell"), on the page and in the API."""

import pytest
from django.test import Client

from catalog.roles import STEWARD
from governance.models import Stewardship, TrustFlag
from lineage.models import TableLineageEdge
from tests.factories import SchemaFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _edge(source, target):
    return TableLineageEdge.objects.create(
        origin="manual",
        source_table=source,
        source_name=source.qualified_name,
        target_table=target,
        target_name=target.qualified_name,
    )


@pytest.fixture
def chain():
    """raw → clean → report → dashboard, the last two in another schema of the same source."""
    raw = TableFactory(name="raw")
    clean = TableFactory(name="clean", schema=raw.schema, source=raw.source)
    reporting = SchemaFactory(source=raw.source, name="reporting")
    report = TableFactory(name="report", schema=reporting, source=raw.source)
    dashboard = TableFactory(name="dashboard", schema=reporting, source=raw.source)
    for source, target in ((raw, clean), (clean, report), (report, dashboard)):
        _edge(source, target)
    return raw, clean, report, dashboard


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_graph_nodes_carry_their_trust_flag(chain, viewer):
    raw, clean, report, _ = chain
    TrustFlag.objects.create(asset_kind="table", asset_id=clean.pk, flag="endorsed")
    TrustFlag.objects.create(asset_kind="table", asset_id=report.pk, flag="deprecated", reason="use v2")
    body = (
        _client(viewer).get("/api/lineage/graph/", {"table": raw.pk, "direction": "down", "depth": 3}).json()
    )
    flags = {node["label"]: node["flag"] for node in body["nodes"]}
    assert flags == {"raw": None, "clean": "endorsed", "report": "deprecated", "dashboard": None}

    page = _client(viewer).get(f"/tables/{raw.pk}/lineage/", {"direction": "down", "depth": 3})
    assert page.status_code == 200
    # The accessible edge list says it in words, not only in the graph's colours.
    assert "· endorsed" in page.content.decode() and "· deprecated" in page.content.decode()


def test_impact_names_the_nearest_stewards_of_each_reached_table(chain, viewer):
    raw, clean, report, dashboard = chain
    source_steward = UserFactory(role=STEWARD, username="sam", first_name="Sam", last_name="Source")
    schema_steward = UserFactory(role=STEWARD, username="rita", first_name="Rita", last_name="Reports")
    table_steward = UserFactory(role=STEWARD, username="dana")
    Stewardship.objects.create(asset_kind="source", asset_id=raw.source_id, user=source_steward)
    Stewardship.objects.create(asset_kind="schema", asset_id=report.schema_id, user=schema_steward)
    Stewardship.objects.create(asset_kind="table", asset_id=dashboard.pk, user=table_steward)

    body = _client(viewer).get("/api/lineage/impact/", {"table": raw.pk}).json()
    stewards = {t["name"].split(".")[-1]: [s["username"] for s in t["stewards"]] for t in body["tables"]}
    # clean inherits the source's steward; report its schema's; dashboard names its own.
    assert stewards == {"clean": ["sam"], "report": ["rita"], "dashboard": ["dana"]}
    assert [(p["username"], p["tables"]) for p in body["who_to_tell"]] == [
        ("dana", 1),
        ("rita", 1),
        ("sam", 1),
    ]
    assert body["who_to_tell"][1]["name"] == "Rita Reports"

    page = _client(viewer).get(f"/tables/{raw.pk}/lineage/").content.decode()
    assert "Who to tell" in page and "Rita Reports" in page and "@dana" in page


def test_a_steward_group_is_told_as_a_group(chain, viewer):
    from django.contrib.auth.models import Group

    raw, clean, *_ = chain
    group = Group.objects.create(name="Data Governance")
    Stewardship.objects.create(asset_kind="table", asset_id=clean.pk, group=group)
    body = _client(viewer).get("/api/lineage/impact/", {"table": raw.pk}).json()
    assert [(p["name"], p["group"], p["tables"]) for p in body["who_to_tell"]] == [
        ("Data Governance", "Data Governance", 1)
    ]
    assert (
        'Data Governance</strong> <span class="muted">group'
        in _client(viewer).get(f"/tables/{raw.pk}/lineage/").content.decode()
    )


def test_an_impact_without_stewards_says_nobody_and_a_leaf_has_no_list(chain, viewer):
    raw, *_, dashboard = chain
    body = _client(viewer).get("/api/lineage/impact/", {"table": raw.pk}).json()
    assert body["who_to_tell"] == [] and all(t["stewards"] == [] for t in body["tables"])
    assert "Who to tell" not in _client(viewer).get(f"/tables/{raw.pk}/lineage/").content.decode()
    assert _client(viewer).get("/api/lineage/impact/", {"table": dashboard.pk}).json()["who_to_tell"] == []


def test_impact_stewards_cost_a_fixed_number_of_queries(chain, viewer, django_assert_max_num_queries):
    raw, *_ = chain
    steward = UserFactory(role=STEWARD)
    Stewardship.objects.create(asset_kind="source", asset_id=raw.source_id, user=steward)
    client = _client(viewer)
    client.get("/api/lineage/impact/", {"table": raw.pk})
    with django_assert_max_num_queries(20) as few:
        client.get("/api/lineage/impact/", {"table": raw.pk})
    for n in range(6):
        _edge(
            TableFactory(schema=raw.schema, source=raw.source),
            TableFactory(schema=raw.schema, source=raw.source),
        )
        _edge(raw, TableFactory(schema=raw.schema, source=raw.source, name=f"more_{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/lineage/impact/", {"table": raw.pk})

"""The lineage API: graph, impact, SQL in, OpenLineage in, manual edges, the stewards' queue."""

import pytest

from catalog.models import Table
from lineage.models import ColumnLineageEdge, LineageStatement, TableLineageEdge

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_graph_of_a_view_shows_its_upstream_tables(client, viewer, shop_source):
    view = Table.objects.get(name="region_totals")
    response = _login(client, viewer).get(
        "/api/lineage/graph/", {"table": view.pk, "direction": "up", "depth": 3}
    )
    body = response.json()
    assert response.status_code == 200
    labels = {node["label"] for node in body["nodes"]}
    assert labels == {"region_totals", "customer_totals", "customers", "orders"}
    start = next(node for node in body["nodes"] if node["start"])
    assert start["label"] == "region_totals" and start["group"] == "Shop / sales"
    assert len(body["edges"]) == 3


def test_the_column_level_graph_connects_columns(client, viewer, shop_source):
    view = Table.objects.get(name="customer_totals")
    body = _login(client, viewer).get("/api/lineage/graph/", {"table": view.pk, "level": "column"}).json()
    pairs = {(e["source"], e["target"]) for e in body["edges"]}
    labels = {node["id"]: node["label"] for node in body["nodes"]}
    assert ("orders.amount", "customer_totals.total") in {(labels[s], labels[t]) for s, t in pairs}


def test_the_graph_needs_an_asset_and_sane_parameters(client, viewer, shop_source):
    client = _login(client, viewer)
    assert client.get("/api/lineage/graph/").json()["error"]["code"] == "invalid"
    table = Table.objects.first()
    assert client.get("/api/lineage/graph/", {"table": table.pk, "depth": "deep"}).status_code == 400
    assert client.get("/api/lineage/graph/", {"table": 999999}).status_code == 404


def test_impact_of_a_table_lists_views_built_on_it(client, viewer, shop_source):
    orders = Table.objects.get(name="orders")
    body = _login(client, viewer).get("/api/lineage/impact/", {"table": orders.pk}).json()
    assert {t["name"] for t in body["tables"]} == {
        "sales.customer_totals",
        "sales.region_totals",
        "sales.all_orders",
    }
    assert "sales.region_totals.total" in {c["name"] for c in body["columns"]}


def test_a_contributor_pastes_sql_and_its_edges_are_kept(client, contributor, shop_source):
    sql = "INSERT INTO sales.orders (id, amount) SELECT id, 0 FROM sales.customers; SELEC broken;"
    response = _login(client, contributor).post(
        "/api/lineage/parse/",
        {"sql": sql, "dialect": "sqlite", "source": shop_source.slug},
        content_type="application/json",
    )
    assert response.status_code == 201
    statements = response.json()
    assert [s["status"] for s in statements] == ["complete", "failed"]
    edge = TableLineageEdge.objects.get(origin="upload")
    assert (edge.source_table.name, edge.target_table.name) == ("customers", "orders")


def test_a_viewer_may_not_add_sql(client, viewer):
    response = _login(client, viewer).post(
        "/api/lineage/parse/", {"sql": "SELECT 1"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_an_unknown_dialect_is_a_clear_error(client, contributor):
    response = _login(client, contributor).post(
        "/api/lineage/parse/", {"sql": "SELECT 1", "dialect": "cobol"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "cobol" in response.json()["error"]["message"]


OPENLINEAGE_EVENT = {
    "eventType": "COMPLETE",
    "eventTime": "2026-11-20T10:00:00Z",
    "run": {"runId": "3f1f5c2e-0000-4000-8000-000000000001"},
    "job": {"namespace": "airflow", "name": "nightly.load_orders"},
    "inputs": [{"namespace": "sqlite://local", "name": "sales.customers"}],
    "outputs": [
        {
            "namespace": "sqlite://local",
            "name": "warehouse.sales.orders",
            "facets": {
                "columnLineage": {
                    "fields": {
                        "customer_id": {
                            "inputFields": [
                                {"namespace": "sqlite://local", "name": "sales.customers", "field": "id"}
                            ]
                        }
                    }
                }
            },
        }
    ],
}


def test_openlineage_events_map_datasets_onto_crawled_tables(client, contributor, shop_source):
    response = _login(client, contributor).post(
        "/api/lineage/openlineage/", OPENLINEAGE_EVENT, content_type="application/json"
    )
    assert response.status_code == 201
    edge = TableLineageEdge.objects.get(origin="openlineage")
    assert (edge.source_table.name, edge.target_table.name) == ("customers", "orders")
    column = ColumnLineageEdge.objects.get(origin="openlineage")
    assert (column.source_column.name, column.target_column.name) == ("id", "customer_id")
    # The job's next run replaces what the last one said.
    client.post("/api/lineage/openlineage/", OPENLINEAGE_EVENT, content_type="application/json")
    assert TableLineageEdge.objects.filter(origin="openlineage").count() == 1


def test_a_viewer_may_not_post_openlineage_events_and_nothing_changes(
    client, viewer, contributor, shop_source
):
    url = "/api/lineage/openlineage/"
    _login(client, contributor).post(url, OPENLINEAGE_EVENT, content_type="application/json")
    emptied = {**OPENLINEAGE_EVENT, "inputs": [], "outputs": []}
    response = _login(client, viewer).post(url, emptied, content_type="application/json")
    assert response.status_code == 403
    # The job's lineage is what the contributor's event said: the viewer's empty event was refused.
    assert TableLineageEdge.objects.filter(origin="openlineage").count() == 1


def test_openlineage_start_events_record_nothing_and_garbage_is_refused(client, contributor):
    client = _login(client, contributor)
    start = {**OPENLINEAGE_EVENT, "eventType": "START"}
    assert client.post("/api/lineage/openlineage/", start, content_type="application/json").json() == {
        "recorded": False
    }
    response = client.post("/api/lineage/openlineage/", {"job": "nope"}, content_type="application/json")
    assert response.status_code == 400


def test_a_steward_adds_an_edge_by_hand_and_a_contributor_may_not(client, steward, contributor, shop_source):
    customers, orders = Table.objects.get(name="customers"), Table.objects.get(name="orders")
    payload = {"source_table": customers.pk, "target_table": orders.pk}
    denied = _login(client, contributor).post("/api/lineage/edges/", payload, content_type="application/json")
    assert denied.status_code == 403
    response = _login(client, steward).post("/api/lineage/edges/", payload, content_type="application/json")
    assert response.status_code == 201
    edge = TableLineageEdge.objects.get(origin="manual")
    assert edge.created_by == steward and edge.created_at


def test_the_queue_lists_failed_and_partial_statements(client, steward, contributor, shop_source):
    _login(client, contributor).post(
        "/api/lineage/parse/",
        {"sql": "SELEC nope; SELECT 1", "dialect": "postgres"},
        content_type="application/json",
    )
    body = _login(client, steward).get("/api/lineage/statements/", {"status": ["failed", "partial"]}).json()
    assert [s["status"] for s in body["results"]] == ["failed"]
    assert LineageStatement.objects.filter(status="complete").count() >= 4


def test_the_graph_reads_in_a_bounded_number_of_queries(
    client, viewer, shop_source, django_assert_max_num_queries
):
    view = Table.objects.get(name="region_totals")
    client = _login(client, viewer)
    with django_assert_max_num_queries(14):
        client.get("/api/lineage/graph/", {"table": view.pk, "level": "column", "depth": 5})

"""OpenLineage events are bounded and cost what their size says: hostile shapes are a JSON 400,
never a 500, and matching names onto tables takes the same queries for 10 datasets or 1,000."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lineage.models import TableLineageEdge
from lineage.services.openlineage import MAX_DATASETS

pytestmark = pytest.mark.django_db
URL = "/api/lineage/openlineage/"


def _event(inputs: int, outputs: int = 1, job: str = "big") -> dict:
    return {
        "eventType": "COMPLETE",
        "job": {"namespace": "airflow", "name": job},
        "inputs": [{"namespace": "sqlite://local", "name": f"sales.t{i}"} for i in range(inputs)],
        "outputs": [{"namespace": "sqlite://local", "name": f"sales.out{i}"} for i in range(outputs)],
    }


def _post(client, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


def test_an_event_of_5000_inputs_is_refused_with_a_clear_error(contributor_client, shop_source):
    response = _post(contributor_client, _event(5000))
    assert response.status_code == 400
    assert f"at most {MAX_DATASETS:,} inputs" in response.json()["error"]["message"]
    assert not TableLineageEdge.objects.filter(origin="openlineage").exists()


def test_too_many_edges_are_refused(contributor_client, shop_source):
    response = _post(contributor_client, _event(MAX_DATASETS, 30))
    assert response.status_code == 400
    assert "edges" in response.json()["error"]["message"]


def _queries(client, event) -> tuple[int, int]:
    """Queries other than the bulk inserts of edges (batched by the database's parameter limit),
    and the length of their SQL."""
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, event).status_code == 201
    reads = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("INSERT")]
    return len(reads), sum(map(len, reads))


def test_matching_names_costs_the_same_queries_for_10_or_1000_inputs(contributor_client, shop_source):
    small_count, small_sql = _queries(contributor_client, _event(10, job="small"))
    big_count, big_sql = _queries(contributor_client, _event(MAX_DATASETS))
    assert TableLineageEdge.objects.filter(origin="openlineage").count() == 10 + MAX_DATASETS
    assert big_count == small_count
    # The SQL grows with the names it carries, linearly: no OR-tree of one condition per name.
    assert big_sql <= small_sql * (MAX_DATASETS / 10) * 1.2


def _out(facets) -> dict:
    return {"job": {"name": "j"}, "outputs": [{"name": "s.o", "facets": facets}]}


def _fields(fields) -> dict:
    return _out({"columnLineage": {"fields": fields}})


@pytest.mark.parametrize(
    "event",
    [
        {"job": {"name": "j"}, "inputs": {"name": "sales.customers"}},
        {"job": {"name": "j"}, "inputs": "sales.customers"},
        {"job": {"name": "j"}, "inputs": ["sales.customers"]},
        {"job": {"name": "j"}, "outputs": [{"name": {"a": 1}}]},
        {"job": {"name": "j"}, "outputs": ["s.o"]},
        _out([]),
        _out({"columnLineage": "x"}),
        _fields([]),
        _fields({"a": []}),
        _fields({"a": {"inputFields": "x"}}),
        _fields({"a": {"inputFields": ["x"]}}),
        _fields({"a": {"inputFields": [{"name": "s.i", "transformations": "x"}]}}),
        _fields({"a": {"inputFields": [{"name": "s.i", "transformations": ["x"]}]}}),
    ],
)
def test_malformed_facets_are_a_json_400(contributor_client, shop_source, event):
    response = _post(contributor_client, event)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["status"] == 400


def test_50000_deep_nesting_in_a_facet_is_a_json_400(contributor_client):
    deep = "[" * 50_000 + "]" * 50_000
    body = '{"job": {"name": "j"}, "outputs": [{"name": "s.o", "facets": {"x": ' + deep + "}}]}"
    response = _post(contributor_client, body)
    assert response.status_code == 400
    assert "nested deeper" in response.json()["error"]["message"]


def test_a_namespace_that_is_not_a_valid_url_is_not_a_500(contributor_client, shop_source):
    event = {"job": {"name": "j"}, "inputs": [{"name": "sales.customers", "namespace": "postgres://[::1"}]}
    assert _post(contributor_client, event).status_code == 201

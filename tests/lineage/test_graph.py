"""Traversals over stored edges: hops up and down, cycles, impact, paths."""

import pytest

from lineage.graph import build_graph, impact, paths_between
from lineage.models import ColumnLineageEdge, Origin, TableLineageEdge
from tests.factories import ColumnFactory, TableFactory

pytestmark = pytest.mark.django_db


def _edge(source, target):
    return TableLineageEdge.objects.create(
        origin=Origin.MANUAL,
        source_table=source,
        source_name=source.qualified_name,
        target_table=target,
        target_name=target.qualified_name,
    )


@pytest.fixture
def chain():
    """a → b → c → d, and d → b closing a cycle; e is unrelated."""
    a, b, c, d, e = (TableFactory(name=name) for name in "abcde")
    for source, target in [(a, b), (b, c), (c, d), (d, b)]:
        _edge(source, target)
    return {t.name: t for t in (a, b, c, d, e)}


def _names(result):
    return {node[1] for node in result.graph.nodes}


def test_it_walks_downstream_n_hops(chain):
    one = build_graph(level="table", start_ids=[chain["a"].pk], direction="down", depth=1)
    assert _names(one) == {chain["a"].pk, chain["b"].pk}
    three = build_graph(level="table", start_ids=[chain["a"].pk], direction="down", depth=3)
    assert _names(three) == {chain[n].pk for n in "abcd"}


def test_it_walks_upstream_and_survives_the_cycle(chain):
    up = build_graph(level="table", start_ids=[chain["c"].pk], direction="up", depth=10)
    assert _names(up) == {chain[n].pk for n in "abcd"}


def test_it_reads_each_hop_with_one_query(chain, django_assert_num_queries):
    with django_assert_num_queries(3):
        build_graph(level="table", start_ids=[chain["a"].pk], direction="down", depth=3)


def test_impact_lists_every_downstream_table(chain):
    found = impact(level="table", start_id=chain["c"].pk)
    assert {t.name for t in found["tables"]} == {"b", "d"}


def test_impact_of_a_column_includes_downstream_columns_and_their_tables():
    source, middle, target = (
        ColumnFactory(name="amount"),
        ColumnFactory(name="total"),
        ColumnFactory(name="grand"),
    )
    for a, b in [(source, middle), (middle, target)]:
        ColumnLineageEdge.objects.create(
            origin=Origin.VIEW,
            source_column=a,
            source_name=a.name,
            target_column=b,
            target_name=b.name,
            source_table=a.table,
            target_table=b.table,
        )
    found = impact(level="column", start_id=source.pk)
    assert {c.name for c in found["columns"]} == {"total", "grand"}
    assert {t.pk for t in found["tables"]} == {middle.table_id, target.table_id}


def test_it_finds_all_paths_between_two_tables(chain):
    x = TableFactory(name="x")
    _edge(chain["a"], x)
    _edge(x, chain["c"])
    paths = paths_between(level="table", from_id=chain["a"].pk, to_id=chain["c"].pk)
    assert sorted(len(path) for path in paths) == [3, 3]


def test_names_outside_the_catalog_are_nodes_too(chain):
    TableLineageEdge.objects.create(
        origin=Origin.UPLOAD, source_name="raw.events", target_table=chain["a"], target_name="a"
    )
    up = build_graph(level="table", start_ids=[chain["a"].pk], direction="up", depth=2)
    assert ("name", "raw.events") in up.graph.nodes

"""The usage report against a labelled log: the issue's targets, with labels from the generator."""

import io

import pytest

from tests.usage.generator import SHOP, VIEWS, generate
from usage.analysis import Catalog, ShapeAnalyzer, UsageCounter, read_log


@pytest.fixture(scope="module")
def outcome():
    log = generate(executions=3000, seed=11)
    catalog = Catalog(SHOP, VIEWS)
    analyzer, counter = ShapeAnalyzer(catalog), UsageCounter(catalog)
    for record in read_log(io.BytesIO(log.jsonl()), "jsonl"):
        counter.add(record, analyzer.facts(record))
    return log.expected(), counter.report(), analyzer


def _top(entries, key, n):
    return [entry[key] for entry in entries[:n]]


def test_unparseable_lines_are_counted_within_5_percent(outcome):
    expected, report, _ = outcome
    assert abs(report["unparseable_executions"] - expected["unparseable"]) <= 0.05 * expected["unparseable"]


def test_table_executions_match_on_average_within_half_a_percent(outcome):
    expected, report, _ = outcome
    errors = []
    for relation, (executions, _) in expected["tables"].items():
        found = report["tables"][".".join(relation)]["executions"]
        errors.append(abs(found - executions) / executions)
    assert sum(errors) / len(errors) <= 0.005


def test_top_users_joins_and_filters_are_precise(outcome):
    expected, report, _ = outcome
    for relation, (_, users) in expected["tables"].items():
        table = report["tables"][".".join(relation)]
        want_users = [u for u, _ in sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
        assert _top(table["top_users"], "user", 3) == want_users, relation
        true_joins = {tuple(sorted(".".join(side) for side in pair)) for pair in expected["joins"]}
        got = [tuple(sorted((j["left"], j["right"]))) for j in table["joins"][:5]]
        assert all(pair in true_joins for pair in got), (relation, got)
        true_filters = {".".join(column) for column in expected["filters"]}
        got_filters = _top(table["filters"], "column", 5)
        assert all(column in true_filters for column in got_filters), (relation, got_filters)


def test_join_and_filter_counts_and_operators_match_the_labels(outcome):
    expected, report, _ = outcome
    joins = {tuple(sorted((j["left"], j["right"]))): j for t in report["tables"].values() for j in t["joins"]}
    for pair, (executions, users) in expected["joins"].items():
        found = joins[tuple(sorted(".".join(side) for side in pair))]
        assert (found["executions"], found["distinct_users"]) == (executions, len(users)), pair
    filters = {f["column"]: f for t in report["tables"].values() for f in t["filters"]}
    for column, (executions, users, operators) in expected["filters"].items():
        found = filters[".".join(column)]
        assert (found["executions"], found["distinct_users"]) == (executions, len(users)), column
        assert found["operators"] == dict(operators), column


def test_each_shape_is_parsed_once(outcome):
    _, _, analyzer = outcome
    assert analyzer.parsed < 400  # 3,000 lines; a few hundred distinct (shape, search path) pairs


def test_relations_outside_the_catalog_are_not_reported(outcome):
    _, report, _ = outcome
    assert "scratch.unknown_table" not in report["tables"]
    assert "sales.tmp_big_orders" not in report["tables"]

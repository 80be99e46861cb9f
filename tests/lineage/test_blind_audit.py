"""The blind audit set as a CI check: labels written from SQL semantics only, scored in-process.

tests/lineage/audit/score.py prints the same figures per dialect with every mismatch.
"""

import json
from pathlib import Path

import pytest

from tests.lineage.audit.score import evaluate, load

BLIND_SET = Path(__file__).parent / "audit" / "blind_set.json"


@pytest.fixture(scope="module")
def audit():
    cases = load(str(BLIND_SET))
    scorer, _, mismatches = evaluate(cases)
    return cases, scorer, mismatches


def test_the_blind_set_is_well_formed():
    cases = json.loads(BLIND_SET.read_text())
    assert len(cases) >= 180
    for c in cases:
        assert {"dialect", "sql", "target", "sources", "columns"} <= set(c), c
        if c.get("error"):
            assert (c["target"], c["sources"], c["columns"]) == (None, [], None), c


def test_it_meets_the_accuracy_targets_on_the_blind_set(audit):
    _, scorer, mismatches = audit
    figures = scorer.figures()
    report = "\n" + scorer.table() + "".join(f"\n[{i}] {c['sql'][:80]!r}: {p}" for i, c, _, p in mismatches)
    assert figures["column_f1"] >= 0.97, report
    assert figures["all_tables_right"] >= 0.98, report


def test_it_fails_every_statement_labelled_malformed_and_nothing_else(audit):
    _, scorer, _ = audit
    hit, miss, false_alarms = scorer.figures()["errors"]
    assert (miss, false_alarms) == (0, 0), scorer.table()

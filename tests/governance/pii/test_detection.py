"""PII detection against the labelled set: precision and recall of (column, kind), and each trap."""

import pytest

from governance.pii import KINDS, ColumnInfo, detect, propagate
from tests.governance.pii.labelled import build


def score(pairs):
    tp = fp = fn = 0
    wrong = []
    for item in pairs:
        found = detect(item.column)
        predicted = found.kind if found else None
        if predicted and predicted == item.kind:
            tp += 1
        else:
            if predicted:
                fp += 1
            if item.kind:
                fn += 1
            if predicted or item.kind:
                wrong.append((item.column.table, item.column.column, item.kind, predicted))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), wrong


def test_the_labelled_set_is_big_and_varied():
    pairs = build()
    assert len(pairs) >= 300
    assert {item.kind for item in pairs} >= set(KINDS) | {None}


def test_precision_and_recall_are_at_least_95_percent():
    precision, recall, wrong = score(build())
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, wrong)


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("orders", "order_number", ["4111111111111111", "4012888888881881"]),  # pass Luhn, an order
        ("releases", "app_version", ["1.2.3.4", "2.10.0.1"]),
        ("servers", "ip_address", ["10.0.0.1", "10.0.0.2"]),
        ("teams", "email", ["noc@example.com", "support@example.com"]),
        ("mart", "email_sha256", ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"] * 3),
        ("mart", "ssn", ["***-**-1234", "***-**-9876"]),
        ("orders", "order_date", ["1980-01-02", "1975-05-06"]),
        ("vendors", "name", ["Acme Inc", "Globex Corp"]),
    ],
)
def test_look_alikes_are_not_personal(table, column, values):
    assert detect(ColumnInfo("s", table, column, values=values * 10)) is None


def test_evidence_says_which_rule_and_what_share_matched():
    found = detect(ColumnInfo("crm", "customers", "iban", values=["DE89370400440532013000"] * 9 + ["x"]))
    assert found.kind == "iban" and found.evidence["rule"] == "iban_mod97" and found.evidence["share"] == 0.9


def test_a_copy_of_a_pii_column_is_pii_unless_a_transformation_hides_it():
    edges = [("a.email", "b.email", None), ("b.email", "c.contact", "lower"), ("a.email", "d.hash", "md5")]
    found = propagate(edges, {"a.email": "email"})
    assert found == {
        "b.email": ("email", ["a.email", "b.email"]),
        "c.contact": ("email", ["a.email", "b.email", "c.contact"]),
    }

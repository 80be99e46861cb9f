"""The constraint and profile diffs, without a database."""

from catalog.connectors import ColumnProfileRecord, ConstraintRecord, TableRecord
from catalog.services.catalog_sync.diff import diff_constraints, merge_profiles
from catalog.services.catalog_sync.rows import NewConstraint, StoredConstraint

ORDERS = ("sales", "orders")
PRIMARY = ConstraintRecord("primary", "orders_pk", ("id",))
TO_CUSTOMERS = ConstraintRecord("foreign", None, ("customer_id",), "crm", "customers", ("id",))


def _orders(*constraints):
    return TableRecord(*ORDERS, "table", None, None, None, None, [], list(constraints))


def _diff(stored, records, present=None):
    present = {ORDERS: 7} if present is None else present
    return diff_constraints(stored, records, present=present, table_ids={ORDERS: 7, ("crm", "customers"): 9})


def test_it_adds_constraints_and_points_foreign_keys_at_the_stored_table():
    plan = _diff([], [_orders(PRIMARY, TO_CUSTOMERS)])
    assert plan.insert == [
        NewConstraint(7, "primary", "orders_pk", ["id"], "", "", [], None),
        NewConstraint(7, "foreign", "", ["customer_id"], "crm", "customers", ["id"], 9),
    ]
    assert plan.delete == []


def test_it_keeps_unchanged_constraints_and_replaces_changed_ones():
    stored = [
        StoredConstraint(1, 7, "primary", "orders_pk", ["id"], "", "", []),
        StoredConstraint(2, 7, "unique", "orders_code", ["code"], "", "", []),
    ]
    plan = _diff(stored, [_orders(PRIMARY, ConstraintRecord("unique", "orders_code", ("code", "shop")))])
    assert plan.delete == [2]
    assert plan.insert == [NewConstraint(7, "unique", "orders_code", ["code", "shop"], "", "", [], None)]


def test_constraints_of_tables_that_are_hidden_or_removed_are_left_alone():
    stored = [StoredConstraint(1, 7, "primary", "orders_pk", ["id"], "", "", [])]
    plan = _diff(stored, [_orders()], present={})
    assert (plan.insert, plan.delete) == ([], [])


def _profile(source):
    return ColumnProfileRecord(0.0, 1, None, None, [], source)


def test_statistics_win_over_a_sample_and_an_exact_profile_wins_over_both():
    a, b, c = ("s", "t", "a"), ("s", "t", "b"), ("s", "t", "c")
    merged = merge_profiles(
        {a: _profile("sample"), b: _profile("exact"), c: _profile("sample")},
        {a: _profile("statistics"), b: _profile("statistics")},
    )
    assert {key: p.source for key, p in merged.items()} == {a: "statistics", b: "exact", c: "sample"}

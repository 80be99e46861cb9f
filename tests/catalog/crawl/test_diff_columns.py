"""The column diff, without a database: adds, changes, removals, restores and the safety rules."""

import datetime as dt

from catalog.connectors import ColumnRecord, ConstraintRecord, TableRecord
from catalog.services.catalog_sync.diff import diff_columns
from catalog.services.catalog_sync.rows import Change, ColumnFields, ColumnUpdate, NewColumn, StoredColumn

NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
EARLIER = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
ORDERS = ("sales", "orders")
ID = ColumnFields(1, "INTEGER", False, None, "", True)
AMOUNT = ColumnFields(2, "REAL", True, None, "", False)


def _orders(*columns):
    return TableRecord(
        *ORDERS, "table", None, None, None, None, list(columns), [ConstraintRecord("primary", None, ("id",))]
    )


def _column(name, fields):
    return ColumnRecord(
        name, fields.position, fields.data_type, fields.nullable, fields.default, fields.comment or None
    )


def _stored(pk, name, fields, removed_at=None):
    return {(*ORDERS, name): StoredColumn(pk, 7, name, removed_at, fields)}


def _diff(stored, records, *, present=None, first_seen=()):
    return diff_columns(
        stored, records, present={ORDERS: 7} if present is None else present, first_seen=first_seen, now=NOW
    )


def test_it_adds_new_columns_with_history_and_takes_primary_keys_from_the_constraints():
    plan = _diff({}, [_orders(_column("id", ID))])
    assert plan.insert == [NewColumn((*ORDERS, "id"), 7, ID)]
    assert plan.history == [Change(ORDERS, "column_added", "id")]
    assert plan.seen == 1


def test_columns_of_a_table_added_by_this_crawl_have_no_history_of_their_own():
    plan = _diff({}, [_orders(_column("id", ID))], first_seen={ORDERS})
    assert len(plan.insert) == 1 and plan.history == []


def test_it_leaves_unchanged_columns_alone():
    plan = _diff(_stored(1, "id", ID), [_orders(_column("id", ID))])
    assert (plan.insert, plan.update, plan.history) == ([], [], [])


def test_it_updates_a_changed_column_and_records_a_type_change():
    stored = _stored(2, "amount", AMOUNT)
    plan = _diff(stored, [_orders(_column("amount", AMOUNT._replace(data_type="NUMERIC", nullable=False)))])
    new = AMOUNT._replace(data_type="NUMERIC", nullable=False)
    assert plan.update == [ColumnUpdate(2, 7, "amount", None, new, ("data_type", "nullable"))]
    assert plan.history == [Change(ORDERS, "column_type_changed", "amount", "REAL", "NUMERIC")]


def test_it_marks_a_column_gone_from_a_listed_table_removed():
    stored = {**_stored(1, "id", ID), **_stored(2, "amount", AMOUNT)}
    plan = _diff(stored, [_orders(_column("id", ID))])
    assert plan.update == [ColumnUpdate(2, 7, "amount", NOW, AMOUNT, ("removed_at",))]
    assert plan.history == [Change(ORDERS, "column_removed", "amount")]
    assert plan.removed == 1


def test_it_restores_a_column_listed_again():
    plan = _diff(_stored(2, "amount", AMOUNT, removed_at=EARLIER), [_orders(_column("amount", AMOUNT))])
    assert plan.update == [ColumnUpdate(2, 7, "amount", None, AMOUNT, ("removed_at",))]
    assert plan.history == [Change(ORDERS, "column_restored", "amount")]


def test_a_table_listed_without_columns_or_not_listed_keeps_its_columns():
    stored = _stored(1, "id", ID)
    for records in ([_orders()], []):
        plan = _diff(stored, records)
        assert (plan.update, plan.removed, plan.history) == ([], 0, [])


def test_columns_of_tables_that_are_hidden_or_removed_are_left_alone():
    plan = _diff({}, [_orders(_column("id", ID))], present={})
    assert (plan.insert, plan.seen) == ([], 0)

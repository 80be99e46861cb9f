"""The table diff, without a database: adds, changes, removals, restores and the safety rules."""

import datetime as dt

import pytest

from catalog.connectors import TableRecord
from catalog.models import TableChange
from catalog.services.catalog_sync import rows
from catalog.services.catalog_sync.diff import COMMENT_MAX_LENGTH, diff_tables
from catalog.services.catalog_sync.rows import Change, NewTable, StoredTable, TableFields, TableUpdate
from catalog.services.source_filter import SourceFilter

EVERYTHING = SourceFilter()  # no include or exclude pattern
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
EARLIER = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
ORDERS = TableFields("table", "", "", 10, 8192)


def _stored(pk, schema, name, *, hidden=False, removed_at=None, fields=ORDERS):
    return StoredTable(pk, (schema, name), hidden, removed_at, EARLIER, fields)


def _record(schema, name, *, kind="table", comment=None, definition=None, row_count=10, size_bytes=8192):
    return TableRecord(schema, name, kind, comment, definition, row_count, size_bytes)


def _diff(stored, records, *, fetched=("sales",), gone=(), source_filter=EVERYTHING):
    return diff_tables(
        stored,
        records,
        fetched_schemas=set(fetched),
        gone_schemas=set(gone),
        source_filter=source_filter,
        now=NOW,
    )


def test_history_kinds_are_those_of_the_model():
    kinds = {value for name, value in vars(rows).items() if name.isupper() and isinstance(value, str)}
    assert kinds <= set(TableChange.Kind.values)


def test_it_adds_a_new_table_with_its_history_entry():
    plan = _diff([], [_record("sales", "orders", comment="x" * (COMMENT_MAX_LENGTH + 5))])
    assert plan.insert == [
        NewTable(("sales", "orders"), False, ORDERS._replace(comment="x" * COMMENT_MAX_LENGTH))
    ]
    assert plan.history == [Change(("sales", "orders"), "table_added")]
    assert plan.present == {("sales", "orders")} and plan.seen == [("sales", "orders")]


def test_it_leaves_an_unchanged_table_alone_but_counts_it_seen():
    plan = _diff([_stored(1, "sales", "orders")], [_record("sales", "orders")])
    assert (plan.insert, plan.update, plan.history, plan.status_changed) == ([], [], [], set())
    assert plan.seen == [("sales", "orders")] and plan.present == {("sales", "orders")}


def test_it_updates_changed_fields_and_records_a_changed_view_definition():
    view = ORDERS._replace(kind="view", definition="SELECT 1")
    plan = _diff(
        [_stored(1, "sales", "v", fields=view)],
        [_record("sales", "v", kind="view", definition="SELECT 2", row_count=None)],
    )
    assert plan.update == [
        TableUpdate(
            1,
            ("sales", "v"),
            False,
            None,
            view._replace(definition="SELECT 2", row_count=None),
            ("definition", "row_count"),
        )
    ]
    assert plan.history == [Change(("sales", "v"), "definition_changed", "", "SELECT 1", "SELECT 2")]
    assert plan.status_changed == set()  # still shown: its columns are not reindexed for this


def test_a_first_definition_is_no_change_in_history():
    plan = _diff([_stored(1, "sales", "v")], [_record("sales", "v", definition="SELECT 1")])
    assert [u.changed for u in plan.update] == [("definition",)]
    assert plan.history == []


def test_it_hides_a_table_the_filter_leaves_out_and_keeps_its_stored_fields():
    plan = _diff(
        [_stored(1, "sales", "tmp_orders")],
        [_record("sales", "tmp_orders", row_count=99, definition="SELECT 1")],
        source_filter=SourceFilter(exclude_tables=("tmp_*",)),
    )
    assert plan.update == [TableUpdate(1, ("sales", "tmp_orders"), True, None, ORDERS, ("hidden",))]
    assert plan.status_changed == {1} and plan.present == set() and plan.history == []


def test_it_marks_a_table_gone_from_a_fetched_schema_removed():
    plan = _diff([_stored(1, "sales", "orders"), _stored(2, "sales", "legacy")], [_record("sales", "orders")])
    assert plan.update == [TableUpdate(2, ("sales", "legacy"), False, NOW, ORDERS, ("removed_at",))]
    assert plan.history == [Change(("sales", "legacy"), "table_removed")]
    assert plan.removed == 1 and plan.status_changed == {2} and plan.present == {("sales", "orders")}


def test_a_table_already_removed_is_not_removed_again():
    plan = _diff(
        [_stored(1, "sales", "orders"), _stored(2, "sales", "legacy", removed_at=EARLIER)],
        [_record("sales", "orders")],
    )
    assert (plan.update, plan.removed, plan.history) == ([], 0, [])


def test_it_restores_a_table_listed_again():
    plan = _diff([_stored(1, "sales", "orders", removed_at=EARLIER)], [_record("sales", "orders")])
    assert plan.update == [TableUpdate(1, ("sales", "orders"), False, None, ORDERS, ("removed_at",))]
    assert plan.history == [Change(("sales", "orders"), "table_restored")]
    assert plan.status_changed == {1} and plan.present == {("sales", "orders")}


def test_a_schema_listed_without_tables_keeps_them_and_warns_once():
    stored = [_stored(1, "sales", "orders"), _stored(2, "sales", "refunds"), _stored(3, "crm", "contacts")]
    plan = _diff(stored, [_record("crm", "contacts")], fetched=("sales", "crm"))
    assert plan.update == [] and plan.removed == 0
    assert [(w.code, w.object) for w in plan.warnings] == [("empty_schema", "sales")]
    assert plan.present == {("sales", "orders"), ("sales", "refunds"), ("crm", "contacts")}


@pytest.mark.parametrize("fetched", [(), ("crm",)], ids=["nothing fetched", "schema filtered out"])
def test_tables_of_a_schema_that_was_not_fetched_are_kept(fetched):
    plan = _diff([_stored(1, "sales", "orders")], [], fetched=fetched)
    assert (plan.update, plan.removed, plan.warnings) == ([], 0, [])


def test_tables_of_a_removed_schema_are_removed_with_it():
    plan = _diff(
        [_stored(1, "old", "orders"), _stored(2, "old", "gone", removed_at=EARLIER)],
        [],
        fetched=(),
        gone=("old",),
    )
    assert [(u.id, u.removed_at) for u in plan.update] == [(1, NOW)]
    assert plan.removed == 1 and plan.warnings == []

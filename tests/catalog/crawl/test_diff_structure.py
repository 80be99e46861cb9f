"""Which tables' columns and keys a re-crawl skips, without a database: only present tables
listed with the structure digest stored, and never one just restored or shown."""

import datetime as dt

from catalog.connectors import ColumnRecord, ConstraintRecord, TableRecord
from catalog.services.catalog_sync.diff import diff_tables, structure_digest
from catalog.services.catalog_sync.rows import StoredTable, TableFields
from catalog.services.source_filter import SourceFilter

NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
EARLIER = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
FIELDS = TableFields("table", "", "", 10, 8192)
KEY = ("sales", "orders")
PRIMARY = (ConstraintRecord("primary", "pk", ("id",)),)
EVERYTHING = SourceFilter()


def _record(columns=("id", "amount"), constraints=PRIMARY):
    cols = [ColumnRecord(name, i, "integer", True, None, None) for i, name in enumerate(columns, 1)]
    return TableRecord("sales", "orders", "table", None, None, 10, 8192, cols, list(constraints))


def _stored(digest, *, hidden=False, removed_at=None):
    return StoredTable(1, KEY, hidden, removed_at, EARLIER, FIELDS, digest)


def _diff(stored, record, source_filter=EVERYTHING):
    return diff_tables(
        [stored],
        [record],
        fetched_schemas={"sales"},
        gone_schemas=set(),
        source_filter=source_filter,
        now=NOW,
    )


def test_the_digest_changes_with_every_part_of_the_structure():
    base = _record()
    variants = [
        _record(columns=("id", "amount", "note")),
        _record(columns=("id", "total")),
        _record(columns=("amount", "id")),
        _record(constraints=()),
        _record(constraints=(ConstraintRecord("unique", "pk", ("id",)),)),
    ]
    for field, value in (("kind", "view"), ("comment", "c"), ("definition", "SELECT 1")):
        variant = _record()
        setattr(variant, field, value)
        variants.append(variant)
    for change in ({"data_type": "text"}, {"nullable": False}, {"default": "0"}, {"comment": "c"}):
        variant = _record()
        variant.columns[1] = ColumnRecord(**{**_column_dict(variant.columns[1]), **change})
        variants.append(variant)
    digests = {structure_digest(record) for record in variants}
    assert structure_digest(base) not in digests and len(digests) == len(variants)


def _column_dict(column):
    return {name: getattr(column, name) for name in ColumnRecord.__slots__}


def test_the_digest_ignores_the_order_keys_are_listed_in_and_the_measurements():
    keys = (ConstraintRecord("primary", "pk", ("id",)), ConstraintRecord("unique", None, ("amount",)))
    measured = _record(constraints=keys)
    measured.row_count, measured.size_bytes = 99, 1
    assert structure_digest(measured) == structure_digest(_record(constraints=keys[::-1]))


def test_a_table_listed_with_its_stored_digest_is_skipped():
    record = _record()
    plan = _diff(_stored(structure_digest(record)), record)
    assert plan.same_structure == {KEY} and plan.digests == []


def test_a_changed_or_missing_digest_is_diffed_and_written():
    record = _record()
    for stored in ("", "stale"):
        plan = _diff(_stored(stored), record)
        assert plan.same_structure == set() and plan.digests == [(1, structure_digest(record))]


def test_a_restored_table_is_diffed_in_full():
    record = _record()
    plan = _diff(_stored(structure_digest(record), removed_at=EARLIER), record)
    assert plan.same_structure == set()


def test_a_table_listed_without_columns_loses_its_digest():
    # No privilege on its columns: they are kept as stored, so the next listing is diffed in full.
    plan = _diff(_stored("stored"), _record(columns=(), constraints=()))
    assert plan.same_structure == set() and plan.digests == [(1, "")]


def test_a_hidden_table_keeps_its_digest_and_is_not_skipped():
    record = _record()
    plan = _diff(_stored("stored"), record, SourceFilter(exclude_tables=("orders",)))
    assert plan.same_structure == set() and plan.digests == [] and plan.present == set()

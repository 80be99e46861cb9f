"""The diff: what is stored + what the source listed + the filter and safety rules -> a plan.

Pure functions without database access (an import contract keeps Django out of this module).
The safety rules, each kept where it applies:

* an empty schema listing proves nothing (privileges, a wrong database): nothing is marked removed;
* a schema listed without tables keeps its tables, with a warning;
* columns are removed only from tables listed with at least one column;
* objects the source filter leaves out are hidden, never removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING

from catalog.services.catalog_sync.rows import (
    COLUMN_ADDED,
    COLUMN_REMOVED,
    COLUMN_RESTORED,
    COLUMN_TYPE_CHANGED,
    DEFINITION_CHANGED,
    TABLE_ADDED,
    TABLE_REMOVED,
    TABLE_RESTORED,
    Change,
    ColumnFields,
    ColumnKey,
    ColumnPlan,
    ColumnUpdate,
    ConstraintKey,
    ConstraintPlan,
    NewColumn,
    NewConstraint,
    NewSchema,
    NewTable,
    SchemaPlan,
    SchemaUpdate,
    StoredColumn,
    StoredConstraint,
    StoredSchema,
    StoredTable,
    SyncWarning,
    TableFields,
    TableKey,
    TablePlan,
    TableUpdate,
    UnchangedProfile,
)

if TYPE_CHECKING:
    from catalog.connectors.base import ColumnProfileRecord, ColumnRecord, ConstraintRecord, TableRecord
    from catalog.services.source_filter import SourceFilter

# Comments come from the source and render as Markdown like descriptions: bounded the same way.
COMMENT_MAX_LENGTH = 100_000


def _differing(old: tuple, new: tuple) -> tuple[str, ...]:
    return tuple(name for name, a, b in zip(old._fields, old, new, strict=True) if a != b)


# --- schemas ----------------------------------------------------------------------------------------


def diff_schemas(
    stored: Iterable[StoredSchema],
    listed: list[str],
    *,
    comments: Mapping[str, str],
    source_filter: SourceFilter,
    now: dt.datetime,
) -> SchemaPlan:
    """`listed`: the schemas the source listed; `comments`: the comment of every schema the snapshot
    covered ("" when it has none); schemas it did not cover keep theirs."""
    plan = SchemaPlan()
    by_name = {schema.name: schema for schema in stored}
    for name in listed:
        if name not in by_name:
            hidden = not source_filter.includes_schema(name)
            plan.insert.append(NewSchema(name, hidden, comments.get(name, "")))
            if hidden:
                plan.hidden.add(name)
    names = set(listed)
    for schema in by_name.values():
        _diff_stored_schema(plan, schema, _schema_update(schema, names, comments, source_filter, now))
    if not listed and by_name:
        plan.warnings.append(
            SyncWarning("empty_listing", "The source listed no schemas; nothing was marked removed.")
        )
    return plan


def _diff_stored_schema(plan: SchemaPlan, schema: StoredSchema, update: SchemaUpdate) -> None:
    if update.changed:
        plan.update.append(update)
    if update.removed_at and not schema.removed_at:
        plan.removed += 1
    if update.hidden:
        plan.hidden.add(schema.name)
    if update.removed_at:
        plan.gone.add(schema.name)


def _schema_update(schema: StoredSchema, listed: set[str], comments, source_filter, now) -> SchemaUpdate:
    if schema.name in listed:
        hidden, removed_at = not source_filter.includes_schema(schema.name), None
    elif listed:
        hidden, removed_at = False, schema.removed_at or now
    else:
        # An empty listing proves nothing (privileges, a wrong database): remove nothing on it.
        hidden, removed_at = False, schema.removed_at
    comment = comments.get(schema.name, schema.comment)
    pairs = (
        ("hidden", schema.hidden, hidden),
        ("removed_at", schema.removed_at, removed_at),
        ("comment", schema.comment, comment),
    )
    changed = tuple(name for name, old, new in pairs if old != new)
    return SchemaUpdate(schema.id, schema.name, hidden, removed_at, comment, changed)


# --- tables -----------------------------------------------------------------------------------------


def table_fields(record: TableRecord) -> TableFields:
    return TableFields(
        kind=record.kind,
        comment=(record.comment or "")[:COMMENT_MAX_LENGTH],
        definition=record.definition or "",
        row_count=record.row_count,
        size_bytes=record.size_bytes,
    )


# Bump when column_fields, table_fields or the constraint diff save other rows from the same
# records, so that the next crawl diffs every table again instead of trusting the stored digests.
STRUCTURE_VERSION = 1
_column_parts = attrgetter("name", "position", "data_type", "nullable", "default", "comment")
_constraint_parts = attrgetter("kind", "name", "columns", "ref_schema", "ref_table", "ref_columns")


def structure_digest(record: TableRecord) -> str:
    """A digest of everything a table's stored columns and keys are made from, as listed: its
    kind, comment and view SQL, each column (name, position, type, nullability, default,
    comment) and each key. Equal digests mean the crawl would save the same columns and keys, so
    a re-crawl need not load nor diff them. Keys are sorted: they are matched as a set, and an
    engine may list them in any order. The values are str, int, bool and None, whose repr is exact."""
    made_from = (
        STRUCTURE_VERSION,
        record.kind,
        record.comment,
        record.definition,
        list(map(_column_parts, record.columns)),
        sorted(map(repr, map(_constraint_parts, record.constraints))),
    )
    return hashlib.blake2b(repr(made_from).encode(), digest_size=16).hexdigest()


def diff_tables(
    stored: Iterable[StoredTable],
    records: Iterable[TableRecord],
    *,
    fetched_schemas: Collection[str],
    gone_schemas: Collection[str],
    source_filter: SourceFilter,
    now: dt.datetime,
) -> TablePlan:
    """`fetched_schemas`: the listed schemas the filter includes (the ones whose tables were read);
    `gone_schemas`: schemas marked removed, whose tables go with them."""
    plan = TablePlan()
    by_key = {table.key: table for table in stored}
    listed = {(record.schema, record.name): record for record in records}
    present = {key: not table.hidden and table.removed_at is None for key, table in by_key.items()}
    for key, record in listed.items():
        hidden = not source_filter.includes_table(*key)
        present[key] = not hidden
        table = by_key.get(key)
        # The digest stands for columns and keys saved from the listing: none are saved for a
        # hidden table, and a table listed without columns (no privilege) keeps its stored ones.
        digest = structure_digest(record) if record.columns and not hidden else ""
        if table is None:
            plan.insert.append(NewTable(key, hidden, table_fields(record), digest))
            plan.history.append(Change(key, TABLE_ADDED))
        else:
            _diff_listed_table(plan, table, table_fields(record), hidden)
            if not hidden:
                _diff_structure(plan, table, digest)
    for table in _tables_to_remove(plan, by_key, listed.keys(), fetched_schemas, gone_schemas):
        present[table.key] = False
        plan.update.append(TableUpdate(table.id, table.key, table.hidden, now, table.fields, ("removed_at",)))
        plan.status_changed.add(table.id)
        plan.history.append(Change(table.key, TABLE_REMOVED))
        plan.removed += 1
    plan.seen = list(listed)
    plan.present = {key for key, shown in present.items() if shown}
    return plan


def _diff_listed_table(plan: TablePlan, table: StoredTable, fields: TableFields, hidden: bool) -> None:
    restored = table.removed_at is not None
    if restored:
        plan.history.append(Change(table.key, TABLE_RESTORED))
    if not hidden and table.fields.definition and table.fields.definition != fields.definition:
        plan.history.append(
            Change(table.key, DEFINITION_CHANGED, "", table.fields.definition, fields.definition)
        )
    if hidden:
        fields = table.fields  # a hidden table keeps what was stored
    status = tuple(
        name for name, differs in (("hidden", table.hidden != hidden), ("removed_at", restored)) if differs
    )
    if status:
        plan.status_changed.add(table.id)
    if status or fields != table.fields:
        changed = status + _differing(table.fields, fields)
        plan.update.append(TableUpdate(table.id, table.key, hidden, None, fields, changed))


def _diff_structure(plan: TablePlan, table: StoredTable, digest: str) -> None:
    """A present table keeps its columns and keys as stored when it is listed with the structure
    they were saved from, unless it was just restored or shown: then they are diffed in full."""
    if digest and digest == table.structure_digest and table.id not in plan.status_changed:
        plan.same_structure.add(table.key)
    elif digest != table.structure_digest:
        plan.digests.append((table.id, digest))


def _tables_to_remove(plan, by_key, listed, fetched_schemas, gone_schemas) -> list[StoredTable]:
    """Tables gone from a schema that was fetched are removed, unless the schema came back empty
    while the catalog still had tables in it: an empty answer is no proof of removal. Tables of a
    schema marked removed go with it."""
    listed_per_schema = Counter(schema for schema, _ in listed)
    warned, removed = set(), []
    for key, table in by_key.items():
        schema = key[0]
        if key in listed or table.removed_at is not None:
            continue
        if schema not in gone_schemas:
            if schema not in fetched_schemas:
                continue  # filtered out: hidden with its schema, not removed
            if not listed_per_schema[schema]:
                if schema not in warned:
                    warned.add(schema)
                    plan.warnings.append(
                        SyncWarning(
                            "empty_schema",
                            f"Schema {schema} listed no tables; its tables were kept, not marked removed.",
                            schema,
                        )
                    )
                continue
        removed.append(table)
    return removed


# --- columns ----------------------------------------------------------------------------------------


def column_fields(column: ColumnRecord, primary: Collection[str]) -> ColumnFields:
    return ColumnFields(
        position=column.position,
        data_type=column.data_type,
        nullable=column.nullable,
        default=column.default,
        comment=(column.comment or "")[:COMMENT_MAX_LENGTH],
        is_primary_key=column.name in primary,
    )


def diff_columns(
    stored: Mapping[ColumnKey, StoredColumn],
    records: Iterable[TableRecord],
    *,
    present: Mapping[TableKey, int],
    first_seen: Collection[TableKey],
    now: dt.datetime,
) -> ColumnPlan:
    """Columns of the tables in `present` (table key -> id: neither hidden nor removed).
    `stored` holds the columns of those tables; `first_seen`: tables this crawl added, whose
    history has one "table added" entry rather than one per column."""
    plan = ColumnPlan()
    seen: set[ColumnKey] = set()
    records = list(records)
    for record in records:
        key = (record.schema, record.name)
        if key in present:
            _diff_listed_columns(plan, record, present[key], stored, seen, first_seen=key in first_seen)
    # Columns are removed only from tables this crawl listed with at least one column: a table
    # missing from the listing (an empty or failed schema listing) or listed without columns (no
    # privilege on it) proves nothing about its columns.
    with_columns = {(record.schema, record.name) for record in records if record.columns}
    for ckey, row in stored.items():
        if ckey not in seen and row.removed_at is None and ckey[:2] in with_columns:
            plan.update.append(ColumnUpdate(row.id, row.table_id, row.name, now, row.fields, ("removed_at",)))
            plan.history.append(Change(ckey[:2], COLUMN_REMOVED, row.name))
            plan.removed += 1
    plan.seen = len(seen)
    return plan


def _diff_listed_columns(
    plan: ColumnPlan, record: TableRecord, table_id: int, stored, seen: set, *, first_seen: bool
) -> None:
    key = (record.schema, record.name)
    primary = {name for c in record.constraints if c.kind == "primary" for name in c.columns}
    for column in record.columns:
        ckey = (*key, column.name)
        seen.add(ckey)
        fields = column_fields(column, primary)
        row = stored.get(ckey)
        if row is None:
            plan.insert.append(NewColumn(ckey, table_id, fields))
            if not first_seen:
                plan.history.append(Change(key, COLUMN_ADDED, column.name))
        elif row.removed_at is not None or row.fields != fields:  # most columns have not changed
            _diff_listed_column(plan, key, row, fields)


def _diff_listed_column(plan: ColumnPlan, table: TableKey, row: StoredColumn, fields: ColumnFields) -> None:
    restored = row.removed_at is not None
    if restored:
        plan.history.append(Change(table, COLUMN_RESTORED, row.name))
    if row.fields.data_type != fields.data_type:
        plan.history.append(
            Change(table, COLUMN_TYPE_CHANGED, row.name, row.fields.data_type, fields.data_type)
        )
    if restored or row.fields != fields:
        changed = (("removed_at",) if restored else ()) + _differing(row.fields, fields)
        plan.update.append(ColumnUpdate(row.id, row.table_id, row.name, None, fields, changed))


# --- constraints ------------------------------------------------------------------------------------


def constraint_key(kind, name, columns, ref_schema, ref_table, ref_columns) -> ConstraintKey:
    return (kind, name or "", tuple(columns), ref_schema or "", ref_table or "", tuple(ref_columns))


def _record_key(c: ConstraintRecord) -> ConstraintKey:
    return constraint_key(c.kind, c.name, c.columns, c.ref_schema, c.ref_table, c.ref_columns)


def diff_constraints(
    stored: Iterable[StoredConstraint],
    records: Iterable[TableRecord],
    *,
    present: Mapping[TableKey, int],
    table_ids: Mapping[TableKey, int],
) -> ConstraintPlan:
    """Constraints are matched on everything they say; a changed one is deleted and added again.
    `table_ids`: every table of the source, hidden or removed too, for foreign keys to point at."""
    have: dict[int, dict[ConstraintKey, int]] = {}
    for row in stored:
        key = constraint_key(
            row.kind, row.name, row.columns, row.ref_schema_name, row.ref_table_name, row.ref_columns
        )
        have.setdefault(row.table_id, {})[key] = row.id
    plan = ConstraintPlan()
    for record in records:
        table_id = present.get((record.schema, record.name))
        if table_id is None:
            continue
        wanted = {_record_key(c): c for c in record.constraints}
        stored_here = have.get(table_id, {})
        plan.delete.extend(pk for key, pk in stored_here.items() if key not in wanted)
        plan.insert.extend(
            _new_constraint(table_id, c, table_ids) for key, c in wanted.items() if key not in stored_here
        )
    return plan


def _new_constraint(table_id: int, c: ConstraintRecord, table_ids: Mapping[TableKey, int]) -> NewConstraint:
    return NewConstraint(
        table_id=table_id,
        kind=c.kind,
        name=c.name or "",
        columns=list(c.columns),
        ref_schema_name=c.ref_schema or "",
        ref_table_name=c.ref_table or "",
        ref_columns=list(c.ref_columns),
        ref_table_id=table_ids.get((c.ref_schema, c.ref_table)) if c.ref_table else None,
    )


# --- profiles ---------------------------------------------------------------------------------------


def merge_profiles(
    sample_profiles: Mapping[ColumnKey, ColumnProfileRecord | UnchangedProfile],
    statistics: Mapping[ColumnKey, ColumnProfileRecord],
) -> dict[ColumnKey, ColumnProfileRecord | UnchangedProfile]:
    """Engine statistics describe the whole table, so they win over a profile of the sample; a
    profile of every row (a small table read whole) is exact and wins over both. An unchanged
    profile (not made again) ranks as the profile it stands for."""
    exact = {key: p for key, p in sample_profiles.items() if p.source == "exact"}
    return {**sample_profiles, **statistics, **exact}

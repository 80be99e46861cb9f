"""Named rows: what the catalog stores, what the source listed, and the plans that join them.

Plain Python, no Django: the diff functions read and return only these, so tests build them by hand.
Stored rows are tuples (NamedTuple) because a large source has hundreds of thousands of columns and
a tuple is the cheapest row Python has; plans are small dataclasses.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import NamedTuple

TableKey = tuple[str, str]  # (schema, table)
ColumnKey = tuple[str, str, str]  # (schema, table, column)
ConstraintKey = tuple[str, str, tuple[str, ...], str, str, tuple[str, ...]]

# History kinds, the values of catalog.models.TableChange.Kind (tests check they stay equal).
TABLE_ADDED = "table_added"
TABLE_REMOVED = "table_removed"
TABLE_RESTORED = "table_restored"
COLUMN_ADDED = "column_added"
COLUMN_REMOVED = "column_removed"
COLUMN_RESTORED = "column_restored"
COLUMN_TYPE_CHANGED = "column_type_changed"
DEFINITION_CHANGED = "definition_changed"


class UnchangedProfile(NamedTuple):
    """In place of a profile the crawl did not make again: the table's rows were those the stored
    profile was made from (the sample digests are equal), so the stored profile stays as it is.
    `source` is what it was made from ("exact" or "sample"): it wins or loses against the engine's
    statistics as that profile would (diff.merge_profiles)."""

    source: str


UNCHANGED_EXACT = UnchangedProfile("exact")
UNCHANGED_SAMPLE = UnchangedProfile("sample")


# --- what the catalog stores -----------------------------------------------------------------------


class StoredSchema(NamedTuple):
    id: int
    name: str
    hidden: bool
    removed_at: dt.datetime | None
    comment: str


class TableFields(NamedTuple):
    """The table fields a crawl copies from the source."""

    kind: str
    comment: str
    definition: str
    row_count: int | None
    size_bytes: int | None


class StoredTable(NamedTuple):
    id: int
    key: TableKey
    hidden: bool
    removed_at: dt.datetime | None
    first_seen_at: dt.datetime | None
    fields: TableFields
    structure_digest: str = ""  # of the structure its columns and keys were last saved from


class ColumnFields(NamedTuple):
    """The column fields a crawl copies from the source."""

    position: int
    data_type: str
    nullable: bool
    default: str | None
    comment: str
    is_primary_key: bool


class StoredColumn(NamedTuple):
    id: int
    table_id: int
    name: str
    removed_at: dt.datetime | None
    fields: ColumnFields


class StoredConstraint(NamedTuple):
    id: int
    table_id: int
    kind: str
    name: str
    columns: list[str]
    ref_schema_name: str
    ref_table_name: str
    ref_columns: list[str]


# --- what the source listed -------------------------------------------------------------------------


class PackedSample(NamedTuple):
    """A sample as a crawl holds it from its profiling to the save: the rows JSON-encoded, as the
    catalog stores them. A crawl holds every table's sample at once, and the text is about a
    quarter of the size of the same values as Python objects."""

    columns: list[str]
    # None when the rows are those of the stored sample (the digests are equal): not serialised,
    # since the save leaves that sample as it is.
    rows_json: str | None
    digest: str = ""  # profiling.sample_digest of the rows read, compared with the stored one

    @classmethod
    def of(cls, columns: list[str], rows: list[list], digest: str = "") -> PackedSample:
        return cls(columns, json.dumps(rows, ensure_ascii=False, separators=(",", ":")), digest)

    @property
    def rows(self) -> list[list]:
        return json.loads(self.rows_json)


# --- plans: what to write ---------------------------------------------------------------------------


class Change(NamedTuple):
    """One history entry (catalog.models.TableChange) of the table at `table`."""

    table: TableKey
    kind: str
    column: str = ""
    old: str = ""
    new: str = ""


class SyncWarning(NamedTuple):
    """One of the crawl run's warnings: {code, message, object}."""

    code: str
    message: str
    object: str = ""


class NewSchema(NamedTuple):
    name: str
    hidden: bool
    comment: str


class SchemaUpdate(NamedTuple):
    id: int
    name: str
    hidden: bool
    removed_at: dt.datetime | None
    comment: str
    changed: tuple[str, ...]  # the names of the fields that differ from what is stored


@dataclass(slots=True)
class SchemaPlan:
    insert: list[NewSchema] = field(default_factory=list)
    update: list[SchemaUpdate] = field(default_factory=list)
    removed: int = 0  # schemas marked removed by this crawl
    hidden: set[str] = field(default_factory=set)  # every hidden schema: its tables are hidden too
    gone: set[str] = field(default_factory=set)  # every schema marked removed, by this crawl or before
    warnings: list[SyncWarning] = field(default_factory=list)


class NewTable(NamedTuple):
    key: TableKey
    hidden: bool
    fields: TableFields
    structure_digest: str = ""


class TableUpdate(NamedTuple):
    id: int
    key: TableKey
    hidden: bool
    removed_at: dt.datetime | None
    fields: TableFields
    changed: tuple[str, ...]


@dataclass(slots=True)
class TablePlan:
    insert: list[NewTable] = field(default_factory=list)
    update: list[TableUpdate] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    # Tables that appeared again, disappeared, or were hidden or shown: their columns change in search.
    status_changed: set[int] = field(default_factory=set)
    seen: list[TableKey] = field(default_factory=list)  # every table the source listed
    present: set[TableKey] = field(default_factory=set)  # neither hidden nor removed after this crawl
    # Present tables listed with the structure their columns and keys were last saved from: the
    # crawl neither loads nor diffs those.
    same_structure: set[TableKey] = field(default_factory=set)
    # (table id, digest) of the stored tables whose structure digest is written anew.
    digests: list[tuple[int, str]] = field(default_factory=list)
    removed: int = 0
    warnings: list[SyncWarning] = field(default_factory=list)


class NewColumn(NamedTuple):
    key: ColumnKey
    table_id: int
    fields: ColumnFields


class ColumnUpdate(NamedTuple):
    id: int
    table_id: int
    name: str
    removed_at: dt.datetime | None
    fields: ColumnFields
    changed: tuple[str, ...]


@dataclass(slots=True)
class ColumnPlan:
    insert: list[NewColumn] = field(default_factory=list)
    update: list[ColumnUpdate] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    seen: int = 0
    removed: int = 0


class NewConstraint(NamedTuple):
    table_id: int
    kind: str
    name: str
    columns: list[str]
    ref_schema_name: str
    ref_table_name: str
    ref_columns: list[str]
    ref_table_id: int | None


@dataclass(slots=True)
class ConstraintPlan:
    insert: list[NewConstraint] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)

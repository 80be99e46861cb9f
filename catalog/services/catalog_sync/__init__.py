"""Save what a crawl fetched: a diff against the catalog, written in bulk, in one transaction.

Curated metadata (titles, descriptions, and everything other apps attach to a table or column)
stays on the same rows because rows are matched by name and never deleted. Objects that a
complete listing no longer has are marked removed; objects a filter leaves out are hidden.

Each kind of object goes the same three steps: `apply.load_*` reads what is stored as named rows
(rows.py), `diff.diff_*` turns them and the listing into a plan without touching the database,
and `apply.apply_*` writes the plan.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from catalog.connectors import CatalogSnapshot, ColumnProfileRecord
from catalog.models import Column, CrawlRun
from catalog.services.catalog_sync import apply, diff
from catalog.services.catalog_sync.apply import load_sample_digests
from catalog.services.catalog_sync.diff import COMMENT_MAX_LENGTH
from catalog.services.catalog_sync.rows import (
    UNCHANGED_EXACT,
    UNCHANGED_SAMPLE,
    ColumnKey,
    PackedSample,
    SyncWarning,
    TableKey,
    UnchangedProfile,
)
from catalog.services.source_filter import SourceFilter

__all__ = [
    "COMMENT_MAX_LENGTH",
    "UNCHANGED_EXACT",
    "UNCHANGED_SAMPLE",
    "CrawlData",
    "PackedSample",
    "SyncResult",
    "load_sample_digests",
    "sync_catalog",
]


@dataclass
class SyncResult:
    counts: dict = field(default_factory=lambda: defaultdict(int))
    warnings: list = field(default_factory=list)
    # Ids of the schemas, tables and columns this crawl created or changed: what search reindexes.
    changed: dict = field(default_factory=lambda: {"schema": set(), "table": set(), "column": set()})
    # Ids of the tables of which this crawl changed anything it stores: the row, a column, a key,
    # the sample or a profile. What apps that work per table (crawl_succeeded) look at again.
    changed_tables: set = field(default_factory=set)

    def warn(self, code: str, message: str, obj: str = "") -> None:
        self.warnings.append({"code": code, "message": message, "object": obj})

    def warn_all(self, warnings: list[SyncWarning]) -> None:
        for warning in warnings:
            self.warn(warning.code, warning.message, warning.object)


@dataclass
class CrawlData:
    """Everything one crawl read from the source, as plain records."""

    listed_schemas: list[str]
    snapshot: CatalogSnapshot
    samples: dict[tuple[str, str], PackedSample]  # profiled already: only stored from here on
    # Profiles made from the samples; UnchangedProfile where the rows were those of the stored ones.
    sample_profiles: dict[tuple[str, str, str], ColumnProfileRecord | UnchangedProfile]


@dataclass
class _Schemas:
    """The schemas after their sync."""

    ids: dict[str, int]  # name -> id
    gone: set[str]  # marked removed: their tables go with them
    hidden_tables: set[int]  # ids of the tables hidden because their schema now is


@dataclass
class _Tables:
    """The tables after their sync, by (schema, table)."""

    ids: dict[TableKey, int]  # every table of the source
    present: dict[TableKey, int]  # neither hidden nor removed
    first_seen: set[TableKey]  # added by this crawl
    status_changed: set[int]  # ids of tables that appeared, disappeared, or were hidden or shown
    # Present tables listed with the structure their columns and keys were saved from: neither
    # loaded nor diffed (diff.structure_digest).
    same_structure: set[TableKey]

    @property
    def diffed(self) -> dict[TableKey, int]:
        """The present tables whose columns and keys are loaded and diffed."""
        return {key: pk for key, pk in self.present.items() if key not in self.same_structure}


def sync_catalog(*, run: CrawlRun, data: CrawlData, source_filter: SourceFilter) -> SyncResult:
    result = SyncResult()
    now = timezone.now()
    with transaction.atomic():
        schemas = _sync_schemas(run, data, source_filter, now, result)
        tables = _sync_tables(run, data, source_filter, schemas, now, result)
        column_ids = _sync_columns(run, data, tables, now, result)
        constraint_tables = _sync_constraints(run, data, tables, result)
        if data.samples:
            sampled, written = apply.sync_samples(data.samples, tables.present, source=run.source, now=now)
            result.counts["tables_sampled"] += sampled
            result.counts["samples_written"] += len(written)
            result.changed_tables |= written
        profiles = diff.merge_profiles(data.sample_profiles, data.snapshot.profiles)
        column_ids, kept = _profiled_column_ids(run, profiles, tables, column_ids)
        profiled, written = apply.sync_profiles(profiles, column_ids, source=run.source, now=now)
        result.counts["columns_profiled"] += profiled + kept
        result.counts["profiles_written"] += len(written)
        if written:
            table_of = {column_id: tables.present[key[:2]] for key, column_id in column_ids.items()}
            result.changed_tables |= {table_of[column_id] for column_id in written}
        # Columns of a table that appeared, disappeared or was hidden change with it in search.
        if tables.status_changed:
            result.changed["column"] |= set(
                Column.objects.filter(table_id__in=tables.status_changed).values_list("id", flat=True)
            )
        result.changed_tables |= result.changed["table"] | constraint_tables
    return result


def _sync_schemas(run, data, source_filter, now, result) -> _Schemas:
    stored = apply.load_schemas(run.source)
    comments = {name: data.snapshot.schema_comments.get(name, "") for name in data.snapshot.schemas}
    plan = diff.diff_schemas(
        stored, data.listed_schemas, comments=comments, source_filter=source_filter, now=now
    )
    ids = apply.apply_schemas(plan, source=run.source, stored=stored)
    result.counts["schemas_added"] += len(plan.insert)
    if plan.removed:
        result.counts["schemas_removed"] += plan.removed
    result.changed["schema"] |= {ids[s.name] for s in plan.insert} | {s.id for s in plan.update}
    result.warn_all(plan.warnings)
    hidden_tables = apply.hide_tables_of_hidden_schemas([ids[name] for name in plan.hidden])
    result.changed["table"] |= hidden_tables
    return _Schemas(ids, plan.gone, hidden_tables)


def _sync_tables(run, data, source_filter, schemas: _Schemas, now, result) -> _Tables:
    stored = apply.load_tables(run.source, {pk: name for name, pk in schemas.ids.items()})
    plan = diff.diff_tables(
        stored,
        data.snapshot.tables,
        fetched_schemas={name for name in data.listed_schemas if source_filter.includes_schema(name)},
        gone_schemas=schemas.gone,
        source_filter=source_filter,
        now=now,
    )
    result.warn_all(plan.warnings)
    ids, first_seen = apply.apply_tables(plan, run=run, schema_ids=schemas.ids, stored=stored, now=now)
    if plan.removed:
        result.counts["tables_removed"] += plan.removed
    result.counts["tables_added"] += len(plan.insert)
    result.counts["tables_seen"] += len(plan.seen)
    result.counts["tables_updated"] += sum(1 for update in plan.update if update.removed_at is None)
    result.changed["table"] |= {ids[t.key] for t in plan.insert} | {u.id for u in plan.update}
    present = {key: ids[key] for key in plan.present}
    status_changed = schemas.hidden_tables | plan.status_changed
    return _Tables(ids, present, first_seen, status_changed, plan.same_structure)


def _sync_columns(run, data, tables: _Tables, now, result) -> dict[ColumnKey, int]:
    """Returns (schema, table, column) -> column id, for the columns of present tables."""
    diffed = tables.diffed
    stored = apply.load_columns(run.source, {pk: key for key, pk in diffed.items()}, owners=len(tables.ids))
    plan = diff.diff_columns(
        stored, data.snapshot.tables, present=diffed, first_seen=tables.first_seen, now=now
    )
    ids = apply.apply_columns(plan, run=run, stored=stored, table_ids=tables.present)
    if plan.removed:
        result.counts["columns_removed"] += plan.removed
    result.counts["columns_added"] += len(plan.insert)
    same = tables.same_structure
    kept = sum(len(t.columns) for t in data.snapshot.tables if (t.schema, t.name) in same)
    result.counts["columns_seen"] += plan.seen + kept
    result.changed["column"] |= {u.id for u in plan.update} | {ids[c.key] for c in plan.insert}
    result.changed_tables |= {u.table_id for u in plan.update} | {c.table_id for c in plan.insert}
    return ids


def _sync_constraints(run, data, tables: _Tables, result) -> set[int]:
    diffed = tables.diffed
    stored = apply.load_constraints(run.source, diffed.values(), owners=len(tables.ids))
    plan = diff.diff_constraints(stored, data.snapshot.tables, present=diffed, table_ids=tables.ids)
    apply.apply_constraints(plan)
    result.counts["constraints_added"] += len(plan.insert)
    # The tables whose keys changed (a deleted key's table is among those of the stored keys).
    deleted = set(plan.delete)
    return {c.table_id for c in plan.insert} | {row.table_id for row in stored if row.id in deleted}


def _profiled_column_ids(run, profiles, tables: _Tables, column_ids) -> tuple[dict[ColumnKey, int], int]:
    """The column ids sync_profiles needs, and how many profiles it need not see. The columns of a
    table with an unchanged structure were not loaded: their ids are read only where a profile is
    to be compared with the stored one (engine statistics, or rows that changed); a profile found
    unchanged stays as stored and is only counted, as sync_profiles counts it."""
    same = tables.same_structure
    if not same:
        return column_ids, 0
    wanted, unchanged = set(), Counter()
    for (schema, table, _), profile in profiles.items():  # one per column: kept lean
        if profile.__class__ is UnchangedProfile:
            unchanged[schema, table] += 1
        else:
            wanted.add((schema, table))
    wanted &= same
    kept = sum(count for table, count in unchanged.items() if table in same and table not in wanted)
    if wanted:
        found = apply.load_column_ids(
            run.source, {tables.present[key]: key for key in wanted}, owners=len(tables.ids)
        )
        column_ids = {**column_ids, **found}
    return column_ids, kept

"""The database side of a sync: read what is stored as named rows, and write a plan in bulk.

No decisions here (they are in diff.py): each apply_* function executes its plan as it is.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.utils import timezone

from catalog.connectors import ColumnProfileRecord
from catalog.models import (
    Column,
    ColumnProfile,
    Constraint,
    CrawlRun,
    DataSource,
    Schema,
    Table,
    TableChange,
    TableSample,
)
from catalog.services.catalog_sync.rows import (
    Change,
    ColumnFields,
    ColumnKey,
    ColumnPlan,
    ConstraintPlan,
    PackedSample,
    SchemaPlan,
    StoredColumn,
    StoredConstraint,
    StoredSchema,
    StoredTable,
    TableFields,
    TableKey,
    TablePlan,
    UnchangedProfile,
)

BATCH = 1000
ID_CHUNK = 10_000  # ids in one `IN (…)` list
TABLE_FIELDS = list(TableFields._fields)
COLUMN_FIELDS = list(ColumnFields._fields)


def _chunks(ids: list, size: int) -> Iterable[list]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _history(changes: list[Change], table_ids: Mapping[TableKey, int], run: CrawlRun) -> None:
    TableChange.objects.bulk_create(
        [
            TableChange(
                table_id=table_ids[change.table],
                crawl_run=run,
                kind=change.kind,
                column_name=change.column,
                old_value=change.old,
                new_value=change.new,
            )
            for change in changes
        ],
        batch_size=BATCH,
    )


# --- schemas ----------------------------------------------------------------------------------------


def load_schemas(source: DataSource) -> list[StoredSchema]:
    rows = Schema.objects.filter(source=source).values_list("id", "name", "hidden", "removed_at", "comment")
    return [StoredSchema._make(row) for row in rows]


def apply_schemas(plan: SchemaPlan, *, source: DataSource, stored: list[StoredSchema]) -> dict[str, int]:
    """Writes the plan; returns schema name -> id for every schema of the source."""
    new = [Schema(source=source, name=s.name, hidden=s.hidden, comment=s.comment) for s in plan.insert]
    Schema.objects.bulk_create(new, batch_size=BATCH)
    updated = [
        Schema(id=u.id, name=u.name, hidden=u.hidden, removed_at=u.removed_at, comment=u.comment)
        for u in plan.update
    ]
    Schema.objects.bulk_update(updated, ["hidden", "removed_at", "comment"], batch_size=BATCH)
    ids = {schema.name: schema.id for schema in stored}
    ids.update((schema.name, schema.pk) for schema in new)
    return ids


def hide_tables_of_hidden_schemas(schema_ids: list[int]) -> set[int]:
    """Tables of a filtered-out schema are hidden with it; returns the ids of those it hid."""
    newly_hidden = Table.objects.filter(schema_id__in=schema_ids, hidden=False)
    ids = set(newly_hidden.values_list("id", flat=True))
    newly_hidden.update(hidden=True)
    return ids


# --- tables -----------------------------------------------------------------------------------------


def load_tables(source: DataSource, schema_names: Mapping[int, str]) -> list[StoredTable]:
    rows = Table.objects.filter(source=source).values_list(
        "id", "schema_id", "name", "hidden", "removed_at", "first_seen_at", "structure_digest", *TABLE_FIELDS
    )
    return [
        StoredTable(
            pk, (schema_names[schema_id], name), hidden, removed_at, first_seen, TableFields(*fields), digest
        )
        for pk, schema_id, name, hidden, removed_at, first_seen, digest, *fields in rows
    ]


def apply_tables(
    plan: TablePlan,
    *,
    run: CrawlRun,
    schema_ids: Mapping[str, int],
    stored: list[StoredTable],
    now: dt.datetime,
) -> tuple[dict[TableKey, int], set[TableKey]]:
    """Writes the plan; returns table key -> id for every table of the source, and the keys of
    the tables first seen by this crawl."""
    new = [
        Table(
            source=run.source,
            schema_id=schema_ids[t.key[0]],
            name=t.key[1],
            hidden=t.hidden,
            last_crawled_at=now,
            structure_digest=t.structure_digest,
            **t.fields._asdict(),
        )
        for t in plan.insert
    ]
    Table.objects.bulk_create(new, batch_size=BATCH)
    # Only the rows that changed are written, and they carry the crawl's time. An unchanged table
    # is not stamped: a re-crawl that changed nothing writes nothing, and when a present table was
    # last crawled is its source's last successful crawl (Table.last_crawl_time).
    updated = [
        Table(id=u.id, hidden=u.hidden, removed_at=u.removed_at, last_crawled_at=now, **u.fields._asdict())
        for u in plan.update
    ]
    Table.objects.bulk_update(
        updated, ["hidden", "removed_at", "last_crawled_at", *TABLE_FIELDS], batch_size=BATCH
    )
    # The digest is not a field the source has: writing it neither stamps the table nor counts as
    # a change of it (search and the apps that react to changed tables have nothing to redo).
    digests = [Table(id=pk, structure_digest=digest) for pk, digest in plan.digests]
    Table.objects.bulk_update(digests, ["structure_digest"], batch_size=BATCH)
    ids = {table.key: table.id for table in stored}
    ids.update((row.key, table.pk) for row, table in zip(plan.insert, new, strict=True))
    _history(plan.history, ids, run)
    first_seen = [(table.key, table.first_seen_at) for table in stored]
    first_seen += [(row.key, table.first_seen_at) for row, table in zip(plan.insert, new, strict=True)]
    return ids, {key for key, seen_at in first_seen if _first_seen_by(run, seen_at)}


def _first_seen_by(run: CrawlRun, first_seen_at: dt.datetime | None) -> bool:
    # A table first seen by this crawl has one "table added" entry, not one per column.
    return first_seen_at is not None and run.started_at is not None and first_seen_at >= run.started_at


# --- columns ----------------------------------------------------------------------------------------


def _of_tables(rows: models.QuerySet, table_ids: Collection[int], *, owners: int) -> Iterable[tuple]:
    """The rows (values_list, table id second) of the source's tables in `table_ids`: one scan of
    the source's rows when most of its `owners` tables are wanted, else looked up by table id (a
    re-crawl that found most tables' structure unchanged)."""
    if not table_ids:
        return ()
    if 2 * len(table_ids) >= owners:
        return (row for row in rows if row[1] in table_ids)
    parts = _chunks(list(table_ids), ID_CHUNK)
    return itertools.chain.from_iterable(rows.filter(table_id__in=part) for part in parts)


def load_columns(
    source: DataSource, table_keys: Mapping[int, TableKey], *, owners: int
) -> dict[ColumnKey, StoredColumn]:
    """The columns of the tables in `table_keys` (id -> key), by (schema, table, column);
    `owners`: how many tables the source has.

    Plain tuples, not model instances: 200,000 Column objects cost seconds; only changed rows become one.
    """
    rows = Column.objects.filter(table__source=source).values_list(
        "id", "table_id", "name", "removed_at", *COLUMN_FIELDS
    )
    rows = _of_tables(rows, table_keys, owners=owners)
    new = tuple.__new__  # builds a NamedTuple without calling its __new__: the cheapest row there is
    return {
        (*table_keys[row[1]], row[2]): new(StoredColumn, (*row[:4], new(ColumnFields, row[4:])))
        for row in rows
    }


def apply_columns(
    plan: ColumnPlan,
    *,
    run: CrawlRun,
    stored: Mapping[ColumnKey, StoredColumn],
    table_ids: Mapping[TableKey, int],
) -> dict[ColumnKey, int]:
    """Writes the plan; returns (schema, table, column) -> column id for every column stored."""
    rows = ({"table_id": c.table_id, "name": c.key[2], **c.fields._asdict()} for c in plan.insert)
    created = insert_rows(Column, rows)
    ids = {key: column.id for key, column in stored.items()}
    if created is None:
        ids.update(_ids_of_new_columns(plan))
    else:
        ids.update((column.key, pk) for column, pk in zip(plan.insert, created, strict=True))
    updated = [
        Column(id=u.id, table_id=u.table_id, name=u.name, removed_at=u.removed_at, **u.fields._asdict())
        for u in plan.update
    ]
    Column.objects.bulk_update(updated, ["removed_at", *COLUMN_FIELDS], batch_size=BATCH)
    _history(plan.history, table_ids, run)
    return ids


def _ids_of_new_columns(plan: ColumnPlan) -> dict[ColumnKey, int]:
    """COPY returns no keys: read those of the new columns back, table by table."""
    wanted = {(c.table_id, c.key[2]): c.key for c in plan.insert}
    table_ids = list(dict.fromkeys(c.table_id for c in plan.insert))
    ids = {}
    for chunk in _chunks(table_ids, ID_CHUNK):
        for pk, table_id, name in Column.objects.filter(table_id__in=chunk).values_list(
            "id", "table_id", "name"
        ):
            key = wanted.get((table_id, name))
            if key is not None:
                ids[key] = pk
    return ids


# --- constraints, samples, profiles -----------------------------------------------------------------


def load_column_ids(
    source: DataSource, table_keys: Mapping[int, TableKey], *, owners: int
) -> dict[ColumnKey, int]:
    """(schema, table, column) -> id for the columns of the tables in `table_keys` (id -> key):
    tables whose columns the crawl did not load, for their profiles. `owners`: as load_columns."""
    rows = Column.objects.filter(table__source=source).values_list("id", "table_id", "name")
    found = _of_tables(rows, table_keys, owners=owners)
    return {(*table_keys[table_id], name): pk for pk, table_id, name in found}


def load_constraints(source: DataSource, table_ids: Iterable[int], *, owners: int) -> list[StoredConstraint]:
    """The keys of the tables in `table_ids`; `owners`: how many tables the source has."""
    wanted = set(table_ids)
    rows = Constraint.objects.filter(table__source=source).values_list(
        "id", "table_id", "kind", "name", "columns", "ref_schema_name", "ref_table_name", "ref_columns"
    )
    return [StoredConstraint._make(row) for row in _of_tables(rows, wanted, owners=owners)]


def apply_constraints(plan: ConstraintPlan) -> None:
    for chunk in _chunks(plan.delete, BATCH):
        Constraint.objects.filter(pk__in=chunk).delete()
    Constraint.objects.bulk_create([Constraint(**c._asdict()) for c in plan.insert], batch_size=BATCH)


def load_sample_digests(source: DataSource) -> dict[TableKey, str]:
    """(schema, table) -> the digest of the table's stored sample (profiling.sample_digest): what
    a crawl compares the rows it reads with before profiling them."""
    rows = TableSample.objects.filter(table__source=source).exclude(digest="")
    return {
        (schema, table): digest
        for schema, table, digest in rows.values_list("table__schema__name", "table__name", "digest")
    }


def sync_samples(
    samples: Mapping[TableKey, PackedSample],
    table_ids: Mapping[TableKey, int],
    *,
    source: DataSource,
    now: dt.datetime,
) -> tuple[int, set[int]]:
    """The samples of the tables in `table_ids` replace theirs where they differ; an identical
    sample is left as it is (with its `sampled_at`), so a re-crawl of an unchanged source writes
    nothing. A sample whose digest is the stored one is the same without reading the stored rows.
    Returns how many samples were taken, and the ids of the tables whose sample was written."""
    wanted = {table_ids[key]: sample for key, sample in samples.items() if key in table_ids}
    stored = TableSample.objects.filter(table__source=source)
    unchanged = {
        table_id
        for table_id, digest in stored.values_list("table_id", "digest").iterator(chunk_size=ID_CHUNK)
        if digest and table_id in wanted and wanted[table_id].digest == digest
    }
    # A sample read without its rows had the digest stored when the crawl began; should that
    # stored sample have gone meanwhile, the next crawl writes it again.
    differing = {
        table_id: sample
        for table_id, sample in wanted.items()
        if table_id not in unchanged and sample.rows_json is not None
    }
    written = _replace_differing(
        stored,
        "table_id",
        differing,
        SAMPLE_FIELDS,
        _sample_fields,
        stamp=("sampled_at", now),
        chunk=BATCH,
        owners=len(table_ids),
    )
    return len(wanted), written


SAMPLE_FIELDS = ("columns", "rows", "digest")


def _sample_fields(sample: PackedSample) -> list:
    return [sample.columns, sample.rows, sample.digest]


PROFILE_FIELDS = ("null_fraction", "distinct_count", "min_value", "max_value", "most_common", "origin")


def sync_profiles(
    profiles: Mapping[ColumnKey, ColumnProfileRecord | UnchangedProfile],
    column_ids: Mapping[ColumnKey, int],
    *,
    source: DataSource,
    now: dt.datetime,
) -> tuple[int, set[int]]:
    """The profiles of the columns in `column_ids` replace theirs where they differ; an identical
    profile, or one the crawl found unchanged without making it again, is left as it is. Returns
    how many profiles were made or found unchanged, and the ids of the columns whose profile was
    written."""
    profiled = [(column_ids[key], profile) for key, profile in profiles.items() if key in column_ids]
    wanted = {
        column_id: profile for column_id, profile in profiled if not isinstance(profile, UnchangedProfile)
    }
    stored = ColumnProfile.objects.filter(column__table__source=source)
    written = _replace_differing(
        stored,
        "column_id",
        wanted,
        PROFILE_FIELDS,
        _profile_fields,
        stamp=("profiled_at", now),
        chunk=ID_CHUNK,
        owners=len(column_ids),
    )
    return len(profiled), written


def _profile_fields(profile: ColumnProfileRecord) -> list:
    """The stored fields of a profile (PROFILE_FIELDS), as the catalog reads them back."""
    return [
        profile.null_fraction,
        profile.distinct_count,
        profile.min_value,
        profile.max_value,
        [list(pair) for pair in profile.most_common],
        profile.source,
    ]


def _replace_differing(
    stored: models.QuerySet,
    owner: str,
    wanted: Mapping[int, Any],
    names,
    fields_of,
    *,
    stamp,
    chunk: int,
    owners: int,
) -> set[int]:
    """The rows of `stored` (one per `owner` id) that differ from `wanted` are deleted and written
    anew with `stamp` (field, time); identical ones are left as they are, stamp included, so an
    unchanged re-crawl writes nothing. `owners`: how many owners the source has. Returns the owner
    ids written."""
    rows = _stored_rows(stored, owner, names, wanted, owners=owners, chunk=chunk)
    stale, same = _compare(wanted, rows, fields_of)
    for part in _chunks(stale, chunk):
        stored.model.objects.filter(pk__in=part).delete()
    written = [owner_id for owner_id in wanted if owner_id not in same]
    stamp_field, stamp_time = stamp

    def row(owner_id: int) -> dict:
        values = dict(zip(names, fields_of(wanted[owner_id]), strict=True))
        return {owner: owner_id, **values, stamp_field: stamp_time}

    insert_rows(stored.model, (row(owner_id) for owner_id in written))
    return set(written)


def _stored_rows(
    stored: models.QuerySet, owner: str, names, wanted: Mapping[int, Any], *, owners: int, chunk: int
) -> Iterable[tuple]:
    """The stored (pk, owner id, *names) rows of the owners in `wanted`, streamed. None to read
    when nothing is wanted (a re-crawl that found every table unchanged); read by id when few of
    the source's `owners` are wanted; else the whole source's, one scan (cheaper than look-ups)."""
    if not wanted:
        return iter(())
    if 2 * len(wanted) >= owners:
        return stored.values_list("id", owner, *names).iterator(chunk_size=chunk)
    parts = _chunks(list(wanted), chunk)
    return itertools.chain.from_iterable(
        stored.filter(**{f"{owner}__in": part}).values_list("id", owner, *names) for part in parts
    )


def _compare(wanted: Mapping[int, Any], stored: Iterable[tuple], fields_of) -> tuple[list[int], set[int]]:
    """`stored`: (pk, owner id, *fields) rows, streamed a chunk at a time (the whole source's at
    once would be the largest thing in memory); `wanted`: owner id -> record, whose fields
    `fields_of` makes as the stored ones read. Returns the pks of the stored rows that differ from
    what is wanted, and the owner ids whose stored row is the same."""
    stale, same = [], set()
    for pk, owner, *fields in stored:
        record = wanted.get(owner)
        if record is not None:
            if fields == fields_of(record):
                same.add(owner)
            else:
                stale.append(pk)
    return stale, same


# --- inserting many rows ----------------------------------------------------------------------------


def insert_rows(model: type[models.Model], rows: Iterable[dict]) -> list[int] | None:
    """INSERT rows (dicts of attname -> value): COPY on PostgreSQL, bulk_create elsewhere. `rows`
    may be a generator: rows are made as they are written, not all held at once.

    Returns the new primary keys in the order of `rows`, or None after COPY, which returns none.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return []
    rows = itertools.chain([first], rows)
    if connection.vendor == "postgresql":
        _copy_insert(model, rows)
        return None
    created = []
    for batch in _batches(rows):
        objects = [model(**row) for row in batch]
        model.objects.bulk_create(objects, batch_size=BATCH)
        created += [obj.pk for obj in objects]
    return created


def _batches(rows: Iterable) -> Iterable[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _defaults(fields: list[models.Field]) -> dict:
    """What bulk_create would store for a field a row leaves out."""
    now = timezone.now()
    return {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }


def _copy_insert(model: type[models.Model], rows: Iterable[dict]) -> None:
    """INSERT rows with PostgreSQL COPY, the way bulk_create would.

    Fields a row leaves out get the model default, auto_now/auto_now_add fields the current time, as
    bulk_create does; JSON fields are encoded with the field's encoder.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = _defaults(fields)
    encoders = {f.attname: f.encoder for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = [row[name] if name in row else defaults[name] for name in names]
            for index, name in enumerate(names):
                if name in encoders and values[index] is not None:
                    values[index] = json.dumps(values[index], cls=encoders[name])
            copy.write_row(values)

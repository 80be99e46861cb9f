"""Save what a crawl fetched: a diff against the catalog, written in bulk, in one transaction.

Curated metadata (titles, descriptions, and everything other apps attach to a table or column)
stays on the same rows because rows are matched by name and never deleted. Objects that a
complete listing no longer has are marked removed; objects a filter leaves out are hidden.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from catalog.connectors import CatalogSnapshot, ColumnProfileRecord, SampleRecord
from catalog.models import (
    Column,
    ColumnProfile,
    Constraint,
    CrawlRun,
    Schema,
    Table,
    TableChange,
    TableSample,
)
from catalog.services.source_filter import SourceFilter

BATCH = 1000
# Comments come from the source and render as Markdown like descriptions: bounded the same way.
COMMENT_MAX_LENGTH = 100_000
TABLE_FIELDS = ["kind", "comment", "definition", "row_count", "size_bytes"]
COLUMN_FIELDS = ["position", "data_type", "nullable", "default", "comment", "is_primary_key"]


@dataclass
class SyncResult:
    counts: dict = field(default_factory=lambda: defaultdict(int))
    warnings: list = field(default_factory=list)
    # Ids of the schemas, tables and columns this crawl created or changed: what search reindexes.
    changed: dict = field(default_factory=lambda: {"schema": set(), "table": set(), "column": set()})

    def warn(self, code: str, message: str, obj: str = "") -> None:
        self.warnings.append({"code": code, "message": message, "object": obj})


@dataclass
class CrawlData:
    """Everything one crawl read from the source, as plain records."""

    listed_schemas: list[str]
    snapshot: CatalogSnapshot
    samples: dict[tuple[str, str], SampleRecord]
    sample_profiles: dict[tuple[str, str, str], ColumnProfileRecord]


def sync_catalog(*, run: CrawlRun, data: CrawlData, source_filter: SourceFilter) -> SyncResult:
    result = SyncResult()
    now = timezone.now()
    with transaction.atomic():
        schemas = _sync_schemas(run, data, source_filter, now, result)
        tables = _sync_tables(run, data, source_filter, schemas, now, result)
        fetched = {
            key: table for key, table in tables.items() if not table.hidden and table.removed_at is None
        }
        columns = _sync_columns(run, data, fetched, now, result)
        _sync_constraints(run.source, data, fetched, tables, result)
        _sync_samples(data, fetched, result)
        _sync_profiles(data, columns, result)
        # Columns of a table that appeared, disappeared or was hidden change with it in search.
        status_changed = result.changed.pop("status_changed_tables", set())
        result.changed["column"] |= set(
            Column.objects.filter(table_id__in=status_changed).values_list("id", flat=True)
        )
    return result


def _sync_schema_comments(data, schemas: dict[str, Schema], result) -> None:
    """Store the source's schema comments; only schemas the snapshot covered are touched."""
    changed = []
    for name in data.snapshot.schemas:
        schema = schemas.get(name)
        comment = data.snapshot.schema_comments.get(name, "")
        if schema is not None and schema.comment != comment:
            schema.comment = comment
            changed.append(schema)
    Schema.objects.bulk_update(changed, ["comment"], batch_size=BATCH)
    result.changed["schema"] |= {schema.pk for schema in changed}


def _sync_schemas(run, data, source_filter, now, result) -> dict[str, Schema]:
    source = run.source
    existing = {schema.name: schema for schema in Schema.objects.filter(source=source)}
    listed = set(data.listed_schemas)
    new = [Schema(source=source, name=name) for name in data.listed_schemas if name not in existing]
    Schema.objects.bulk_create(new, batch_size=BATCH)
    result.counts["schemas_added"] += len(new)
    for schema in new:
        existing[schema.name] = schema
    changed = []
    for name, schema in existing.items():
        hidden = name in listed and not source_filter.includes_schema(name)
        if name in listed:
            removed_at = None
        elif listed:
            removed_at = schema.removed_at or now
        else:
            # An empty listing proves nothing (privileges, a wrong database): remove nothing on it.
            removed_at = schema.removed_at
        if (schema.hidden, schema.removed_at) != (hidden, removed_at):
            if removed_at and not schema.removed_at:
                result.counts["schemas_removed"] += 1
            schema.hidden, schema.removed_at = hidden, removed_at
            changed.append(schema)
    Schema.objects.bulk_update(changed, ["hidden", "removed_at"], batch_size=BATCH)
    result.changed["schema"] |= {schema.pk for schema in (*new, *changed)}
    _sync_schema_comments(data, existing, result)
    if not listed and existing:
        result.warn("empty_listing", "The source listed no schemas; nothing was marked removed.")
    # Tables of a filtered-out schema are hidden with it, and shown again when it is included.
    hidden_ids = [schema.id for schema in existing.values() if schema.hidden]
    newly_hidden = Table.objects.filter(schema_id__in=hidden_ids, hidden=False)
    result.changed["status_changed_tables"] = set(newly_hidden.values_list("id", flat=True))
    newly_hidden.update(hidden=True)
    result.changed["table"] |= result.changed["status_changed_tables"]
    return existing


def _sync_tables(run, data, source_filter, schemas, now, result) -> dict[tuple[str, str], Table]:
    source = run.source
    by_schema_id = {schema.id: schema for schema in schemas.values()}
    existing = {
        (by_schema_id[table.schema_id].name, table.name): table
        for table in Table.objects.filter(source=source).defer("title", "description")
    }
    fetched_schemas = {schema for schema in data.listed_schemas if source_filter.includes_schema(schema)}
    records = {(record.schema, record.name): record for record in data.snapshot.tables}
    changes, new, updated = [], [], []
    status_changed = set()  # tables that appeared again, disappeared, or were hidden or shown

    for key, record in records.items():
        table = existing.get(key)
        hidden = not source_filter.includes_table(*key)
        if table is None:
            table = Table(source=source, schema=schemas[record.schema], name=record.name, hidden=hidden)
            _copy(table, record, now)
            new.append(table)
            existing[key] = table
            changes.append(TableChange(table=table, crawl_run=run, kind=TableChange.Kind.TABLE_ADDED))
            continue
        dirty = table.hidden != hidden or table.removed_at is not None
        if dirty:
            status_changed.add(table.pk)
        if table.removed_at is not None:
            changes.append(TableChange(table=table, crawl_run=run, kind=TableChange.Kind.TABLE_RESTORED))
        if not hidden and (table.definition or "") != (record.definition or "") and table.definition:
            changes.append(
                TableChange(
                    table=table,
                    crawl_run=run,
                    kind=TableChange.Kind.DEFINITION_CHANGED,
                    old_value=table.definition,
                    new_value=record.definition or "",
                )
            )
        table.hidden, table.removed_at = hidden, None
        if not hidden:
            before = [getattr(table, name) for name in TABLE_FIELDS]
            _copy(table, record, now)
            dirty = dirty or before != [getattr(table, name) for name in TABLE_FIELDS]
        if dirty:
            updated.append(table)

    # Tables gone from a schema that was fetched are removed, unless the schema came back empty
    # while the catalog still had tables in it: an empty answer is no proof of removal.
    present_by_schema = defaultdict(int)
    for schema_name, _ in records:
        present_by_schema[schema_name] += 1
    removed_schemas = {name for name, schema in schemas.items() if schema.removed_at}
    for (schema_name, name), table in existing.items():
        if (schema_name, name) in records or table.removed_at or table.pk is None:
            continue
        if schema_name not in removed_schemas:
            if schema_name not in fetched_schemas:
                continue  # filtered out: hidden with its schema, not removed
            if present_by_schema[schema_name] <= 0:
                if present_by_schema[schema_name] == 0:
                    result.warn(
                        "empty_schema",
                        f"Schema {schema_name} listed no tables; its tables were kept, not marked removed.",
                        schema_name,
                    )
                    present_by_schema[schema_name] = -1  # warn once per schema
                continue
        table.removed_at = now
        updated.append(table)
        status_changed.add(table.pk)
        changes.append(TableChange(table=table, crawl_run=run, kind=TableChange.Kind.TABLE_REMOVED))
        result.counts["tables_removed"] += 1

    Table.objects.bulk_create(new, batch_size=BATCH)
    Table.objects.bulk_update(updated, ["hidden", "removed_at", *TABLE_FIELDS], batch_size=BATCH)
    result.changed["table"] |= {table.pk for table in (*new, *updated)}
    result.changed["status_changed_tables"] |= status_changed
    # One statement stamps every table this crawl saw, instead of rewriting unchanged rows.
    seen_ids = [existing[key].pk for key in records]
    for start in range(0, len(seen_ids), 10_000):
        Table.objects.filter(pk__in=seen_ids[start : start + 10_000]).update(last_crawled_at=now)
    TableChange.objects.bulk_create(changes, batch_size=BATCH)
    result.counts["tables_added"] += len(new)
    result.counts["tables_seen"] += len(records)
    result.counts["tables_updated"] += sum(1 for table in updated if table.removed_at is None)
    return existing


def _copy(table: Table, record, now) -> None:
    table.kind = record.kind
    table.comment = (record.comment or "")[:COMMENT_MAX_LENGTH]
    table.definition = record.definition or ""
    table.row_count = record.row_count
    table.size_bytes = record.size_bytes
    table.last_crawled_at = now


def _sync_columns(run, data, fetched, now, result) -> dict[tuple[str, str, str], int]:
    """Diff columns of every fetched table; returns (schema, table, column) -> column id."""
    table_keys = {table.pk: key for key, table in fetched.items()}
    # Plain tuples, not model instances: 200,000 Column objects cost seconds; only changed rows become one.
    existing: dict[tuple, tuple] = {}
    for row in Column.objects.filter(table__source=run.source).values_list(
        "id", "table_id", "name", "removed_at", *COLUMN_FIELDS
    ):
        if row[1] in table_keys:
            existing[(*table_keys[row[1]], row[2])] = row
    new, updated, changes = [], [], []
    seen = set()
    for record in data.snapshot.tables:
        key = (record.schema, record.name)
        table = fetched.get(key)
        if table is None:
            continue
        primary = {name for c in record.constraints if c.kind == "primary" for name in c.columns}
        for col in record.columns:
            ckey = (*key, col.name)
            seen.add(ckey)
            values = {
                "position": col.position,
                "data_type": col.data_type,
                "nullable": col.nullable,
                "default": col.default,
                "comment": (col.comment or "")[:COMMENT_MAX_LENGTH],
                "is_primary_key": col.name in primary,
            }
            row = existing.get(ckey)
            if row is None:
                new.append({"table_id": table.pk, "name": col.name, **values})
                if not _is_new_table(table, run):
                    changes.append(_column_change(table, run, TableChange.Kind.COLUMN_ADDED, col.name))
                continue
            column_id, removed_at, stored = row[0], row[3], row[4:]
            dirty = removed_at is not None
            if removed_at is not None:
                changes.append(_column_change(table, run, TableChange.Kind.COLUMN_RESTORED, col.name))
            if stored[COLUMN_FIELDS.index("data_type")] != col.data_type:
                changes.append(
                    _column_change(
                        table,
                        run,
                        TableChange.Kind.COLUMN_TYPE_CHANGED,
                        col.name,
                        stored[COLUMN_FIELDS.index("data_type")],
                        col.data_type,
                    )
                )
            if dirty or list(stored) != [values[name] for name in COLUMN_FIELDS]:
                updated.append(Column(id=column_id, table_id=table.pk, name=col.name, **values))
    # Columns are removed only from tables this crawl listed with at least one column: a table
    # missing from the listing (an empty or failed schema listing) or listed without columns (no
    # privilege on it) proves nothing about its columns.
    listed = {(record.schema, record.name) for record in data.snapshot.tables if record.columns}
    for ckey, row in existing.items():
        if ckey not in seen and row[3] is None and ckey[:2] in listed:
            stored = dict(zip(COLUMN_FIELDS, row[4:], strict=True))
            updated.append(Column(id=row[0], table_id=row[1], name=row[2], removed_at=now, **stored))
            changes.append(_column_change(fetched[ckey[:2]], run, TableChange.Kind.COLUMN_REMOVED, ckey[2]))
            result.counts["columns_removed"] += 1
    ids = {key: row[0] for key, row in existing.items()}
    if new:
        if _copy_available():
            _copy_insert(Column, new)
            new_ids = dict.fromkeys({row["table_id"] for row in new})
            wanted = {(row["table_id"], row["name"]) for row in new}
            table_ids = list(new_ids)
            for start in range(0, len(table_ids), 10_000):
                for pk, table_id, name in Column.objects.filter(
                    table_id__in=table_ids[start : start + 10_000]
                ).values_list("id", "table_id", "name"):
                    if (table_id, name) in wanted:
                        ids[(*table_keys[table_id], name)] = pk
        else:
            created = [Column(**row) for row in new]
            Column.objects.bulk_create(created, batch_size=BATCH)
            ids.update({(*table_keys[column.table_id], column.name): column.pk for column in created})
    Column.objects.bulk_update(updated, ["removed_at", *COLUMN_FIELDS], batch_size=BATCH)
    TableChange.objects.bulk_create(changes, batch_size=BATCH)
    result.changed["column"] |= {column.pk for column in updated}
    result.changed["column"] |= {ids[(*table_keys[row["table_id"]], row["name"])] for row in new}
    result.counts["columns_added"] += len(new)
    result.counts["columns_seen"] += len(seen)
    return ids


def _is_new_table(table: Table, run: CrawlRun) -> bool:
    # A table first seen by this crawl has one "table added" entry, not one per column.
    return (
        table.first_seen_at is not None
        and run.started_at is not None
        and table.first_seen_at >= run.started_at
    )


def _column_change(table, run, kind, column_name, old="", new=""):
    return TableChange(
        table=table, crawl_run=run, kind=kind, column_name=column_name, old_value=old, new_value=new
    )


def _constraint_key(kind, name, columns, ref_schema, ref_table, ref_columns):
    return (kind, name or "", tuple(columns), ref_schema or "", ref_table or "", tuple(ref_columns))


def _sync_constraints(source, data, fetched, all_tables, result) -> None:
    table_keys = {table.pk: key for key, table in fetched.items()}
    existing = defaultdict(dict)
    for row in Constraint.objects.filter(table__source=source).values_list(
        "id", "table_id", "kind", "name", "columns", "ref_schema_name", "ref_table_name", "ref_columns"
    ):
        if row[1] in table_keys:
            existing[row[1]][_constraint_key(*row[2:])] = row[0]
    new, stale = [], []
    for record in data.snapshot.tables:
        table = fetched.get((record.schema, record.name))
        if table is None:
            continue
        wanted = {
            _constraint_key(c.kind, c.name, c.columns, c.ref_schema, c.ref_table, c.ref_columns): c
            for c in record.constraints
        }
        have = existing.get(table.pk, {})
        stale.extend(pk for key, pk in have.items() if key not in wanted)
        for key, c in wanted.items():
            if key in have:
                continue
            ref = all_tables.get((c.ref_schema, c.ref_table)) if c.ref_table else None
            new.append(
                Constraint(
                    table=table,
                    kind=c.kind,
                    name=c.name or "",
                    columns=list(c.columns),
                    ref_schema_name=c.ref_schema or "",
                    ref_table_name=c.ref_table or "",
                    ref_columns=list(c.ref_columns),
                    ref_table=ref,
                )
            )
    for start in range(0, len(stale), BATCH):
        Constraint.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    Constraint.objects.bulk_create(new, batch_size=BATCH)
    result.counts["constraints_added"] += len(new)


def _sync_samples(data, fetched, result) -> None:
    if not data.samples:
        return
    sampled = [(fetched[key], sample) for key, sample in data.samples.items() if key in fetched]
    ids = [table.pk for table, _ in sampled]
    for start in range(0, len(ids), BATCH):
        TableSample.objects.filter(table_id__in=ids[start : start + BATCH]).delete()
    if _copy_available():
        rows = [{"table_id": t.pk, "columns": sample.columns, "rows": sample.rows} for t, sample in sampled]
        _copy_insert(TableSample, rows)
    else:
        TableSample.objects.bulk_create(
            [TableSample(table=table, columns=sample.columns, rows=sample.rows) for table, sample in sampled],
            batch_size=BATCH,
        )
    result.counts["tables_sampled"] += len(sampled)


def _sync_profiles(data, column_ids, result) -> None:
    # Engine statistics describe the whole table, so they win over a profile of the sample; a profile
    # of every row (a small table read whole) is exact and wins over both.
    exact = {key: p for key, p in data.sample_profiles.items() if p.source == "exact"}
    profiles = {**data.sample_profiles, **data.snapshot.profiles, **exact}
    rows = [
        {
            "column_id": column_ids[key],
            "null_fraction": profile.null_fraction,
            "distinct_count": profile.distinct_count,
            "min_value": profile.min_value,
            "max_value": profile.max_value,
            "most_common": [list(pair) for pair in profile.most_common],
            "origin": profile.source,
        }
        for key, profile in profiles.items()
        if key in column_ids
    ]
    ids = [row["column_id"] for row in rows]
    for start in range(0, len(ids), 10_000):
        ColumnProfile.objects.filter(column_id__in=ids[start : start + 10_000]).delete()
    if _copy_available():
        _copy_insert(ColumnProfile, rows)
    else:
        ColumnProfile.objects.bulk_create([ColumnProfile(**row) for row in rows], batch_size=BATCH)
    result.counts["columns_profiled"] += len(rows)


def _copy_available() -> bool:
    return connection.vendor == "postgresql"


def _copy_insert(model, rows) -> None:
    """INSERT rows (dicts of attname -> value) with PostgreSQL COPY, the way bulk_create would.

    Fields a row leaves out get the model default, auto_now/auto_now_add fields the current time, as
    bulk_create does; JSON fields are encoded with the field's encoder. No primary keys come back.
    """
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
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

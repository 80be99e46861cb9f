"""PII: classify a source's columns after each crawl, and record stewards' decisions.

The detector's suggestion is stored until a steward decides; a decision always wins (a later crawl
updates the evidence of an accepted column but never its answer, and never suggests a rejected one
again)."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from catalog.models import Column, DataSource, Table, TableSample
from catalog.permissions import require
from catalog.search import index_objects
from governance.models import PiiClassification
from governance.pii import KINDS, ColumnInfo, detect
from governance.services.audit import audit

REVIEW = "governance.review_pii"


class PiiDecisionError(Exception):
    pass


# Tables classified per pass: bounds the memory of a source's first classification and keeps every
# id list far below the databases' parameter limits (a source may have 100,000 tables).
TABLES_PER_PASS = 500


def classify_source(source: DataSource, tables: Collection[int] | None = None) -> int:
    """Run the detector over the source's present columns and their sampled values (only those of
    `tables`, ids, when given); returns the number of the source's columns suggested as PII."""
    if tables is None:
        tables = Table.objects.filter(source=source, removed_at__isnull=True).values_list("pk", flat=True)
    ids = sorted(tables)
    for start in range(0, len(ids), TABLES_PER_PASS):
        _classify_tables(source, ids[start : start + TABLES_PER_PASS])
    return _suggested_count(source)


def _classify_tables(source: DataSource, table_ids: list[int]) -> None:
    columns = list(
        Column.objects.filter(
            table__source=source,
            table_id__in=table_ids,
            removed_at__isnull=True,
            table__removed_at__isnull=True,
        )
        .select_related("table__schema")
        .order_by("table_id", "position")
    )
    samples = {
        sample.table_id: sample
        for sample in TableSample.objects.filter(table_id__in=table_ids).only("table_id", "columns", "rows")
    }
    siblings: dict[int, list[str]] = {}
    for column in columns:
        siblings.setdefault(column.table_id, []).append(column.name)
    existing = {c.column_id: c for c in PiiClassification.objects.filter(column__table_id__in=table_ids)}
    new, changed, gone = [], [], []
    for column in columns:
        sample = samples.get(column.table_id)
        values = []
        if sample and column.name in sample.columns:
            index = sample.columns.index(column.name)
            values = [row[index] for row in sample.rows if index < len(row)]
        found = detect(
            ColumnInfo(
                column.table.schema.name,
                column.table.name,
                column.name,
                column.data_type,
                column.comment or "",
                values,
                siblings[column.table_id],
            )  # fmt: skip
        )
        current = existing.get(column.pk)
        if current is None:
            if found:
                new.append(_suggested(column, found))
            continue
        if current.status == PiiClassification.Status.SUGGESTED:
            if found is None:
                gone.append(current.pk)
                continue
            current.kind = found.kind
        if found:
            current.detected_kind, current.confidence, current.evidence = (
                found.kind,
                found.confidence,
                found.evidence,
            )
            changed.append(current)
    with transaction.atomic():
        PiiClassification.objects.bulk_create(new, batch_size=500)
        PiiClassification.objects.bulk_update(
            changed, ["kind", "detected_kind", "confidence", "evidence", "updated_at"], batch_size=500
        )
        PiiClassification.objects.filter(pk__in=gone).delete()


def _suggested_count(source: DataSource) -> int:
    return PiiClassification.objects.filter(column__table__source=source, status="suggested").count()


def _suggested(column, found) -> PiiClassification:
    return PiiClassification(
        column=column,
        kind=found.kind,
        detected_kind=found.kind,
        confidence=found.confidence,
        evidence=found.evidence,
    )


def decide_many(*, user, classifications, accept: bool, kind: str | None = None) -> tuple[int, list[str]]:
    """The review queue's bulk action: each decided as decide() does, the search documents of all
    the columns rebuilt once at the end. Returns how many were decided and the errors of the rest."""
    done, errors, columns = 0, [], []
    for classification in classifications:
        try:
            decide(user=user, classification=classification, accept=accept, kind=kind, reindex=False)
        except PiiDecisionError as exc:
            errors.append(str(exc))
        else:
            done += 1
            columns.append(classification.column_id)
    index_objects(Column, columns)
    return done, errors


def decide(
    *, user, classification: PiiClassification, accept: bool, kind: str | None = None, reindex: bool = True
) -> PiiClassification:
    """A steward accepts (optionally with another kind) or rejects a suggestion, or changes an
    earlier decision. Recorded in the audit log. `reindex=False` leaves the column's search
    document to the caller (decide_many rebuilds them together)."""
    require(user, REVIEW, "You need the Steward role to decide what is personal data.")
    if kind is not None and kind not in KINDS:
        raise PiiDecisionError(f"Unknown kind {kind!r}: one of {', '.join(KINDS)}.")
    before = {"status": classification.status, "kind": classification.kind}
    if accept:
        classification.status = PiiClassification.Status.ACCEPTED
        classification.kind = kind or classification.kind or classification.detected_kind
        if not classification.kind:
            raise PiiDecisionError("Say which kind of personal data the column holds.")
    else:
        classification.status = PiiClassification.Status.REJECTED
    classification.decided_by = user if getattr(user, "pk", None) else None
    classification.decided_at = timezone.now()
    with transaction.atomic():
        classification.save()
        audit(user=user, action="pii.accept" if accept else "pii.reject", obj=classification.column,
              label=_label(classification.column), before=before,
              after={"status": classification.status, "kind": classification.kind})  # fmt: skip
    if reindex:
        index_objects(Column, [classification.column_id])  # the PII tag is a search facet
    return classification


def mark_column(*, user, column: Column, kind: str | None) -> PiiClassification:
    """A steward marks a column the detector missed as PII (kind) or as not personal (None)."""
    classification, _ = PiiClassification.objects.get_or_create(column=column, defaults={"kind": kind or ""})
    return decide(user=user, classification=classification, accept=kind is not None, kind=kind)


def _label(column: Column) -> str:
    return f"{column.table.schema.name}.{column.table.name}.{column.name}"

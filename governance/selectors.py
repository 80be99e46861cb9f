"""Reading governance facts."""

from catalog.models import Column, DataSource
from governance.models import PiiClassification

VIEW_PII = "governance.view_pii"


def pii_column_ids(column_ids) -> set[int]:
    """Which of these columns hold personal data: accepted, or suggested and not yet decided (a
    suggestion masks until a steward says otherwise: the safe default)."""
    return set(
        PiiClassification.objects.filter(column_id__in=list(column_ids))
        .exclude(status=PiiClassification.Status.REJECTED)
        .exclude(kind="")
        .values_list("column_id", flat=True)
    )


def masked_for(user, column_ids) -> set[int]:
    """The masking policy registered with the catalog: PII columns, for users who may not see PII."""
    if user is not None and user.has_perm(VIEW_PII):
        return set()
    return pii_column_ids(column_ids)


def pii_report(source: DataSource) -> list[dict]:
    """One entry per present column of the source: the catalog's current answer."""
    answers = {c.column_id: c for c in PiiClassification.objects.filter(column__table__source=source)}
    rows = []
    for pk, schema, table, name in (
        Column.objects.filter(table__source=source, removed_at__isnull=True, table__removed_at__isnull=True)
        .order_by("table__schema__name", "table__name", "position")
        .values_list("pk", "table__schema__name", "table__name", "name")
    ):
        answer = answers.get(pk)
        pii = bool(answer and answer.is_pii)
        rows.append(
            {
                "schema": schema,
                "table": table,
                "column": name,
                "pii": pii,
                "kind": answer.kind if pii else None,
            }
        )
    return rows


def review_queue(source_slug: str | None = None):
    queue = PiiClassification.objects.filter(status=PiiClassification.Status.SUGGESTED).select_related(
        "column__table__schema", "column__table__source"
    )
    if source_slug:
        queue = queue.filter(column__table__source__slug=source_slug)
    return queue.order_by("column__table__source__name", "column__table__schema__name", "column__table__name",
                          "column__position")  # fmt: skip

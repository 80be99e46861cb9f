"""One access helper per object type: fetch with the visibility check, for pages and API alike.

Every read of one asset goes through these (lists use the models' `visible_to(user)` querysets), so
per-source grants, when they come, apply everywhere at once.
"""

from django.http import Http404

from catalog.masking import mask_rows, masked_column_ids, masking_active
from catalog.models import Column, CrawlRun, DataSource, Schema, Table, TableSample


def _one(queryset, what: str, **lookup):
    try:
        found = queryset.filter(**lookup).first()
    except (TypeError, ValueError):  # a malformed id is as unknown as a missing one
        found = None
    if found is None:
        raise Http404(f"No such {what}.")
    return found


def access_source(user, slug: str) -> DataSource:
    return _one(DataSource.objects.visible_to(user), "source", slug=slug)


def access_schema(user, pk) -> Schema:
    return _one(Schema.objects.visible_to(user).select_related("source"), "schema", pk=pk)


def access_table(user, pk) -> Table:
    tables = Table.objects.visible_to(user).select_related("schema", "source").with_last_crawl()
    return _one(tables, "table", pk=pk)


def access_column(user, pk) -> Column:
    columns = Column.objects.visible_to(user).select_related("table__schema", "table__source", "profile")
    return _one(columns, "column", pk=pk)


def access_crawl_run(user, pk) -> CrawlRun:
    return _one(CrawlRun.objects.visible_to(user).select_related("source"), "crawl run", pk=pk)


def access_table_sample(user, table: Table) -> dict:
    """The sample rows of `table` as `user` may see them: the one read of samples, for pages, API
    and exports, with the values of columns the user may not see masked."""
    sample = TableSample.objects.filter(table=table).first()
    if sample is None:
        return {"columns": [], "rows": [], "sampled_at": None, "masked": []}
    positions = set()
    if masking_active():
        ids = dict(table.columns.filter(name__in=sample.columns).values_list("name", "id"))
        hidden = masked_column_ids(user, ids.values())
        positions = {i for i, name in enumerate(sample.columns) if ids.get(name) in hidden}
    return {
        "columns": sample.columns,
        "rows": mask_rows(sample.rows, positions),
        "sampled_at": sample.sampled_at,
        "masked": [sample.columns[i] for i in sorted(positions)],
    }

"""One access helper per object type: fetch with the permission check, for pages and API alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from catalog.models import DataSource, Schema, Table, TableSample


def access_source(user, slug: str) -> DataSource:
    return get_object_or_404(DataSource.objects.visible_to(user), slug=slug)


def access_schema(user, pk: int) -> Schema:
    return get_object_or_404(Schema.objects.visible_to(user).select_related("source"), pk=pk)


def access_table(user, pk: int) -> Table:
    table = Table.objects.visible_to(user).select_related("schema", "source").filter(pk=pk).first()
    if table is None:
        raise Http404("No such table.")
    return table


def access_table_sample(user, table: Table) -> dict:
    """The sample rows of `table` as `user` may see them. The one read of samples, for pages and
    API alike, so that masking (PII columns, with governance) wraps here."""
    sample = TableSample.objects.filter(table=table).first()
    if sample is None:
        return {"columns": [], "rows": [], "sampled_at": None}
    return {"columns": sample.columns, "rows": sample.rows, "sampled_at": sample.sampled_at}

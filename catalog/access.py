"""One access helper per object type: fetch with the permission check, for pages and API alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from catalog.models import DataSource, Schema, Table


def access_source(user, slug: str) -> DataSource:
    return get_object_or_404(DataSource.objects.visible_to(user), slug=slug)


def access_schema(user, pk: int) -> Schema:
    return get_object_or_404(Schema.objects.visible_to(user).select_related("source"), pk=pk)


def access_table(user, pk: int) -> Table:
    table = Table.objects.visible_to(user).select_related("schema", "source").filter(pk=pk).first()
    if table is None:
        raise Http404("No such table.")
    return table

"""Catalog assets as governance names them: (kind, id), read through the catalog's visibility
helpers, with their place in the hierarchy (a column's table, schema and source) for inheritance."""

from __future__ import annotations

from collections import defaultdict

from django.http import Http404
from django.urls import reverse

from catalog.access import access_column, access_schema, access_table
from catalog.models import Column, DataSource, Schema, Table

MODELS = {"source": DataSource, "schema": Schema, "table": Table, "column": Column}
KINDS = tuple(MODELS)


def kind_of(asset) -> str:
    for kind, model in MODELS.items():
        if isinstance(asset, model):
            return kind
    raise ValueError(f"Not a catalog asset: {asset!r}")


def access_asset(user, kind: str, asset_id) -> object:
    """The asset if `user` may read it, else 404 (unknown kind, id or not visible)."""
    if kind == "source":
        found = DataSource.objects.visible_to(user).filter(pk=asset_id).first()
        if found is None:
            raise Http404("No such source.")
        return found
    if kind == "schema":
        return access_schema(user, asset_id)
    if kind == "table":
        return access_table(user, asset_id)
    if kind == "column":
        return access_column(user, asset_id)
    raise Http404("No such kind of asset.")


def ancestors(asset) -> list[tuple[str, int]]:
    """(kind, id) of the asset itself, then each level above it, nearest first."""
    kind = kind_of(asset)
    if kind == "source":
        return [("source", asset.pk)]
    if kind == "schema":
        return [("schema", asset.pk), ("source", asset.source_id)]
    if kind == "table":
        return [("table", asset.pk), ("schema", asset.schema_id), ("source", asset.source_id)]
    table = asset.table
    return [
        ("column", asset.pk),
        ("table", table.pk),
        ("schema", table.schema_id),
        ("source", table.source_id),
    ]


def label(asset) -> str:
    kind = kind_of(asset)
    if kind == "source":
        return asset.name
    if kind == "schema":
        return f"{asset.source.name} / {asset.name}"
    if kind == "table":
        return f"{asset.source.name} / {asset.qualified_name}"
    return f"{asset.table.source.name} / {asset.table.qualified_name}.{asset.name}"


def url(kind: str, asset) -> str:
    if kind == "source":
        return reverse("source-detail", args=[asset.slug])
    return reverse(f"{kind}-detail", args=[asset.pk])


def describe_many(user, pairs) -> dict[tuple[str, int], dict]:
    """{(kind, id): {"kind", "id", "name", "label", "url"}} for the visible ones of many assets:
    one query per kind, whatever their number."""
    wanted = defaultdict(set)
    for kind, asset_id in pairs:
        wanted[kind].add(asset_id)
    found = {}
    related = {
        "source": (),
        "schema": ("source",),
        "table": ("schema", "source"),
        "column": ("table__schema", "table__source"),
    }
    for kind, ids in wanted.items():
        model = MODELS.get(kind)
        if model is None:
            continue
        for asset in model.objects.visible_to(user).filter(pk__in=ids).select_related(*related[kind]):
            found[(kind, asset.pk)] = {
                "kind": kind,
                "id": asset.pk,
                "name": asset.name,
                "label": label(asset),
                "url": url(kind, asset),
            }
    return found

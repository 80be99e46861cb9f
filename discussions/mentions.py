"""Mentions in every rendered Markdown (posts and the catalog's descriptions alike): `@username`
links to the person, `[[schema.table]]` or `[[schema.table.column]]` to the asset with a type
badge; a name that matches nothing stays plain text, a removed asset is shown as removed. Runs
on the sanitised HTML, outside tags and code; resolves all names of a text in two queries."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from catalog.models import Column, Table

_SEGMENTS = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>|<[^>]+>)", re.S)
_ASSET = re.compile(r"\[\[([\w$-]+(?:\.[\w$-]+){1,2})\]\]")
_PERSON = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_.+-]{1,150})")
MAX_MENTIONS = 100


def render_mentions(html: str) -> str:
    if "[[" not in html and "@" not in html:
        return html
    parts = _SEGMENTS.split(html)
    text_parts = [part for index, part in enumerate(parts) if index % 2 == 0]
    assets = {m for part in text_parts for m in _ASSET.findall(part)}
    people = {m.rstrip(".") for part in text_parts for m in _PERSON.findall(part)}
    found_assets = _resolve_assets(list(assets)[:MAX_MENTIONS])
    users = get_user_model().objects.filter(username__in=list(people)[:MAX_MENTIONS])
    found_people = set(users.values_list("username", flat=True)) if people else set()
    for index in range(0, len(parts), 2):
        parts[index] = _ASSET.sub(lambda m: _asset_link(m, found_assets), parts[index])
        parts[index] = _PERSON.sub(lambda m: _person_link(m, found_people), parts[index])
    return "".join(parts)


def _resolve_assets(names: list[str]) -> dict:
    found = {}
    tables = [n.split(".") for n in names if n.count(".") == 1]
    columns = [n.split(".") for n in names if n.count(".") == 2]
    if tables:
        query = Table.objects.none()
        for schema, name in tables:
            query = query | Table.objects.filter(schema__name=schema, name=name)
        for table in query.select_related("schema").order_by("removed_at", "pk"):
            kind = "view" if table.kind != "table" else "table"
            url = reverse("table-detail", args=[table.pk])
            key = f"{table.schema.name}.{table.name}"
            found.setdefault(key, (url, kind, table.removed_at, "table", table.pk))
    if columns:
        query = Column.objects.none()
        for schema, table, name in columns:
            query = query | Column.objects.filter(table__schema__name=schema, table__name=table, name=name)
        for column in query.select_related("table__schema").order_by("removed_at", "pk"):
            key = f"{column.table.schema.name}.{column.table.name}.{column.name}"
            url = reverse("column-detail", args=[column.pk])
            found.setdefault(key, (url, "column", column.removed_at, "column", column.pk))
    return found


def _asset_link(match, found: dict) -> str:
    name = match.group(1)
    if name not in found:
        return escape(name)  # nothing by that name: plain text, not a broken link
    url, kind, removed_at, card_kind, pk = found[name]
    state = " removed" if removed_at else ""
    # No description here: this HTML is the same for every reader. The hover card is fetched from
    # data-card, which answers only readers who may see the asset.
    card = reverse("api-discussions-card", args=[card_kind, pk])
    return (
        f'<a class="mention asset{state}" href="{url}" data-card="{card}"><span class="badge">{kind}</span> '
        f"{escape(name)}{' (removed)' if removed_at else ''}</a>"
    )


def _person_link(match, found: set) -> str:
    name = match.group(1).rstrip(".")
    if name not in found:
        return match.group(0)
    rest = match.group(1)[len(name) :]
    url = reverse("discussions-person", args=[name])
    return f'<a class="mention person" href="{url}">@{escape(name)}</a>{rest}'

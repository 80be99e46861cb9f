"""Mentions in every rendered Markdown (posts and the catalog's descriptions alike): `@username`
links to the person, `[[schema.table]]` or `[[schema.table.column]]` to the asset with a type
badge (`[[source-slug/schema.table]]` names the source when two hold the same schema.table); a
name that matches nothing stays plain text, a removed asset is shown as removed. Runs
on the sanitised HTML, outside tags and code; resolves all names of a text in two queries."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from catalog.models import Column, Table

_SEGMENTS = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>|<[^>]+>)", re.S)
_ASSET = re.compile(r"\[\[((?:[\w-]+/)?[\w$-]+(?:\.[\w$-]+){1,2})\]\]")
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


def split_name(name: str) -> tuple[str, tuple[str, ...]]:
    """ "slug/schema.table" -> ("slug", ("schema", "table")); without a slug, ("", (...))."""
    slug, _, rest = name.rpartition("/")
    return slug, tuple(rest.split("."))


def _resolve_assets(names: list[str]) -> dict:
    """{name: link facts} for the names that match an asset: the first match, live before removed,
    in the named source when the name has one. One query per kind of asset."""
    found = {}
    for model, dots, path, url_name in (
        (Table, 1, "schema", "table-detail"),
        (Column, 2, "table__schema", "column-detail"),
    ):
        wanted = [(n, *split_name(n)) for n in names if n.count(".") == dots]
        if not wanted:
            continue
        fields = (
            ["schema__name", "name"] if model is Table else ["table__schema__name", "table__name", "name"]
        )
        query = model.objects.none()
        for _, slug, parts in wanted:
            match = model.objects.filter(**dict(zip(fields, parts, strict=True)))
            query = query | (match.filter(**{f"{path}__source__slug": slug}) if slug else match)
        by_name: dict[tuple, list] = {}
        for asset in query.select_related(f"{path}__source").order_by("removed_at", "pk"):
            schema = asset.schema if model is Table else asset.table.schema
            parts = (
                (schema.name, asset.name) if model is Table else (schema.name, asset.table.name, asset.name)
            )
            by_name.setdefault(parts, []).append((schema.source.slug, asset))
        for name, slug, parts in wanted:
            asset = next((a for s, a in by_name.get(parts, []) if slug in ("", s)), None)
            if asset is None:
                continue
            kind = "column" if model is Column else ("view" if asset.kind != "table" else "table")
            card_kind = "column" if model is Column else "table"
            url = reverse(url_name, args=[asset.pk])
            found[name] = (url, kind, asset.removed_at, card_kind, asset.pk)
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

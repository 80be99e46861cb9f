"""Reading governance facts."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import Lower, Substr, Upper

from catalog.models import Column, DataSource, Table
from catalog.search.builders import IdsIn
from governance.assets import ancestors, describe_many
from governance.models import (
    MAX_TERM_NAME,
    CustomField,
    CustomFieldValue,
    Endorsement,
    GlossaryLink,
    GlossaryTerm,
    PiiClassification,
    Stewardship,
    Tag,
    TagAssignment,
    TrustFlag,
)

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


# --- trust: stewards, endorsements, flags, tags ----------------------------------------------------

GOVERN, GOVERN_ALL = "governance.govern", "governance.govern_all"


def stewards_of(asset) -> dict:
    """The stewards who answer for `asset`: its own, else the nearest level above that names
    some (a table without stewards of its own has its schema's, else its source's). One query.
    {"users": [User…], "groups": [Group…], "from": (kind, id) or None, "inherited": bool}."""
    chain = ancestors(asset)
    match = Q()
    for kind, asset_id in chain:
        match |= Q(asset_kind=kind, asset_id=asset_id)
    by_level: dict[tuple[str, int], dict] = {}
    for row in Stewardship.objects.filter(match).select_related("user", "group").order_by("added_at", "id"):
        level = by_level.setdefault((row.asset_kind, row.asset_id), {"users": [], "groups": []})
        if row.user_id:
            level["users"].append(row.user)
        else:
            level["groups"].append(row.group)
    for level in chain:
        if level in by_level:
            return {**by_level[level], "from": level, "inherited": level != chain[0]}
    return {"users": [], "groups": [], "from": None, "inherited": False}


def governs(user, asset) -> bool:
    """Whether `user` may flag the asset, apply governed tags, name its stewards and fill in its
    custom fields: admins govern everything; a Steward governs what they steward (directly, as a
    member of a steward group, or inherited) and what nobody stewards yet (so a catalog without
    stewards is not frozen)."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm(GOVERN_ALL):
        return True
    if not user.has_perm(GOVERN):
        return False
    found = stewards_of(asset)
    if not found["users"] and not found["groups"]:
        return True
    if any(steward.pk == user.pk for steward in found["users"]):
        return True
    # One more query, only when groups steward the asset.
    return bool(found["groups"]) and user.groups.filter(pk__in=[g.pk for g in found["groups"]]).exists()


def group_members(groups) -> dict[int, list]:
    """{group id: [active members, by username]} for the groups a Stewards panel shows: one query."""
    members: dict[int, list] = {group.pk: [] for group in groups}
    if not members:
        return members
    through = get_user_model().groups.through
    for row in (
        through.objects.filter(group_id__in=list(members), user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        members[row.group_id].append(row.user)
    return members


def endorsements_of(kind: str, asset_id: int):
    return (
        Endorsement.objects.filter(asset_kind=kind, asset_id=asset_id)
        .select_related("user")
        .order_by("created_at", "id")
    )


def flag_of(kind: str, asset_id: int):
    return TrustFlag.objects.filter(asset_kind=kind, asset_id=asset_id).select_related("set_by").first()


def flags_for(kind: str, ids) -> dict[int, str]:
    return dict(
        TrustFlag.objects.filter(IdsIn("asset_id", ids), asset_kind=kind).values_list("asset_id", "flag")
    )


def table_flags(ids) -> dict[int, str]:
    """{table id: flag} — what lineage shows on its nodes."""
    return flags_for("table", ids)


def column_flags(ids) -> dict[int, str]:
    return flags_for("column", ids)


def table_stewards(ids) -> dict[int, list[dict]]:
    """{table id: [{"key", "name", "username", "group"}…]}: each table's stewards (people or
    groups), its own else its schema's else its source's, for many tables in two queries
    (lineage's "who to tell")."""
    levels = {
        pk: [("table", pk), ("schema", schema_id), ("source", source_id)]
        for pk, schema_id, source_id in Table.objects.filter(pk__in=list(ids)).values_list(
            "pk", "schema_id", "source_id"
        )
    }
    match = Q()
    for kind in ("table", "schema", "source"):
        match |= Q(asset_kind=kind, asset_id__in={chain[_LEVEL[kind]][1] for chain in levels.values()})
    named: dict[tuple[str, int], list[dict]] = {}
    if levels:
        rows = Stewardship.objects.filter(match).select_related("user", "group").order_by("added_at", "id")
        for row in rows:
            if row.group_id:
                who = {"key": f"group:{row.group.name}", "name": row.group.name, "username": None}
                who["group"] = row.group.name
            else:
                name = row.user.get_full_name() or row.user.username
                who = {"key": row.user.username, "name": name, "username": row.user.username, "group": None}
            named.setdefault((row.asset_kind, row.asset_id), []).append(who)
    return {pk: next((named[level] for level in chain if level in named), []) for pk, chain in levels.items()}


_LEVEL = {"table": 0, "schema": 1, "source": 2}


def endorsement_counts(kind: str, ids) -> dict[int, int]:
    return dict(
        Endorsement.objects.filter(IdsIn("asset_id", ids), asset_kind=kind)
        .values_list("asset_id")
        .annotate(n=Count("id"))
        .order_by()
    )


PII_TAG = "pii"


def accepted_pii(column_ids) -> dict[int, str]:
    """{column id: kind} of the columns a steward confirmed as personal data: the PII tag. (The
    review queue's PiiClassification is the one record of it; tags read it, never copy it.)"""
    return dict(
        PiiClassification.objects.filter(
            IdsIn("column_id", column_ids), status=PiiClassification.Status.ACCEPTED
        )
        .exclude(kind="")
        .values_list("column_id", "kind")
    )


def tag_slugs_for(kind: str, ids) -> dict[int, list[str]]:
    """{asset id: [tag slugs]} for many assets of one kind, the PII tag included: two queries."""
    ids = list(ids)
    found: dict[int, list[str]] = {}
    for asset_id, slug in (
        TagAssignment.objects.filter(IdsIn("asset_id", ids), asset_kind=kind)
        .order_by("tag__slug")
        .values_list("asset_id", "tag__slug")
    ):
        found.setdefault(asset_id, []).append(slug)
    if kind == "column":
        for column_id in accepted_pii(ids):
            found.setdefault(column_id, []).append(PII_TAG)
    return found


def tags_of(asset_kind: str, asset, pii: PiiClassification | None | bool = False) -> list[dict]:
    """The tags an asset carries, governed first: [{"tag", "detail", "governed"}]. A column page
    that has read the column's PII classification already passes it as `pii`."""
    rows = [
        {"tag": a.tag, "detail": "", "value": "", "governed": a.tag.governed}
        for a in TagAssignment.objects.filter(asset_kind=asset_kind, asset_id=asset.pk).select_related("tag")
    ]
    if asset_kind == "column":
        found = PiiClassification.objects.filter(column_id=asset.pk).first() if pii is False else pii
        kind = found.kind if found and found.status == PiiClassification.Status.ACCEPTED else ""
        if kind:
            pii = Tag.objects.get(slug=PII_TAG)
            rows.append({"tag": pii, "detail": kind.replace("_", " "), "value": kind, "governed": True})
    return sorted(rows, key=lambda row: (not row["governed"], row["tag"].name.lower()))


def tag_index():
    """Every tag with the number of assets carrying it (PII: the confirmed columns)."""
    tags = list(Tag.objects.annotate(n=Count("assignments")).order_by("kind", "name"))
    for tag in tags:
        if tag.slug == PII_TAG:
            tag.n = _accepted().count()
    return tags


def _accepted():
    return PiiClassification.objects.filter(status=PiiClassification.Status.ACCEPTED).exclude(kind="")


def tagged_assets(tag: Tag, user, *, asset_kind: str | None = None, pii_kind: str | None = None, limit=500):
    """What carries `tag` and `user` may read, as [{"kind", "id", "name", "label", "url", "detail"}]:
    one query for the assignments, one per kind of asset for their names."""
    if tag.slug == PII_TAG:
        rows = _accepted().filter(kind=pii_kind) if pii_kind else _accepted()
        found = rows.order_by("column_id").values_list("column_id", "kind")[:limit]
        pairs = [("column", column_id, kind) for column_id, kind in found]
    else:
        rows = TagAssignment.objects.filter(tag=tag).order_by("asset_kind", "asset_id")
        if asset_kind:
            rows = rows.filter(asset_kind=asset_kind)
        pairs = [(k, i, "") for k, i in rows.values_list("asset_kind", "asset_id")[:limit]]
    described = describe_many(user, [(k, i) for k, i, _ in pairs])
    return [
        {**described[(k, i)], "detail": detail.replace("_", " ")}
        for k, i, detail in pairs
        if (k, i) in described
    ]


# --- custom fields --------------------------------------------------------------------------------


def fields_for(asset_kind: str | None = None) -> list[CustomField]:
    """The custom fields, in their order; those an asset kind carries when `asset_kind` is given."""
    fields = list(CustomField.objects.order_by("order", "name"))
    return [f for f in fields if asset_kind is None or asset_kind in f.asset_kinds]


def field_values_of(asset_kind: str, asset_id: int) -> list[CustomFieldValue]:
    """An asset's filled-in custom fields with their definitions (and people), in the fields'
    order: one query."""
    return list(
        CustomFieldValue.objects.filter(asset_kind=asset_kind, asset_id=asset_id)
        .select_related("field", "user")
        .order_by("field__order", "field__name")
    )


def shown_value(value: CustomFieldValue) -> str:
    """A value as people read it: a person by name, anything else as stored."""
    if value.user is not None:
        return value.user.get_full_name() or value.user.get_username()
    return value.value


def assets_with_field(field: CustomField, user, *, value: str | None = None, asset_kind: str | None = None,
                      limit=500) -> list[dict]:  # fmt: skip
    """What has `field` filled in (equal to `value` when given) and `user` may read, as
    [{"kind", "id", "name", "label", "url", "value"}]: one query for the values, one per kind of
    asset for their names."""
    rows = CustomFieldValue.objects.filter(field=field).order_by("asset_kind", "asset_id")
    if value is not None:
        rows = rows.filter(value=value)
    if asset_kind:
        rows = rows.filter(asset_kind=asset_kind)
    found = list(rows.values_list("asset_kind", "asset_id", "value")[:limit])
    described = describe_many(user, [(k, i) for k, i, _ in found])
    return [{**described[(k, i)], "value": v} for k, i, v in found if (k, i) in described]


# --- the business glossary -------------------------------------------------------------------------

MAX_GLOSSARY_ROWS = 1000


def glossary_terms(user, *, q: str = "", letter: str = "", table=None, column=None):
    """Terms `user` may read, A to Z: `q` matches names and synonyms, `letter` the first letter
    ("#" for anything else), `table`/`column` an asset the term links (the caller has checked the
    user may read it)."""
    terms = GlossaryTerm.objects.visible_to(user).order_by(Lower("name"), "pk")
    q = " ".join((q or "").split())[:MAX_TERM_NAME]
    if q:
        terms = terms.filter(Q(name__icontains=q) | Q(synonyms__icontains=q))
    letter = (letter or "")[:1].upper()
    if letter == "#":
        terms = terms.exclude(name__regex=r"^[A-Za-z]")
    elif letter.isalpha():
        terms = terms.filter(name__istartswith=letter)
    if table is not None:
        terms = terms.filter(links__asset_kind="table", links__asset_id=table.pk)
    if column is not None:
        terms = terms.filter(links__asset_kind="column", links__asset_id=column.pk)
    return terms


def glossary_letters() -> list[str]:
    """The first letters terms start with, for the A–Z bar (one query, one row per letter)."""
    firsts = (
        GlossaryTerm.objects.annotate(first=Upper(Substr("name", 1, 1)))
        .order_by()
        .values_list("first", flat=True)
        .distinct()
    )
    return sorted({first if first.isalpha() else "#" for first in firsts[:MAX_GLOSSARY_ROWS]})


def term_assets(term: GlossaryTerm, user) -> list[dict]:
    """The tables and columns the term links that `user` may read, tables first, by name: one
    query for the links, one per kind for the assets (through their visibility querysets)."""
    pairs = list(term.links.order_by("asset_kind", "asset_id").values_list("asset_kind", "asset_id"))
    described = describe_many(user, pairs)
    found = [described[pair] for pair in pairs if pair in described]
    return sorted(found, key=lambda a: (a["kind"] != "table", a["label"].lower()))


def terms_for_asset(kind: str, asset_id: int):
    """The terms linking one table or column, A to Z (one query)."""
    return GlossaryTerm.objects.filter(links__asset_kind=kind, links__asset_id=asset_id).order_by(
        Lower("name")
    )


def term_words_for(kind: str, ids) -> dict[int, list[str]]:
    """{asset id: [names and synonyms of the terms linking it]}: the words a table or column is
    found by (one query)."""
    found: dict[int, list[str]] = {}
    for asset_id, name, synonyms in GlossaryLink.objects.filter(
        IdsIn("asset_id", ids), asset_kind=kind
    ).values_list("asset_id", "term__name", "term__synonyms"):
        found.setdefault(asset_id, []).extend([name, *(synonyms or [])])
    return found


def resolve_asset_name(user, text: str) -> tuple[str, int] | None:
    """`schema.table`, `schema.table.column`, or either after `source/` (when several sources
    have the schema), to the (kind, id) of a table or column `user` may read; None otherwise."""
    text = (text or "").strip().strip("[]")[:600]
    source, _, rest = text.rpartition("/")
    parts = rest.split(".")
    tables = Table.objects.visible_to(user)
    columns = Column.objects.visible_to(user)
    if source:
        tables, columns = tables.filter(source__slug=source), columns.filter(table__source__slug=source)
    if len(parts) == 2 and all(parts):
        found = (
            tables.filter(schema__name=parts[0], name=parts[1])
            .order_by("removed_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return ("table", found) if found else None
    if len(parts) == 3 and all(parts):
        found = (
            columns.filter(table__schema__name=parts[0], table__name=parts[1], name=parts[2])
            .order_by("removed_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return ("column", found) if found else None
    return None

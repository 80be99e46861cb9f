"""The business glossary: writing terms and linking them to tables and columns.

Who writes: a term is created by Stewards and Admins (`governance.govern`, the permission that
already lets stewards flag, tag and name stewards). A term is then edited, linked and deleted as
an asset is governed: Admins (`governance.govern_all`) always; a Steward when they are one of the
term's stewards, or when it names none yet (so a glossary without stewards is not frozen). Every
write checks this here, is recorded in the audit log, and refreshes the search documents of the
term and of the tables and columns it links (they are found by its name and synonyms).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from catalog.permissions import recorded
from catalog.search import index_objects, remove_objects
from governance.assets import MODELS, access_asset, label
from governance.models import (
    LINK_KINDS,
    MAX_DEFINITION,
    MAX_SYNONYM,
    MAX_SYNONYMS,
    MAX_TERM_LINKS,
    MAX_TERM_NAME,
    MAX_TERM_STEWARDS,
    GlossaryLink,
    GlossaryTerm,
)
from governance.selectors import GOVERN, GOVERN_ALL
from governance.services.audit import audit

LINKABLE = tuple(kind for kind, _ in LINK_KINDS)
MAX_USERNAME = 150


class GlossaryError(Exception):
    """A request that cannot be done as asked: `field` names the input, the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


# --- who may write ---------------------------------------------------------------------------------


def can_create(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(GOVERN))


def can_edit(user, term: GlossaryTerm) -> bool:
    """Admins; Stewards who steward the term, or any Steward while it names no steward."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm(GOVERN_ALL):
        return True
    if not user.has_perm(GOVERN):
        return False
    stewards = [person.pk for person in term.stewards.all()]  # prefetched by pages that show them
    return not stewards or user.pk in stewards


def _require_create(user) -> None:
    if not can_create(user):
        raise PermissionDenied("You need the Steward role to add glossary terms.")


def _require_edit(user, term: GlossaryTerm) -> None:
    if not can_edit(user, term):
        raise PermissionDenied("Only the term's stewards (or an admin) may change it.")


# --- input ----------------------------------------------------------------------------------------


def _clean_name(name, term: GlossaryTerm | None = None) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise GlossaryError("name", "Name the term.")
    if len(name) > MAX_TERM_NAME:
        raise GlossaryError("name", f"Keep the name under {MAX_TERM_NAME} characters.")
    clash = GlossaryTerm.objects.filter(name__iexact=name)
    if term is not None:
        clash = clash.exclude(pk=term.pk)
    if clash.exists():
        raise GlossaryError("name", f"The glossary already has a term named {name!r}.")
    return name


def _clean_definition(definition) -> str:
    definition = str(definition or "").strip()
    if len(definition) > MAX_DEFINITION:
        raise GlossaryError("definition", f"Keep the definition under {MAX_DEFINITION:,} characters.")
    return definition


def _clean_synonyms(synonyms, name: str) -> list[str]:
    if isinstance(synonyms, str):
        synonyms = synonyms.split(",")
    cleaned, seen = [], {name.casefold()}
    for synonym in list(synonyms or [])[: MAX_SYNONYMS * 4]:
        synonym = " ".join(str(synonym).split())
        if not synonym or synonym.casefold() in seen:
            continue
        if len(synonym) > MAX_SYNONYM:
            raise GlossaryError("synonyms", f"Keep each synonym under {MAX_SYNONYM} characters.")
        seen.add(synonym.casefold())
        cleaned.append(synonym)
    if len(cleaned) > MAX_SYNONYMS:
        raise GlossaryError("synonyms", f"At most {MAX_SYNONYMS} synonyms.")
    return cleaned


def _clean_stewards(usernames) -> list:
    if isinstance(usernames, str):
        usernames = usernames.replace(",", " ").split()
    names = list(dict.fromkeys(str(n).strip().lstrip("@") for n in usernames or [] if str(n).strip()))
    if len(names) > MAX_TERM_STEWARDS:
        raise GlossaryError("stewards", f"At most {MAX_TERM_STEWARDS} stewards.")
    if any(len(n) > MAX_USERNAME for n in names):
        raise GlossaryError("stewards", "No such user.")
    people = {
        p.get_username(): p for p in get_user_model().objects.filter(username__in=names, is_active=True)
    }
    unknown = [n for n in names if n not in people]
    if unknown:
        raise GlossaryError("stewards", f"No active user {', '.join(repr(n) for n in unknown[:5])}.")
    return [people[n] for n in names]


def _visible_asset(user, kind: str, asset_id):
    """The table or column if `user` may read it: a term never points at what its writer cannot see."""
    if kind not in LINKABLE:
        raise GlossaryError("assets", "Terms link tables and columns.")
    try:
        return access_asset(user, kind, asset_id)
    except Http404:
        raise GlossaryError("assets", f"No such {kind}: {asset_id}.") from None


def _state(term: GlossaryTerm) -> dict:
    return {
        "name": term.name,
        "definition": term.definition[:2000],
        "synonyms": list(term.synonyms),
        "stewards": sorted(p.get_username() for p in term.stewards.all()),
    }


def _reindex(term_ids, assets=()) -> None:
    """The terms' documents, the documents of the assets they link (dependents), and of `assets`
    they no longer link."""
    index_objects(GlossaryTerm, list(term_ids))
    by_kind: dict[str, set[int]] = {}
    for kind, asset_id in assets:
        by_kind.setdefault(kind, set()).add(asset_id)
    for kind, ids in by_kind.items():
        index_objects(MODELS[kind], ids)


# --- terms ----------------------------------------------------------------------------------------


def term_create(*, user, name, definition="", synonyms=(), stewards=(), assets=()) -> GlossaryTerm:
    """Add a term, with its stewards (usernames) and the (kind, id) of tables and columns it links."""
    _require_create(user)
    name = _clean_name(name)
    definition = _clean_definition(definition)
    synonyms = _clean_synonyms(synonyms, name)
    people = _clean_stewards(stewards)
    pairs = list(dict.fromkeys((str(kind), int(pk)) for kind, pk in assets or []))
    if len(pairs) > MAX_TERM_LINKS:
        raise GlossaryError("assets", f"Link at most {MAX_TERM_LINKS} tables and columns.")
    found = [(kind, _visible_asset(user, kind, pk)) for kind, pk in pairs]
    try:
        with transaction.atomic():
            term = GlossaryTerm.objects.create(
                name=name,
                definition=definition,
                synonyms=synonyms,
                created_by=recorded(user),
                updated_by=recorded(user),
            )
            term.stewards.set(people)
            GlossaryLink.objects.bulk_create(
                GlossaryLink(term=term, asset_kind=kind, asset_id=asset.pk, added_by=recorded(user))
                for kind, asset in found
            )
            after = _state(term) | {"assets": [label(asset) for _, asset in found]}
            audit(user=user, action="glossary.create", obj=term, label=term.name, after=after)
    except IntegrityError:  # another request took the name in between
        raise GlossaryError("name", f"The glossary already has a term named {name!r}.") from None
    _reindex([term.pk])
    return term


def term_update(*, user, term: GlossaryTerm, name=None, definition=None, synonyms=None, stewards=None):
    """Change what is given (None leaves it as it is)."""
    _require_edit(user, term)
    before = _state(term)
    name = term.name if name is None else _clean_name(name, term)
    definition = term.definition if definition is None else _clean_definition(definition)
    synonyms = _clean_synonyms(term.synonyms if synonyms is None else synonyms, name)
    people = None if stewards is None else _clean_stewards(stewards)
    try:
        with transaction.atomic():
            term.name, term.definition, term.synonyms = name, definition, synonyms
            term.updated_by = recorded(user)
            term.save()
            if people is not None:
                term.stewards.set(people)
            after = _state(term)
            if after != before:
                audit(
                    user=user, action="glossary.update", obj=term, label=term.name, before=before, after=after
                )
    except IntegrityError:
        raise GlossaryError("name", f"The glossary already has a term named {name!r}.") from None
    _reindex([term.pk])
    return term


def term_delete(*, user, term: GlossaryTerm) -> None:
    """Delete the term and its links; the tables and columns it linked are no longer found by it."""
    _require_edit(user, term)
    linked = list(term.links.values_list("asset_kind", "asset_id"))
    pk = term.pk
    with transaction.atomic():
        audit(user=user, action="glossary.delete", obj=term, label=term.name,
              before=_state(term) | {"links": len(linked)})  # fmt: skip
        term.delete()
        remove_objects(GlossaryTerm, [pk])
    _reindex([], linked)


# --- links ----------------------------------------------------------------------------------------


def link_asset(*, user, term: GlossaryTerm, kind: str, asset_id) -> bool:
    """Link a table or column the user may read; returns whether it was not linked before."""
    _require_edit(user, term)
    asset = _visible_asset(user, kind, asset_id)
    with transaction.atomic():
        if term.links.filter(asset_kind=kind, asset_id=asset.pk).exists():
            return False
        if term.links.count() >= MAX_TERM_LINKS:
            raise GlossaryError("assets", f"A term links at most {MAX_TERM_LINKS} tables and columns.")
        GlossaryLink.objects.create(term=term, asset_kind=kind, asset_id=asset.pk, added_by=recorded(user))
        audit(user=user, action="glossary.link", obj=term, label=term.name,
              after={"asset_kind": kind, "asset_id": asset.pk, "asset": label(asset)})  # fmt: skip
    _reindex([term.pk], [(kind, asset.pk)])
    return True


def unlink_asset(*, user, term: GlossaryTerm, kind: str, asset_id) -> bool:
    """Remove a link; returns whether there was one. A link to an asset the user may no longer
    read is removed all the same (its id is what they name)."""
    _require_edit(user, term)
    if kind not in LINKABLE:
        return False
    try:
        asset_id = int(asset_id)
    except (TypeError, ValueError):
        return False
    with transaction.atomic():
        deleted, _ = term.links.filter(asset_kind=kind, asset_id=asset_id).delete()
        if deleted:
            audit(user=user, action="glossary.unlink", obj=term, label=term.name,
                  before={"asset_kind": kind, "asset_id": asset_id})  # fmt: skip
    if deleted:
        _reindex([term.pk], [(kind, asset_id)])
    return bool(deleted)

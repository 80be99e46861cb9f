"""Stewards: the people who answer for an asset and what is below it.

Who may name them: an admin, anywhere; a Steward, on what they govern (what they steward, or
what nobody stewards yet). Naming stewards on a lower level overrides what it inherits. A steward
is a person or a group (Django's auth groups, not the four roles): a group's members govern what it
stewards like a person named there."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from catalog.permissions import recorded
from catalog.roles import ROLES
from governance.assets import kind_of, label
from governance.models import Stewardship
from governance.services.audit import audit
from governance.services.trust import TrustError, require_governs

MAX_USERNAME = 150


def _person(username: str):
    username = (username or "").strip()[:MAX_USERNAME]
    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None:
        raise TrustError(f"No active user {username!r}.")
    return person


def add_steward(*, user, asset, username: str) -> Stewardship:
    require_governs(user, asset)
    person = _person(username)
    kind = kind_of(asset)
    with transaction.atomic():
        found, created = Stewardship.objects.get_or_create(
            asset_kind=kind, asset_id=asset.pk, user=person, defaults={"added_by": recorded(user)}
        )
        if created:
            audit(user=user, action="steward.add", obj=asset, label=label(asset),
                  after={"steward": person.get_username()})  # fmt: skip
    return found


def remove_steward(*, user, asset, username: str) -> bool:
    require_governs(user, asset)
    kind = kind_of(asset)
    with transaction.atomic():
        deleted, _ = Stewardship.objects.filter(
            asset_kind=kind, asset_id=asset.pk, user__username=(username or "")[:MAX_USERNAME]
        ).delete()
        if deleted:
            audit(user=user, action="steward.remove", obj=asset, label=label(asset),
                  before={"steward": username})  # fmt: skip
    return bool(deleted)


def _group(name: str) -> Group:
    name = (name or "").strip()[:MAX_USERNAME]
    if name in ROLES:
        raise TrustError(f"{name} is a role, not a team: name a group of people, or the people.")
    group = Group.objects.filter(name=name).first()
    if group is None:
        raise TrustError(f"No group {name!r}.")
    return group


def add_group_steward(*, user, asset, name: str) -> Stewardship:
    """Name a group as a steward of the asset: its members govern it like a named person."""
    require_governs(user, asset)
    group = _group(name)
    kind = kind_of(asset)
    with transaction.atomic():
        found, created = Stewardship.objects.get_or_create(
            asset_kind=kind, asset_id=asset.pk, group=group, defaults={"added_by": recorded(user)}
        )
        if created:
            audit(user=user, action="steward.add", obj=asset, label=label(asset),
                  after={"steward_group": group.name})  # fmt: skip
    return found


def remove_group_steward(*, user, asset, name: str) -> bool:
    require_governs(user, asset)
    kind = kind_of(asset)
    with transaction.atomic():
        deleted, _ = Stewardship.objects.filter(
            asset_kind=kind, asset_id=asset.pk, group__name=(name or "")[:MAX_USERNAME]
        ).delete()
        if deleted:
            audit(user=user, action="steward.remove", obj=asset, label=label(asset),
                  before={"steward_group": name})  # fmt: skip
    return bool(deleted)

"""Endorsements and trust flags: who vouches for an asset, and what its stewards say of it.

Every write checks its permission here, records an audit event and refreshes the asset's search
document (endorsements and flags move its ranking and show as badges)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from catalog.permissions import recorded, require
from catalog.search import index_objects
from governance.assets import MODELS, kind_of, label
from governance.models import MAX_REASON, Endorsement, TrustFlag
from governance.selectors import governs
from governance.services.audit import audit

ENDORSE = "governance.endorse"


class TrustError(Exception):
    """A request that cannot be done as asked; the message says why, for people."""


def reindex(asset) -> None:
    index_objects(type(asset), [asset.pk])


def require_governs(user, asset) -> None:
    if not governs(user, asset):
        raise PermissionDenied("Only the asset's stewards (or an admin) may do that.")


def endorse(*, user, asset, endorsed: bool | None = None) -> bool:
    """Endorse the asset, or take the endorsement back; `endorsed=None` toggles. Returns whether
    `user` endorses it afterwards. One endorsement per person per asset."""
    require(user, ENDORSE, "Log in to endorse assets.")
    kind = kind_of(asset)
    with transaction.atomic():
        existing = Endorsement.objects.filter(asset_kind=kind, asset_id=asset.pk, user=user)
        has = existing.exists()
        wanted = (not has) if endorsed is None else endorsed
        if wanted == has:
            return has
        if wanted:
            Endorsement.objects.get_or_create(asset_kind=kind, asset_id=asset.pk, user=user)
        else:
            existing.delete()
        audit(user=user, action="endorsement.add" if wanted else "endorsement.remove", obj=asset,
              label=label(asset), before={"endorsed": has}, after={"endorsed": wanted})  # fmt: skip
    reindex(asset)
    return wanted


def set_flag(*, user, asset, flag: str, reason: str = "", replacement_id: int | None = None) -> TrustFlag:
    """A steward flags the asset: endorsed, warning (a reason is required) or deprecated (the
    asset to use instead is required: another visible asset of the same kind). Replaces the
    asset's earlier flag."""
    require_governs(user, asset)
    if flag not in TrustFlag.Flag.values:
        raise TrustError(f"Unknown flag {flag!r}: one of {', '.join(TrustFlag.Flag.values)}.")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise TrustError(f"Keep the reason under {MAX_REASON} characters.")
    if flag == TrustFlag.Flag.WARNING and not reason:
        raise TrustError("Say what to watch out for: a warning needs a reason.")
    kind = kind_of(asset)
    if flag == TrustFlag.Flag.DEPRECATED:
        if not replacement_id:
            raise TrustError(f"Say which {kind} replaces it: a deprecation points to its replacement.")
        if replacement_id == asset.pk:
            raise TrustError(f"A {kind} cannot replace itself.")
        model = MODELS[kind]
        if not model.objects.visible_to(user).filter(pk=replacement_id).exists():
            raise TrustError(f"No {kind} with id {replacement_id}.")
    else:
        replacement_id = None
    with transaction.atomic():
        current = TrustFlag.objects.select_for_update().filter(asset_kind=kind, asset_id=asset.pk).first()
        before = _state(current)
        found = current or TrustFlag(asset_kind=kind, asset_id=asset.pk)
        found.flag, found.reason, found.replacement_id = flag, reason, replacement_id
        found.set_by = recorded(user)
        found.save()
        audit(user=user, action="flag.set", obj=asset, label=label(asset), before=before, after=_state(found))
    reindex(asset)
    return found


def clear_flag(*, user, asset) -> bool:
    """A steward removes the asset's flag; returns whether there was one."""
    require_governs(user, asset)
    kind = kind_of(asset)
    with transaction.atomic():
        current = TrustFlag.objects.filter(asset_kind=kind, asset_id=asset.pk).first()
        if current is None:
            return False
        before = _state(current)
        current.delete()
        audit(user=user, action="flag.clear", obj=asset, label=label(asset), before=before, after={})
    reindex(asset)
    return True


def _state(flag: TrustFlag | None) -> dict:
    if flag is None:
        return {}
    return {"flag": flag.flag, "reason": flag.reason, "replacement_id": flag.replacement_id}

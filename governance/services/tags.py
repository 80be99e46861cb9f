"""Tags on assets: free tags contributors add and remove; governed ones (a classification level,
PII with its kind) only the asset's stewards apply.

PII is not stored as a tag assignment: the review queue's PiiClassification is its one record,
so applying or removing the PII tag on a column is a steward's PII decision (governance.services.pii),
and an accepted suggestion shows as the PII tag with nothing to keep in sync."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from catalog.permissions import recorded, require
from governance.assets import kind_of, label
from governance.models import Tag, TagAssignment
from governance.pii import KINDS
from governance.selectors import PII_TAG, governs
from governance.services.audit import audit
from governance.services.pii import mark_column
from governance.services.trust import TrustError, reindex

TAG = "governance.tag_assets"
MAX_NAME = 60


def _require_tag_rights(user, asset, tag: Tag | None) -> None:
    if tag is not None and tag.governed:
        if not governs(user, asset):
            raise PermissionDenied(f"Only the asset's stewards (or an admin) apply {tag.name}.")
    else:
        require(user, TAG, "You need the Contributor role to tag assets.")


def add_tag(*, user, asset, name: str, pii_kind: str | None = None) -> Tag:
    """Tag the asset with `name` (an existing tag's name or slug, else a new free tag). A
    classification replaces the asset's earlier one; PII applies to columns, with its kind."""
    name = (name or "").strip()
    if not name:
        raise TrustError("Name the tag.")
    if len(name) > MAX_NAME:
        raise TrustError(f"Keep tag names under {MAX_NAME} characters.")
    slug = slugify(name)[:MAX_NAME]
    if not slug:
        raise TrustError("A tag needs letters or digits.")
    tag = Tag.objects.filter(slug=slug).first()
    _require_tag_rights(user, asset, tag)
    kind = kind_of(asset)
    if tag is not None and tag.slug == PII_TAG:
        if kind != "column":
            raise TrustError("PII applies to columns: tag the columns that hold personal data.")
        if pii_kind not in KINDS:
            raise TrustError(f"Say which kind of personal data: one of {', '.join(KINDS)}.")
        mark_column(user=user, column=asset, kind=pii_kind)  # audited there
        reindex(asset)
        return tag
    with transaction.atomic():
        if tag is None:
            tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        replaced = []
        if tag.kind == Tag.Kind.CLASSIFICATION:
            earlier = TagAssignment.objects.filter(
                asset_kind=kind, asset_id=asset.pk, tag__kind=Tag.Kind.CLASSIFICATION
            ).exclude(tag=tag)
            replaced = list(earlier.values_list("tag__slug", flat=True))
            earlier.delete()
        _, created = TagAssignment.objects.get_or_create(
            tag=tag, asset_kind=kind, asset_id=asset.pk, defaults={"added_by": recorded(user)}
        )
        if created or replaced:
            audit(user=user, action="tag.add", obj=asset, label=label(asset),
                  before={"tags": replaced}, after={"tags": [tag.slug]})  # fmt: skip
    reindex(asset)
    return tag


def remove_tag(*, user, asset, slug: str) -> bool:
    """Take the tag off the asset; returns whether it carried it."""
    tag = Tag.objects.filter(slug=(slug or "")[:MAX_NAME]).first()
    if tag is None:
        return False
    _require_tag_rights(user, asset, tag)
    kind = kind_of(asset)
    if tag.slug == PII_TAG:
        if kind != "column":
            return False
        mark_column(user=user, column=asset, kind=None)  # a steward says: not personal data
        reindex(asset)
        return True
    with transaction.atomic():
        deleted, _ = TagAssignment.objects.filter(tag=tag, asset_kind=kind, asset_id=asset.pk).delete()
        if deleted:
            audit(user=user, action="tag.remove", obj=asset, label=label(asset),
                  before={"tags": [tag.slug]}, after={"tags": []})  # fmt: skip
    if deleted:
        reindex(asset)
    return bool(deleted)

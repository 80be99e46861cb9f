"""Custom fields: admins define them ("Data owner", "Retention period", "Review date"); the
asset's stewards and admins fill them in. Every value is checked against its field's kind, and
every change, of a definition or a value, is in the audit log with before and after."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from catalog.permissions import recorded, require
from governance.assets import KINDS as ASSET_KINDS
from governance.assets import kind_of, label
from governance.models import MAX_FIELD_VALUE, CustomField, CustomFieldValue
from governance.services.audit import audit
from governance.services.trust import TrustError, require_governs

DEFINE = "governance.define_fields"
MAX_NAME, MAX_KEY, MAX_HELP = 100, 60, 500
MAX_CHOICES, MAX_CHOICE = 50, 100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FieldError(TrustError):
    """A definition or a value that cannot be saved as given; the message says why, for people."""


# --- definitions ----------------------------------------------------------------------------------


def _definition(*, name, key, kind, choices, help_text, asset_kinds, order, current=None) -> dict:
    name = (name or "").strip()
    if not name:
        raise FieldError("Name the field.")
    if len(name) > MAX_NAME:
        raise FieldError(f"Keep the name under {MAX_NAME} characters.")
    key = slugify(key or name).replace("-", "_")[:MAX_KEY]
    if not key:
        raise FieldError("A field's key needs letters or digits.")
    if CustomField.objects.filter(key=key).exclude(pk=getattr(current, "pk", None)).exists():
        raise FieldError(f"Another field already has the key {key!r}.")
    if kind not in CustomField.Kind.values:
        raise FieldError(f"Unknown kind {kind!r}: one of {', '.join(CustomField.Kind.values)}.")
    choices = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind == CustomField.Kind.CHOICE:
        if not choices:
            raise FieldError("A choice field needs its choices.")
        if len(choices) > MAX_CHOICES or any(len(c) > MAX_CHOICE for c in choices):
            raise FieldError(f"At most {MAX_CHOICES} choices of at most {MAX_CHOICE} characters each.")
        if len(set(choices)) != len(choices):
            raise FieldError("Each choice once.")
    else:
        choices = []
    help_text = (help_text or "").strip()
    if len(help_text) > MAX_HELP:
        raise FieldError(f"Keep the help text under {MAX_HELP} characters.")
    wanted = {str(k) for k in (asset_kinds or [])}
    asset_kinds = [k for k in ASSET_KINDS if k in wanted]
    if wanted - set(ASSET_KINDS) or not asset_kinds:
        raise FieldError("Say which assets carry it: some of source, schema, table, column.")
    if not isinstance(order, int) or not 0 <= order <= 10_000:
        raise FieldError("The order is a number from 0 to 10000.")
    return {"name": name, "key": key, "kind": kind, "choices": choices, "help_text": help_text,
            "asset_kinds": asset_kinds, "order": order}  # fmt: skip


def _state(field: CustomField) -> dict:
    return {"name": field.name, "key": field.key, "kind": field.kind, "choices": field.choices,
            "help_text": field.help_text, "asset_kinds": field.asset_kinds, "order": field.order}  # fmt: skip


def define_field(
    *,
    user,
    name: str,
    kind: str,
    asset_kinds: Iterable[str],
    key: str = "",
    choices: Iterable[str] = (),
    help_text: str = "",
    order: int = 0,
) -> CustomField:
    """A new custom field (admins). The key is the name's slug unless given."""
    require(user, DEFINE, "Only admins define custom fields.")
    data = _definition(name=name, key=key, kind=kind, choices=choices, help_text=help_text,
                       asset_kinds=asset_kinds, order=order)  # fmt: skip
    with transaction.atomic():
        field = CustomField.objects.create(**data)
        audit(user=user, action="field.define", obj=field, label=field.name, after=_state(field))
    return field


def change_field(*, user, field: CustomField, **changes) -> CustomField:
    """Change a definition (admins). Its kind cannot change once assets have values: the values
    would no longer fit; a choice that values still use cannot be taken away."""
    require(user, DEFINE, "Only admins define custom fields.")
    before = _state(field)
    data = _definition(**{**before, **changes}, current=field)
    used = CustomFieldValue.objects.filter(field=field)
    if data["kind"] != field.kind and used.exists():
        raise FieldError("Assets have values of this field: its kind cannot change.")
    if data["kind"] == CustomField.Kind.CHOICE:
        dropped = used.exclude(value__in=data["choices"]).values_list("value", flat=True).first()
        if dropped is not None:
            raise FieldError(f"Assets still have the choice {dropped!r}: change their values first.")
    with transaction.atomic():
        for attr, value in data.items():
            setattr(field, attr, value)
        field.save()
        audit(
            user=user, action="field.change", obj=field, label=field.name, before=before, after=_state(field)
        )
    return field


def delete_field(*, user, field: CustomField) -> None:
    """Delete a definition and every asset's value of it (admins); the audit log keeps both."""
    require(user, DEFINE, "Only admins define custom fields.")
    with transaction.atomic():
        values = CustomFieldValue.objects.filter(field=field).count()
        audit(user=user, action="field.delete", obj=field, label=field.name,
              before={**_state(field), "values": values})  # fmt: skip
        field.delete()


# --- values ---------------------------------------------------------------------------------------


def clean_value(field: CustomField, raw) -> tuple[str, object | None]:
    """(the value to store, the user for user fields) or FieldError saying what is wrong."""
    value = "" if raw is None else str(raw).strip()
    if len(value) > MAX_FIELD_VALUE:
        raise FieldError(f"{field.name}: keep it under {MAX_FIELD_VALUE} characters.")
    if not value:
        return "", None
    if field.kind == CustomField.Kind.CHOICE and value not in field.choices:
        raise FieldError(f"{field.name}: {value!r} is not one of {', '.join(field.choices)}.")
    if field.kind == CustomField.Kind.DATE:
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            datetime.date.fromisoformat(value)
        except ValueError:
            raise FieldError(f"{field.name}: {value!r} is not a date as YYYY-MM-DD.") from None
    if field.kind == CustomField.Kind.USER:
        person = get_user_model().objects.filter(username=value, is_active=True).first()
        if person is None:
            raise FieldError(f"{field.name}: no active user {value!r}.")
        return person.get_username(), person
    return value, None


def set_field_values(*, user, asset, values: Mapping[str, object]) -> dict[str, str]:
    """Set some of the asset's custom fields at once, {key: value}; an empty value or None
    clears one. The asset's stewards and admins. Every value is checked before any is saved;
    one audit event per field that changed. Returns {key: value} of what changed."""
    require_governs(user, asset)
    kind = kind_of(asset)
    fields = {f.key: f for f in CustomField.objects.filter(key__in=[str(k)[:MAX_KEY] for k in values])}
    cleaned = {}
    for key, raw in values.items():
        field = fields.get(key)
        if field is None:
            raise FieldError(f"No custom field {key!r}.")
        if kind not in field.asset_kinds:
            raise FieldError(f"{field.name} is not a field of a {kind}.")
        cleaned[key] = clean_value(field, raw)
    changed = {}
    with transaction.atomic():
        current = {
            v.field_id: v
            for v in CustomFieldValue.objects.select_for_update().filter(
                asset_kind=kind, asset_id=asset.pk, field__in=list(fields.values())
            )
        }
        for key, (value, person) in cleaned.items():
            field = fields[key]
            existing = current.get(field.pk)
            before = existing.value if existing else ""
            if before == value:
                continue
            if not value:
                existing.delete()
            elif existing is None:
                CustomFieldValue.objects.create(field=field, asset_kind=kind, asset_id=asset.pk, value=value,
                                                user=person, updated_by=recorded(user))  # fmt: skip
            else:
                existing.value, existing.user, existing.updated_by = value, person, recorded(user)
                existing.save()
            audit(user=user, action="field.set", obj=asset, label=label(asset),
                  before={key: before or None}, after={key: value or None})  # fmt: skip
            changed[key] = value
    return changed

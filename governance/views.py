"""Governance pages: the PII review queue, the audit log, and what asset pages show of PII."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from governance import selectors
from governance.assets import access_asset, describe_many, kind_of, label
from governance.assets import url as asset_url
from governance.models import ASSET_KINDS as ASSET_KIND_CHOICES
from governance.models import AuditEvent, CustomField, PiiClassification, Tag, TrustFlag
from governance.pii import KINDS
from governance.selectors import review_queue
from governance.services import fields, stewards, tags, trust
from governance.services.pii import REVIEW, PiiDecisionError, decide_many

MAX_BULK = 500


def _pii_of(column):
    """The column's PII classification, read once per page: its Properties row and its Tags panel
    both show it. (Kept on the column object the page fetched for this request.)"""
    if "_governance_pii" not in column.__dict__:
        column.__dict__["_governance_pii"] = PiiClassification.objects.filter(column_id=column.pk).first()
    return column.__dict__["_governance_pii"]


def pii_property(column):
    found = _pii_of(column)
    if found is None or not found.kind:
        return []
    state = {"suggested": "suggested, awaiting review", "accepted": "confirmed by a steward",
             "rejected": "not personal data (steward)"}[found.status]  # fmt: skip
    return [("Personal data", f"{found.kind.replace('_', ' ')} — {state}")]


def pii_panel(request, table):
    found = list(
        PiiClassification.objects.filter(column__table=table)
        .exclude(status=PiiClassification.Status.REJECTED)
        .exclude(kind="")
        .select_related("column")
        .order_by("column__position")
    )
    return {"columns": found} if found else None


@require_GET
@permission_required(REVIEW, raise_exception=True)
def pii_queue(request):
    queue = review_queue(request.GET.get("source") or None)
    page = Paginator(queue, 100).get_page(request.GET.get("page"))
    return render(request, "governance/pii_queue.html", {"page": page, "kinds": KINDS})


@require_POST
@permission_required(REVIEW, raise_exception=True)
def pii_decide(request):
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()][:MAX_BULK]
    action = request.POST.get("action")
    kind = request.POST.get("kind") or None
    if action not in ("accept", "reject") or not ids:
        messages.error(request, "Choose columns, then accept or reject them.")
        return redirect("governance-pii-queue")
    chosen = PiiClassification.objects.filter(pk__in=ids).select_related("column__table__schema")
    done, errors = decide_many(
        user=request.user, classifications=chosen, accept=action == "accept", kind=kind
    )
    for error in errors:
        messages.error(request, error)
    messages.success(
        request, f"{'Accepted' if action == 'accept' else 'Rejected'} {done} suggestion{'s' * (done != 1)}."
    )
    return redirect("governance-pii-queue")


@require_GET
@permission_required("governance.view_audit", raise_exception=True)
def audit_log(request):
    events = AuditEvent.objects.all()
    if request.GET.get("action"):
        events = events.filter(action__startswith=request.GET["action"][:60])
    if request.GET.get("actor"):
        events = events.filter(actor_name=request.GET["actor"][:150])
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        writer = csv.writer(response)
        writer.writerow(["at", "actor", "action", "object", "before", "after"])
        for event in events[:100_000].iterator():
            writer.writerow([event.at.isoformat(), event.actor_name, event.action, event.object_label,
                             event.before, event.after])  # fmt: skip
        return response
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "governance/audit.html", {"page": page})


# --- trust: endorsements and flags on asset pages --------------------------------------------------


def _asset_context(request, asset) -> dict:
    kind = kind_of(asset)
    return {"kind": kind, "asset": asset, "asset_id": asset.pk}


def _flag(request, kind, asset):
    """The asset's flag, read once per request (the notice and the panel both show it)."""
    cache = request.__dict__.setdefault("_governance_flags", {})
    if (kind, asset.pk) not in cache:
        cache[(kind, asset.pk)] = selectors.flag_of(kind, asset.pk)
    return cache[(kind, asset.pk)]


def trust_notice(request, asset):
    """The flag under an asset's title: endorsed, a warning with its reason, or deprecated with
    a link to what replaces it."""
    kind = kind_of(asset)
    flag = _flag(request, kind, asset)
    if flag is None:
        return None
    replacement = None
    if flag.replacement_id:
        key = (kind, flag.replacement_id)
        replacement = describe_many(request.user, [key]).get(key)
    return {"flag": flag, "replacement": replacement}


MAX_SHOWN_ENDORSERS = 12


def trust_panel(request, asset):
    """Endorsements ("8 Endorsements", who, the button) and, for who governs the asset, its flag."""
    context = _asset_context(request, asset)
    endorsers = [e.user for e in selectors.endorsements_of(context["kind"], asset.pk)]
    context |= {
        "count": len(endorsers),
        "endorsers": endorsers[:MAX_SHOWN_ENDORSERS],
        "more": max(0, len(endorsers) - MAX_SHOWN_ENDORSERS),
        "mine": any(user.pk == request.user.pk for user in endorsers),
        "can_endorse": request.user.has_perm(trust.ENDORSE),
        "can_flag": selectors.governs(request.user, asset),
        "flag": _flag(request, context["kind"], asset),
        "flags": TrustFlag.Flag.choices,
    }
    return context


def _back(request, kind, asset):
    return redirect(asset_url(kind, asset))


@require_POST
@permission_required(trust.ENDORSE, raise_exception=True)
def endorse(request, kind, asset_id):
    asset = access_asset(request.user, kind, asset_id)
    wanted = {"1": True, "0": False}.get(request.POST.get("endorsed", ""))
    done = trust.endorse(user=request.user, asset=asset, endorsed=wanted)
    messages.success(request, "You endorse it." if done else "Your endorsement is withdrawn.")
    return _back(request, kind, asset)


@require_POST
@permission_required(selectors.GOVERN, raise_exception=True)
def flag(request, kind, asset_id):
    asset = access_asset(request.user, kind, asset_id)
    try:
        if request.POST.get("flag") in ("", "none", None):
            trust.clear_flag(user=request.user, asset=asset)
            messages.success(request, "Flag removed.")
        else:
            replacement = request.POST.get("replacement", "").strip()
            trust.set_flag(
                user=request.user,
                asset=asset,
                flag=request.POST["flag"],
                reason=request.POST.get("reason", ""),
                replacement_id=int(replacement) if replacement.isdigit() else None,
            )
            messages.success(request, "Flag set.")
    except trust.TrustError as exc:
        messages.error(request, str(exc))
    return _back(request, kind, asset)


# --- tags -----------------------------------------------------------------------------------------


def tags_panel(request, asset):
    context = _asset_context(request, asset)
    governing = selectors.governs(request.user, asset)
    can_tag = request.user.has_perm(tags.TAG)
    pii = _pii_of(asset) if context["kind"] == "column" else None
    rows = selectors.tags_of(context["kind"], asset, pii=pii)
    for row in rows:
        row["removable"] = governing if row["governed"] else can_tag
    context |= {
        "tags": rows,
        "can_tag": can_tag,
        "governing": governing,
        "governed_tags": Tag.objects.exclude(kind=Tag.Kind.FREE).order_by("kind", "name")
        if governing
        else [],
        "pii_kinds": KINDS if context["kind"] == "column" else [],
    }
    return context


@require_POST
@permission_required(tags.TAG, raise_exception=True)
def tag_add(request, kind, asset_id):
    asset = access_asset(request.user, kind, asset_id)
    try:
        tag = tags.add_tag(
            user=request.user,
            asset=asset,
            name=request.POST.get("name", ""),
            pii_kind=request.POST.get("pii_kind") or None,
        )
        messages.success(request, f"Tagged {tag.name}.")
    except (trust.TrustError, PiiDecisionError) as exc:
        messages.error(request, str(exc))
    return _back(request, kind, asset)


@require_POST
@permission_required(tags.TAG, raise_exception=True)
def tag_remove(request, kind, asset_id):
    asset = access_asset(request.user, kind, asset_id)
    if tags.remove_tag(user=request.user, asset=asset, slug=request.POST.get("slug", "")):
        messages.success(request, "Tag removed.")
    return _back(request, kind, asset)


@require_GET
def tag_index(request):
    return render(request, "governance/tag_index.html", {"tags": selectors.tag_index()})


@require_GET
def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    pii_kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else None
    assets = selectors.tagged_assets(tag, request.user, pii_kind=pii_kind)
    return render(
        request,
        "governance/tag_page.html",
        {"tag": tag, "assets": assets, "pii_kinds": KINDS if tag.slug == selectors.PII_TAG else [],
         "pii_kind": pii_kind},
    )  # fmt: skip


# --- stewards -------------------------------------------------------------------------------------


def stewards_panel(request, asset):
    context = _asset_context(request, asset)
    found = selectors.stewards_of(asset)
    source = None
    if found["inherited"]:
        source = describe_many(request.user, [found["from"]]).get(found["from"])
    members = selectors.group_members(found["groups"])
    context |= {
        "stewards": found["users"],
        "groups": [{"group": group, "members": members[group.pk]} for group in found["groups"]],
        "inherited": found["inherited"],
        "inherited_from": source,
        "can_manage": selectors.governs(request.user, asset),
    }
    return context


@require_POST
@permission_required(selectors.GOVERN, raise_exception=True)
def steward_change(request, kind, asset_id):
    asset = access_asset(request.user, kind, asset_id)
    username = request.POST.get("username", "")
    group = request.POST.get("group", "").strip()
    removing = request.POST.get("action") == "remove"
    try:
        if group and removing:
            stewards.remove_group_steward(user=request.user, asset=asset, name=group)
            messages.success(request, f"The group {group} no longer stewards it.")
        elif group:
            stewards.add_group_steward(user=request.user, asset=asset, name=group)
            messages.success(request, f"The group {group} stewards it now.")
        elif removing:
            stewards.remove_steward(user=request.user, asset=asset, username=username)
            messages.success(request, f"{username} no longer stewards it.")
        else:
            stewards.add_steward(user=request.user, asset=asset, username=username)
            messages.success(request, f"{username} stewards it now.")
    except trust.TrustError as exc:
        messages.error(request, str(exc))
    return _back(request, kind, asset)


# --- custom fields --------------------------------------------------------------------------------


def field_properties(asset):
    """The asset's filled-in custom fields as rows of its Properties panel: one query."""
    kind = kind_of(asset)
    return [
        (
            value.field.name,
            format_html('<span data-field="{}">{}</span>', value.field.key, selectors.shown_value(value)),
        )  # fmt: skip
        for value in selectors.field_values_of(kind, asset.pk)
        if kind in value.field.asset_kinds
    ]


def _field_form(post) -> dict:
    order = (post.get("order") or "0").strip()
    return {
        "name": post.get("name", ""),
        "key": post.get("key", ""),
        "kind": post.get("kind", ""),
        "choices": [line for line in post.get("choices", "").splitlines()[: fields.MAX_CHOICES + 1]],
        "help_text": post.get("help_text", ""),
        "asset_kinds": post.getlist("asset_kinds"),
        "order": int(order) if order.isdigit() and len(order) < 6 else -1,
    }


def _definition_context(**extra) -> dict:
    return {"kinds": CustomField.Kind.choices, "asset_kinds": ASSET_KIND_CHOICES, **extra}


@permission_required(fields.DEFINE, raise_exception=True)
def field_list(request):
    """The custom fields (admins): each with how many assets have it filled in, and a form for a new one."""
    form = {"kind": "text", "asset_kinds": ["table"], "order": 0}
    if request.method == "POST":
        form = _field_form(request.POST)
        try:
            field = fields.define_field(user=request.user, **form)
            messages.success(request, f"{field.name} defined: stewards fill it in on each asset's page.")
            return redirect("governance-fields")
        except fields.FieldError as exc:
            messages.error(request, str(exc))
    defined = CustomField.objects.annotate(n=Count("values")).order_by("order", "name")
    return render(request, "governance/fields.html", _definition_context(fields=defined, form=form))


@permission_required(fields.DEFINE, raise_exception=True)
def field_edit(request, slug):
    field = get_object_or_404(CustomField, key=slug)
    form = {**field.__dict__}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                fields.delete_field(user=request.user, field=field)
                messages.success(request, f"{field.name} deleted, with its values.")
                return redirect("governance-fields")
            form = _field_form(request.POST)
            fields.change_field(user=request.user, field=field, **form)
            messages.success(request, f"{field.name} saved.")
            return redirect("governance-fields")
        except fields.FieldError as exc:
            messages.error(request, str(exc))
    return render(request, "governance/field_edit.html", _definition_context(field=field, form=form))


@permission_required(selectors.GOVERN, raise_exception=True)
def asset_fields(request, kind, asset_id):
    """Fill in an asset's custom fields: its stewards (named, in a steward group, or inherited)
    and admins."""
    asset = access_asset(request.user, kind, asset_id)
    if not selectors.governs(request.user, asset):
        raise PermissionDenied("Only the asset's stewards (or an admin) fill in its fields.")
    defined = selectors.fields_for(kind)
    values = {value.field.key: value.value for value in selectors.field_values_of(kind, asset.pk)}
    if request.method == "POST":
        values = {field.key: request.POST.get(f"field-{field.key}", "") for field in defined}
        try:
            changed = fields.set_field_values(user=request.user, asset=asset, values=values)
            messages.success(request, f"Saved {len(changed)} field{'s' * (len(changed) != 1)}.")
            return _back(request, kind, asset)
        except fields.FieldError as exc:
            messages.error(request, str(exc))
    rows = [{"field": field, "value": values.get(field.key, "")} for field in defined]
    return render(
        request,
        "governance/asset_fields.html",
        {"asset": asset, "kind": kind, "label": label(asset), "url": asset_url(kind, asset), "rows": rows},
    )

"""Governance pages: the PII review queue, the audit log, and what asset pages show of PII."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from governance import selectors
from governance.assets import access_asset, describe_many, kind_of
from governance.assets import url as asset_url
from governance.models import AuditEvent, PiiClassification, Tag, TrustFlag
from governance.pii import KINDS
from governance.selectors import review_queue
from governance.services import stewards, tags, trust
from governance.services.pii import REVIEW, PiiDecisionError, decide_many

MAX_BULK = 500


def pii_property(column):
    found = PiiClassification.objects.filter(column=column).first()
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
    rows = selectors.tags_of(context["kind"], asset)
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
    context |= {
        "stewards": found["users"],
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
    try:
        if request.POST.get("action") == "remove":
            stewards.remove_steward(user=request.user, asset=asset, username=username)
            messages.success(request, f"{username} no longer stewards it.")
        else:
            stewards.add_steward(user=request.user, asset=asset, username=username)
            messages.success(request, f"{username} stewards it now.")
    except trust.TrustError as exc:
        messages.error(request, str(exc))
    return _back(request, kind, asset)

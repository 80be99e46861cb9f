"""Governance pages: the PII review queue, the audit log, and what asset pages show of PII."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from governance.models import AuditEvent, PiiClassification
from governance.pii import KINDS
from governance.selectors import review_queue
from governance.services.pii import REVIEW, PiiDecisionError, decide

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
    done = 0
    for classification in PiiClassification.objects.filter(pk__in=ids).select_related(
        "column__table__schema"
    ):
        try:
            decide(user=request.user, classification=classification, accept=action == "accept", kind=kind)
            done += 1
        except PiiDecisionError as exc:
            messages.error(request, str(exc))
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

"""Glossary pages: the A–Z list with a search box, a term, writing and editing terms, linking
tables and columns, and the "Glossary terms" panel of asset pages. Thin: the services check who
may write, the selectors read through the catalog's visibility helpers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import selectors
from governance.assets import kind_of
from governance.models import MAX_DEFINITION, MAX_SYNONYM, MAX_TERM_NAME, GlossaryTerm
from governance.services import glossary as service

PAGE_SIZE = 200


def glossary_panel(request, asset):
    """ "Glossary terms" on a table's or column's page: one query; left out when no term links it."""
    kind = kind_of(asset)
    terms = list(selectors.terms_for_asset(kind, asset.pk))
    return {"terms": terms, "asset_kind": kind} if terms else None


def _term(request, pk) -> GlossaryTerm:
    terms = GlossaryTerm.objects.visible_to(request.user).prefetch_related("stewards")
    return get_object_or_404(terms.select_related("created_by", "updated_by"), pk=pk)


@require_safe
def glossary_list(request):
    q = request.GET.get("q", "")[:MAX_TERM_NAME]
    letter = request.GET.get("letter", "")[:1]
    terms = selectors.glossary_terms(request.user, q=q, letter=letter)
    page = Paginator(terms, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "letter": letter.upper(),
        "letters": selectors.glossary_letters(),
        "can_create": service.can_create(request.user),
    }
    return render(request, "governance/glossary_list.html", context)


@require_safe
def term_page(request, pk):
    term = _term(request, pk)
    context = {
        "term": term,
        "stewards": list(term.stewards.all()),
        "assets": selectors.term_assets(term, request.user),
        "can_edit": service.can_edit(request.user, term),
    }
    return render(request, "governance/glossary_term.html", context)


def _form(request, term, form, errors, status=200):
    bounds = {"name": MAX_TERM_NAME, "definition": MAX_DEFINITION, "synonym": MAX_SYNONYM}
    return render(
        request,
        "governance/glossary_form.html",
        {"term": term, "form": form, "errors": errors, "bounds": bounds},
        status=status,
    )


def _posted(request) -> dict:
    return {
        "name": request.POST.get("name", ""),
        "definition": request.POST.get("definition", ""),
        "synonyms": request.POST.get("synonyms", ""),
        "stewards": request.POST.get("stewards", ""),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def term_new(request):
    if not service.can_create(request.user):
        raise PermissionDenied("You need the Steward role to add glossary terms.")
    if request.method != "POST":
        return _form(request, None, {"stewards": request.user.get_username()}, [])
    data = _posted(request)
    try:
        term = service.term_create(user=request.user, **data)
    except service.GlossaryError as exc:
        return _form(request, None, data, [exc.message], 400)
    messages.success(request, f"Added {term.name} to the glossary.")
    return redirect("governance-glossary-term", pk=term.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def term_edit(request, pk):
    term = _term(request, pk)
    if not service.can_edit(request.user, term):
        raise PermissionDenied("Only the term's stewards (or an admin) may change it.")
    if request.method != "POST":
        form = {
            "name": term.name,
            "definition": term.definition,
            "synonyms": ", ".join(term.synonyms),
            "stewards": " ".join(p.get_username() for p in term.stewards.all()),
        }
        return _form(request, term, form, [])
    data = _posted(request)
    try:
        service.term_update(user=request.user, term=term, **data)
    except service.GlossaryError as exc:
        return _form(request, term, data, [exc.message], 400)
    messages.success(request, "Saved.")
    return redirect("governance-glossary-term", pk=term.pk)


@require_POST
def term_delete(request, pk):
    term = _term(request, pk)
    name = term.name
    service.term_delete(user=request.user, term=term)
    messages.success(request, f"Deleted {name} from the glossary.")
    return redirect("governance-glossary")


@require_POST
def term_links(request, pk):
    """Link a table or column named `schema.table[.column]`, or unlink one by kind and id."""
    term = _term(request, pk)
    if not service.can_edit(request.user, term):
        raise PermissionDenied("Only the term's stewards (or an admin) may change it.")
    try:
        if request.POST.get("action") == "unlink":
            kind = request.POST.get("kind", "")
            if service.unlink_asset(user=request.user, term=term, kind=kind, asset_id=request.POST.get("id")):
                messages.success(request, f"Unlinked the {kind}.")
        else:
            name = request.POST.get("asset", "").strip()
            found = selectors.resolve_asset_name(request.user, name)
            if found is None:
                raise service.GlossaryError("assets", f"No table or column named {name[:200]!r}.")
            if service.link_asset(user=request.user, term=term, kind=found[0], asset_id=found[1]):
                messages.success(request, f"Linked {name}.")
    except service.GlossaryError as exc:
        messages.error(request, exc.message)
    return redirect("governance-glossary-term", pk=term.pk)

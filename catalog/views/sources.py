from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from catalog.access import access_source
from catalog.connectors import ConnectorError
from catalog.extensions import SOURCE
from catalog.forms import DescriptionForm, SourceForm
from catalog.models import Column, DataSource, Schema, Table
from catalog.permissions import MANAGE_SOURCES
from catalog.services.connections import safe_message, test_connection, url_without_password
from catalog.services.crawl import crawl_request
from catalog.services.sources import SourceError, source_delete, source_save, stored_password_for
from catalog.views.asset_page import side_column


@require_safe
def source_list(request):
    sources = DataSource.objects.visible_to(request.user).annotate(
        table_count=Count("tables", filter=Q(tables__removed_at__isnull=True, tables__hidden=False))
    )
    return render(request, "catalog/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = access_source(request.user, slug)
    schemas = source.schemas.present().annotate(
        table_count=Count("tables", filter=Q(tables__removed_at__isnull=True, tables__hidden=False))
    )
    runs = list(source.crawl_runs.select_related("triggered_by")[:20])
    # Crawls are numbered per source (its first crawl is #1), not by the id shared by all sources.
    total = source.crawl_runs.count()
    for offset, run in enumerate(runs):
        run.number = total - offset
    active = next((run for run in runs if run.is_active), None)
    context = {
        "source": source,
        "schemas": schemas,
        "runs": runs,
        "active_run": active,
        "description_form": DescriptionForm(initial={"description": source.description}),
    }
    context.update(side_column(request, source, SOURCE))
    return render(request, "catalog/source_detail.html", context)


@permission_required(MANAGE_SOURCES, raise_exception=True)
def source_edit(request, slug=None):
    """Add (no slug) or edit a source; the "Test connection" button checks without saving."""
    source = access_source(request.user, slug) if slug else None
    form = SourceForm.for_source(source, request.POST or None) if source else SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "test" in request.POST:
                _test(request, data["url"], data["password"] or stored_password_for(source, data["url"]))
            else:
                source = source_save(source=source, user=request.user, **data)
                messages.success(request, f"Saved {source.name}. Crawl it to fill the catalog.")
                return redirect("source-detail", slug=source.slug)
        except SourceError as exc:
            message = safe_message(exc.message, data["url"], data["password"])
            form.add_error(exc.field if exc.field in form.fields else None, message)
    if form.is_bound:  # shown again: never with the password typed into the URL
        form.data = form.data.copy()
        form.data["url"] = url_without_password(form.data.get("url", ""))
    return render(request, "catalog/source_form.html", {"form": form, "source": source})


@permission_required(MANAGE_SOURCES, raise_exception=True)
def source_delete_page(request, slug):
    """Say what deleting the source removes, and delete it once its name is typed back."""
    source = access_source(request.user, slug)
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip() != source.name:
            messages.error(request, "Not deleted: type the source's name exactly to confirm.")
        else:
            name = source.name
            source_delete(source=source, user=request.user)
            messages.success(request, f"Deleted {name} and everything crawled from it.")
            return redirect("source-list")
    return render(request, "catalog/source_delete.html", {"source": source, "doomed": _doomed(source)})


def _doomed(source: DataSource) -> dict:
    tables = Table.objects.filter(source=source)
    columns = Column.objects.filter(table__source=source)
    return {
        "schemas": Schema.objects.filter(source=source).count(),
        "tables": tables.count(),
        "columns": columns.count(),
        "described": tables.exclude(description="").count() + columns.exclude(description="").count(),
        "crawls": source.crawl_runs.count(),
    }


def _test(request, url, password):
    try:
        test_connection(url, password)
    except ConnectorError as exc:
        messages.error(request, f"Connection failed: {safe_message(exc.message, url, password)}")
    else:
        messages.success(request, "Connection succeeded.")


@require_POST
@permission_required(MANAGE_SOURCES, raise_exception=True)
def source_crawl(request, slug):
    source = access_source(request.user, slug)
    run, created = crawl_request(source=source, user=request.user)
    run.refresh_from_db()
    if not created:
        messages.info(request, f"A crawl of {source.name} is already {run.status}.")
    elif run.status == run.Status.FAILED:
        messages.error(request, f"The crawl failed: {run.error}")
    elif run.status == run.Status.SUCCEEDED:
        messages.success(request, f"Crawled {source.name}.")
    else:
        messages.info(request, f"Crawl of {source.name} queued.")
    return redirect("source-detail", slug=source.slug)

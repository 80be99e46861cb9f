from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalog.access import access_schema, access_table, access_table_sample
from catalog.forms import AnnotationForm
from catalog.models import Column
from catalog.panels import table_tab, table_tabs
from catalog.services.annotations import AnnotationError, asset_annotate


def schema_detail(request, pk):
    schema = access_schema(request.user, pk)
    tables = (
        schema.tables.present()
        .annotate(column_count=Count("columns", filter=Q(columns__removed_at__isnull=True)))
        .order_by("name")
    )
    return render(request, "catalog/schema_detail.html", {"schema": schema, "tables": tables})


def table_detail(request, pk, tab="overview"):
    tab_spec = table_tab(tab)
    if tab_spec is None:
        raise Http404("No such tab.")
    table = access_table(request.user, pk)
    context = {
        "table": table,
        "tab": tab_spec,
        "tabs": table_tabs(),
        "annotation_form": AnnotationForm(initial={"title": table.title, "description": table.description}),
        "column_count": table.columns.filter(removed_at__isnull=True).count(),
    }
    if tab_spec.context:
        context.update(tab_spec.context(request, table))
    return render(request, "catalog/table_detail.html", context)


def columns_context(request, table):
    columns = table.columns.filter(removed_at__isnull=True).select_related("profile").order_by("position")
    return {"columns": columns}


def overview_context(request, table):
    constraints = table.constraints.select_related("ref_table").all()
    return {"constraints": constraints}


def samples_context(request, table):
    sample = access_table_sample(request.user, table)
    return {"sample": sample if sample["columns"] else None}


def history_context(request, table):
    return {"changes": table.changes.select_related("crawl_run")[:200]}


@require_POST
@permission_required("catalog.annotate_catalog", raise_exception=True)
def table_annotate(request, pk):
    table = access_table(request.user, pk)
    form = AnnotationForm(request.POST)
    if form.is_valid():
        asset_annotate(asset=table, user=request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
    else:
        messages.error(
            request, "Not saved: " + "; ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("table-detail", pk=table.pk)


@require_POST
@permission_required("catalog.annotate_catalog", raise_exception=True)
def column_annotate(request, pk):
    column = get_object_or_404(Column.objects.select_related("table"), pk=pk)
    access_table(request.user, column.table_id)
    _annotate(request, column, AnnotationForm(request.POST))
    return redirect(reverse("table-tab", args=[column.table_id, "columns"]) + f"#column-{column.pk}")


def _annotate(request, asset, form) -> None:
    if not form.is_valid():
        messages.error(
            request, "Not saved: " + "; ".join(e for errors in form.errors.values() for e in errors)
        )
        return
    try:
        asset_annotate(asset=asset, user=request.user, **form.cleaned_data)
    except AnnotationError as exc:
        messages.error(request, f"Not saved: {exc.message}")
    else:
        messages.success(request, f"Saved {asset.name}.")

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from catalog.access import access_column, access_schema, access_source, access_table, access_table_sample
from catalog.extensions import COLUMN, SCHEMA, TABLE, tab_for
from catalog.forms import AnnotationForm, DescriptionForm
from catalog.listing import count_columns
from catalog.masking import mask_column_profiles
from catalog.permissions import ANNOTATE
from catalog.services.annotations import AnnotationError, asset_annotate
from catalog.views.asset_page import side_column, tab_links

SCHEMA_PAGE_TABLES = 100


@require_safe
def schema_detail(request, pk):
    """A schema and its tables, a page at a time: a schema of a few hundred tables rendered whole
    took longer to draw than every query of the page together."""
    schema = access_schema(request.user, pk)
    page = Paginator(schema.tables.present().order_by("name", "id"), SCHEMA_PAGE_TABLES).get_page(
        request.GET.get("page")
    )
    # Columns are counted for the tables on the page only.
    count_columns(page)
    context = {
        "schema": schema,
        "page": page,
        "annotation_form": AnnotationForm(initial={"title": schema.title, "description": schema.description}),
        **side_column(request, schema, SCHEMA),
    }
    return render(request, "catalog/schema_detail.html", context)


@require_safe
def table_detail(request, pk, tab="overview"):
    tab_spec = tab_for(TABLE, tab)
    if tab_spec is None:
        raise Http404("No such tab.")
    table = access_table(request.user, pk)
    # The tab first: the Overview and Columns tabs read the columns, which counts them for Properties.
    tab_context = tab_spec.context(request, table) if tab_spec.context else {}
    context = {
        "table": table,
        "tab": tab_spec,
        "tabs": tab_links(table, TABLE, tab, "table-tab"),
        "annotation_form": AnnotationForm(initial={"title": table.title, "description": table.description}),
        "column_count": present_column_count(table),
        "last_crawled_at": table.last_crawl_time(),
        **side_column(request, table, TABLE),
        **tab_context,
    }
    return render(request, "catalog/table_detail.html", context)


def present_column_count(table) -> int:
    """Counted once per table object: the page shows it in Properties and on the Columns tab."""
    if not hasattr(table, "_present_column_count"):
        table._present_column_count = table.columns.filter(removed_at__isnull=True).count()
    return table._present_column_count


def present_columns(table) -> list:
    """The table's present columns with their profiles, in order; their number is kept for
    present_column_count, so a tab that reads them spares Properties its count."""
    columns = list(
        table.columns.filter(removed_at__isnull=True).select_related("profile").order_by("position")
    )
    table._present_column_count = len(columns)
    return columns


def columns_context(request, table):
    columns = present_columns(table)
    mask_column_profiles(request.user, columns)
    return {"columns": columns}


@require_safe
def column_detail(request, pk):
    """A column's own page: where it lives, its description, type and profile, and what apps add
    (lineage of the column, where it is used, tags) through the side column."""
    column = access_column(request.user, pk)
    columns = [column]
    mask_column_profiles(request.user, columns)
    context = {
        "column": column,
        "table": column.table,
        "profile": getattr(column, "profile", None),
        "annotation_form": AnnotationForm(initial={"title": column.title, "description": column.description}),
        "changes": column.table.changes.filter(column_name=column.name).select_related("changed_by")[:50],
        **side_column(request, column, COLUMN),
    }
    return render(request, "catalog/column_detail.html", context)


OVERVIEW_COLUMNS = 6
OVERVIEW_SAMPLE_ROWS = 5


def overview_context(request, table):
    """The seed's Overview: description, a few key columns with types and profiles, a small
    sample of those columns (masked like the Samples tab), and the keys."""
    constraints = list(table.constraints.select_related("ref_table").all())
    columns = present_columns(table)
    keyed = {name for constraint in constraints for name in constraint.columns}
    ranked = sorted(
        columns,
        key=lambda c: (
            not c.is_primary_key,
            c.name not in keyed,
            not (c.description or c.comment),
            c.position,
        ),
    )
    chosen = sorted(ranked[:OVERVIEW_COLUMNS], key=lambda c: c.position)
    mask_column_profiles(request.user, chosen)
    sample = access_table_sample(request.user, table)
    positions = [sample["columns"].index(c.name) for c in chosen if c.name in sample["columns"]]
    return {
        "constraints": constraints,
        "key_columns": chosen,
        "column_total": len(columns),
        "sample_columns": [sample["columns"][i] for i in positions],
        "sample_rows": [[row[i] for i in positions] for row in sample["rows"][:OVERVIEW_SAMPLE_ROWS]],
    }


def samples_context(request, table):
    sample = access_table_sample(request.user, table)
    return {"sample": sample if sample["columns"] else None}


def history_context(request, table):
    return {"changes": table.changes.select_related("changed_by")[:200]}


@require_POST
@permission_required(ANNOTATE, raise_exception=True)
def table_annotate(request, pk):
    table = access_table(request.user, pk)
    _annotate(request, table, AnnotationForm(request.POST))
    return redirect("table-detail", pk=table.pk)


@require_POST
@permission_required(ANNOTATE, raise_exception=True)
def schema_annotate(request, pk):
    schema = access_schema(request.user, pk)
    _annotate(request, schema, AnnotationForm(request.POST))
    return redirect("schema-detail", pk=schema.pk)


@require_POST
@permission_required(ANNOTATE, raise_exception=True)
def source_annotate(request, slug):
    source = access_source(request.user, slug)
    _annotate(request, source, DescriptionForm(request.POST))
    return redirect("source-detail", slug=source.slug)


@require_POST
@permission_required(ANNOTATE, raise_exception=True)
def column_annotate(request, pk):
    column = access_column(request.user, pk)
    _annotate(request, column, AnnotationForm(request.POST))
    if request.POST.get("next") == "column":
        return redirect("column-detail", pk=column.pk)
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

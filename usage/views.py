"""Usage pages: the table tabs and panel, a query's page, a person's page, the log upload, and
saved queries (list, page, create, edit, delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from catalog.access import access_source
from catalog.models import DataSource, Table
from usage import selectors
from usage.forms import LogUploadForm, SavedQueryForm
from usage.highlight import highlight
from usage.models import IngestionRun, QueryShape
from usage.services.ingest import INGEST, IngestError, ingest_log
from usage.services.saved import (
    SAVE,
    SavedQueryError,
    dialect_of,
    may_edit,
    saved_query_create,
    saved_query_delete,
    saved_query_update,
)

SAVED_ON_QUERIES = 10


def query_count(table) -> int:
    return selectors.table_tab_counts(table)["queries"]


def join_count(table) -> int:
    return selectors.table_tab_counts(table)["joins"]


def filter_count(table) -> int:
    return selectors.table_tab_counts(table)["filters"]


def queries_tab(request, table) -> dict:
    return {"queries": selectors.table_queries(table), "saved_queries": selectors.table_saved_queries(table)}


def joins_tab(request, table) -> dict:
    return {"joins": selectors.table_joins(table)}


def filters_tab(request, table) -> dict:
    return {"filters": selectors.table_filters(table)}


def top_users_panel(request, table) -> dict | None:
    users = selectors.top_users(table)
    if not users:
        return None
    popularity = selectors.popularity([table.pk]).get(table.pk, {"users": 0, "executions": 0})
    top = users[0]["executions"]
    for user in users:
        user["share"] = round(100 * user["executions"] / top) if top else 0
    return {"users": users, "popularity": popularity}


def popularity_signals(table_ids) -> dict:
    return {
        pk: {"signals": {"popularity": found["users"]}}
        for pk, found in selectors.popularity(table_ids).items()
    }


def _visible_shapes(user):
    return QueryShape.objects.filter(source__in=DataSource.objects.visible_to(user))


@require_safe
def query_list(request):
    shapes = (
        _visible_shapes(request.user).filter(parseable=True).select_related("source").order_by("-executions")
    )
    page = Paginator(shapes, 50).get_page(request.GET.get("page"))
    runs = IngestionRun.objects.filter(source__in=DataSource.objects.visible_to(request.user)).select_related(
        "source"
    )[:10]
    saved = selectors.saved_queries_visible(request.user)
    return render(
        request,
        "usage/query_list.html",
        {"page": page, "runs": runs, "saved": saved[:SAVED_ON_QUERIES], "saved_count": saved.count()},
    )


@require_safe
def query_detail(request, pk):
    shape = _visible_shapes(request.user).select_related("source").filter(pk=pk).first()
    if shape is None:
        raise Http404("No such query.")
    tables = Table.objects.filter(pk__in=shape.tables.values("table_id")).select_related("schema")
    users = selectors.shape_users(shape)
    return render(request, "usage/query_detail.html", {"shape": shape, "tables": tables, "users": users})


@require_safe
def user_page(request, name):
    activity = selectors.user_activity(name)
    if not activity["executions"]:
        raise Http404("No queries by this user.")
    return render(request, "usage/user.html", {"name": name, **activity})


@require_http_methods(["GET", "POST"])
@permission_required(INGEST, raise_exception=True)
def upload(request):
    form = LogUploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = access_source(request.user, form.cleaned_data["source"].slug)
        log = form.cleaned_data["log"]
        fmt = form.cleaned_data["format"] or ("csv" if log.name.lower().endswith(".csv") else "jsonl")
        try:
            run = ingest_log(source=source, stream=log.file, fmt=fmt, user=request.user, name=log.name)
        except IngestError as exc:
            form.add_error("log", str(exc))
        else:
            messages.success(request, run.message)
            return redirect("usage-queries")
    return render(request, "usage/upload.html", {"form": form})


# --- saved queries ----------------------------------------------------------------------------------


@require_safe
def saved_list(request):
    saved = selectors.saved_queries_visible(request.user).order_by("-updated_at", "-id")
    source = request.GET.get("source")
    if source:
        saved = saved.filter(source__slug=source[:100])
    page = Paginator(saved, 50).get_page(request.GET.get("page"))
    return render(request, "usage/saved_list.html", {"page": page, "source": source})


@require_safe
def saved_detail(request, pk):
    saved = selectors.access_saved_query(request.user, pk)
    return render(
        request,
        "usage/saved_detail.html",
        {
            "saved": saved,
            "sql_html": highlight(saved.formatted_sql or saved.sql, dialect_of(saved.source)),
            "tables": selectors.saved_query_tables(saved),
            "may_edit": may_edit(request.user, saved),
        },
    )


def _form_errors(form, exc: SavedQueryError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@permission_required(SAVE, raise_exception=True)
def saved_create(request):
    initial = {}
    shape_id = request.GET.get("from", "")
    if shape_id.isdigit():  # "Save this query" on a logged query's page
        shape = _visible_shapes(request.user).select_related("source").filter(pk=int(shape_id)).first()
        if shape:
            initial = {"source": shape.source.slug, "sql": shape.sql, "default_schema": shape.default_schema}
    form = SavedQueryForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = saved_query_create(
                user=request.user,
                source=access_source(request.user, data["source"].slug),
                title=data["title"],
                description=data["description"],
                sql=data["sql"],
                default_schema=data["default_schema"],
            )
        except SavedQueryError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Query saved.")
            return redirect("usage-saved", saved.pk)
    return render(request, "usage/saved_form.html", {"form": form, "saved": None})


@require_http_methods(["GET", "POST"])
@permission_required(SAVE, raise_exception=True)
def saved_edit(request, pk):
    saved = selectors.access_saved_query(request.user, pk)
    if not may_edit(request.user, saved):
        raise PermissionDenied("Only its author or a steward edits a saved query.")
    initial = {"source": saved.source.slug, "title": saved.title, "description": saved.description,
               "sql": saved.sql, "default_schema": saved.default_schema}  # fmt: skip
    form = SavedQueryForm(request.user, request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved_query_update(
                user=request.user,
                saved=saved,
                title=data["title"],
                description=data["description"],
                sql=data["sql"],
                default_schema=data["default_schema"],
            )
        except SavedQueryError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Saved query updated.")
            return redirect("usage-saved", saved.pk)
    return render(request, "usage/saved_form.html", {"form": form, "saved": saved})


@require_http_methods(["POST"])
@permission_required(SAVE, raise_exception=True)
def saved_delete(request, pk):
    saved = selectors.access_saved_query(request.user, pk)
    title = saved.title
    saved_query_delete(user=request.user, saved=saved)
    messages.success(request, f"Deleted the saved query “{title}”.")
    return redirect("usage-saved-list")

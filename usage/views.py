"""Usage pages: the table tabs and panel, a query's page, a person's page, the log upload."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from catalog.access import access_source
from catalog.models import DataSource, Table
from usage import selectors
from usage.forms import LogUploadForm
from usage.models import IngestionRun, QueryShape
from usage.services.ingest import INGEST, IngestError, ingest_log


def query_count(table) -> int:
    return selectors.table_query_count(table)


def join_count(table) -> int:
    return selectors.table_join_count(table)


def filter_count(table) -> int:
    return selectors.table_filter_count(table)


def queries_tab(request, table) -> dict:
    return {"queries": selectors.table_queries(table)}


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
    return render(request, "usage/query_list.html", {"page": page, "runs": runs})


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

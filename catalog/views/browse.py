from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalog.filters import TableFilter
from catalog.listing import TablesInOrder
from catalog.models import CrawlRun, DataSource, Table


@require_safe
def home(request):
    """What the catalog holds: sources, tables, and what crawls found lately."""
    tables = Table.objects.visible_to(request.user).present()
    runs = CrawlRun.objects.visible_to(request.user)
    context = {
        "source_count": DataSource.objects.visible_to(request.user).count(),
        "table_count": tables.count(),
        "recent_runs": runs.select_related("source").order_by("-queued_at")[:8],
        "recent_tables": tables.select_related("schema", "source").order_by("-first_seen_at")[:8],
    }
    return render(request, "catalog/home.html", context)


@require_safe
def browse(request):
    tables = Table.objects.visible_to(request.user).select_related("schema", "source")
    filterset = TableFilter(request.GET, queryset=tables)
    page = Paginator(TablesInOrder(filterset.qs), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/browse.html",
        {"filter": filterset, "page": page, "sources": DataSource.objects.visible_to(request.user)},
    )

"""The search results page: thin; catalog.search does the work."""

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from catalog.search import SearchParams, search
from catalog.search.ranking import EXACT
from catalog.search.registry import multi_facets

FACET_GROUPS = [("type", "Asset type"), ("source", "Source"), ("schema", "Schema")]


def _url(query: QueryDict, *, toggle: tuple[str, str] | None = None, set_: dict | None = None) -> str:
    params = query.copy()
    params.pop("page", None)
    if toggle:
        key, value = toggle
        values = [v for v in params.getlist(key) if v != value]
        if value not in params.getlist(key):
            values.append(value)
        params.setlist(key, values)
    for key, value in (set_ or {}).items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


def _goes_straight(q: str, results) -> bool:
    """A fully qualified name (ipps.summ_top_drg, source/schema.table) that names one asset."""
    q = q.strip()
    hits = results.hits
    if not q or not ("." in q or "/" in q) or " " in q or not hits or hits[0].tier != EXACT:
        return False
    return len(hits) == 1 or hits[1].tier != EXACT


def _grouped(hits) -> list[dict]:
    """Hits in rank order, with later columns of a table already listed folded under its first
    column hit ("also in this table"), so a table's columns do not fill the page one by one."""
    rows, leads = [], {}
    for hit in hits:
        key = (
            (hit.doc.source_id, hit.doc.qualified_name.rpartition(".")[0])
            if hit.doc.asset_type == "column"
            else None
        )
        if key is not None and key in leads:
            leads[key]["also"].append(hit)
            continue
        row = {"hit": hit, "also": []}
        if key is not None:
            leads[key] = row
        rows.append(row)
    return rows


@require_safe
def search_page(request):
    params = SearchParams.from_query_dict(request.GET)
    results = search(request.user, params)
    if params.page == 1 and not request.GET.get("all") and _goes_straight(params.q, results):
        return redirect(results.hits[0].doc.url)
    query = request.GET
    tabs = [
        {
            "label": "Everything",
            "count": None,
            "url": _url(query, set_={"type": None}),
            "selected": not params.types,
        }
    ]
    tabs += [
        {
            "label": c.label,
            "count": c.count,
            "url": _url(query, set_={"type": c.value}),
            "selected": c.selected,
        }
        for c in results.categories
    ]
    groups = FACET_GROUPS + [(facet.key, facet.label) for facet in multi_facets()]
    facets = [
        {
            "key": key,
            "label": label,
            "values": [
                {"value": v, "url": _url(query, toggle=(key, v.value))} for v in results.facets.get(key, [])
            ],
        }
        for key, label in groups
        if results.facets.get(key)
    ]
    selected_label = next((c.label for c in results.categories if c.selected), None)
    context = {
        "results": results,
        "rows": _grouped(results.hits),
        "q": params.q,
        "tabs": tabs,
        "facets": facets,
        "showing": selected_label or "everything",
        "previous_url": _url(query, set_={"page": str(params.page - 1)}) if params.page > 1 else None,
        "next_url": _url(query, set_={"page": str(params.page + 1)}) if params.page < results.pages else None,
        "removed_url": _url(query, set_={"removed": None if params.removed else "1"}),
    }
    return render(request, "search/results.html", context)

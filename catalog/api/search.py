"""Search API: ranked hits with facet counts, and autocomplete. Thin: catalog.search does the work."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.search import SearchParams, autocomplete, search


class SearchSourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class HitSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc.asset_type")
    type_label = serializers.CharField()
    category = serializers.CharField(source="doc.category")
    id = serializers.IntegerField(source="doc.object_id")
    name = serializers.CharField(source="doc.name")
    title = serializers.CharField(source="doc.title")
    qualified_name = serializers.CharField(source="doc.qualified_name")
    url = serializers.CharField(source="doc.url")
    source = serializers.SerializerMethodField()
    schema = serializers.CharField(source="doc.schema_name")
    path = serializers.CharField()
    snippet = serializers.CharField(
        source="snippet_html", help_text="HTML: escaped text with <mark> around matches."
    )
    facets = serializers.DictField(
        source="doc.facets",
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Values of the facets apps register (tag, trust…), by facet.",
    )
    signals = serializers.DictField(
        source="doc.signals", help_text="Values of the ranking signals apps register, by signal."
    )
    removed = serializers.BooleanField(source="doc.removed")
    score = serializers.FloatField()
    exact = serializers.SerializerMethodField()
    fuzzy = serializers.BooleanField()
    explanation = serializers.ListField(source="reasons", child=serializers.CharField())

    def get_source(self, hit) -> dict | None:
        return _source(hit)

    def get_exact(self, hit) -> bool:
        return hit.tier > 0


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    fuzzy = serializers.BooleanField()
    categories = FacetValueSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    results = HitSerializer(many=True)


class SuggestionSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc.asset_type")
    type_label = serializers.CharField()
    name = serializers.CharField(source="doc.name")
    title = serializers.CharField(source="doc.title")
    qualified_name = serializers.CharField(source="doc.qualified_name")
    path = serializers.CharField()
    url = serializers.CharField(source="doc.url")
    source = serializers.CharField(
        source="doc.source.slug", default="", help_text="The slug of the asset's source ('' for none)."
    )
    badges = serializers.SerializerMethodField(
        help_text="Values of the facets apps show on hits (trust flags, tags): [{facet, value}]."
    )

    def get_badges(self, hit) -> list[dict[str, str]]:
        return [{"facet": key, "value": value} for key, value in hit.badges]


def _source(hit) -> dict | None:
    doc = hit.doc
    return {"slug": doc.source.slug, "name": doc.source.name} if doc.source_id else None


def hit_data(hit) -> dict:
    """What HitSerializer says, built directly: a page of 20 hits is 400 fields, and DRF's
    per-field machinery cost more than the search's SQL."""
    doc = hit.doc
    return {
        "type": str(doc.asset_type),
        "type_label": str(hit.type_label),
        "category": str(doc.category),
        "id": int(doc.object_id),
        "name": str(doc.name),
        "title": str(doc.title),
        "qualified_name": str(doc.qualified_name),
        "url": str(doc.url),
        "source": _source(hit),
        "schema": str(doc.schema_name),
        "path": str(hit.path),
        "snippet": str(hit.snippet_html),
        "facets": {str(key): [str(v) for v in values] for key, values in doc.facets.items()},
        "signals": {str(key): value for key, value in doc.signals.items()},
        "removed": bool(doc.removed),
        "score": float(hit.score),
        "exact": hit.tier > 0,
        "fuzzy": bool(hit.fuzzy),
        "explanation": [str(reason) for reason in hit.reasons],
    }


def facet_data(value) -> dict:
    return {
        "value": str(value.value),
        "label": str(value.label),
        "count": int(value.count),
        "selected": bool(value.selected),
    }


def suggestion_data(hit) -> dict:
    """What SuggestionSerializer says, built directly (see hit_data)."""
    doc = hit.doc
    return {
        "type": str(doc.asset_type),
        "type_label": str(hit.type_label),
        "name": str(doc.name),
        "title": str(doc.title),
        "qualified_name": str(doc.qualified_name),
        "path": str(hit.path),
        "url": str(doc.url),
        "source": str(doc.source.slug) if doc.source_id else "",
        "badges": [{"facet": key, "value": value} for key, value in hit.badges],
    }


LIST_HELP = (
    "Repeat the parameter or separate values with commas; values of one facet are OR-ed, facets AND-ed."
)


class SearchView(APIView):
    """Ranked hits for `q` with facet counts. Exact and qualified names rank first."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words, a name, schema.table or source/schema.table."),
            OpenApiParameter("type", str, many=True, description=f"Category or asset type. {LIST_HELP}"),
            OpenApiParameter("source", str, many=True, description=f"Source slug. {LIST_HELP}"),
            OpenApiParameter("schema", str, many=True),
            OpenApiParameter("removed", bool, description="Include removed assets (ranked lower)."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 50."),
        ],
        responses=SearchResponseSerializer,
    )
    def get(self, request):
        # Facets registered by apps filter by their key (?tag=pii&trust=endorsed), like the page.
        params = SearchParams.from_query_dict(request.query_params)
        results = search(request.user, params)
        return Response(
            {
                "query": results.query.raw,
                "count": results.total,
                "page": params.page,
                "page_size": params.page_size,
                "fuzzy": results.fuzzy,
                "categories": [facet_data(value) for value in results.categories],
                "facets": {key: [facet_data(v) for v in values] for key, values in results.facets.items()},
                "results": [hit_data(hit) for hit in results.hits],
            }
        )


class AutocompleteView(APIView):
    """The best few assets for what is typed so far, for the search box."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("limit", int, description="1-20, default 8"),
        ],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request):
        try:
            limit = min(max(int(request.query_params.get("limit", 8)), 1), 20)
        except ValueError:
            limit = 8
        hits = autocomplete(request.user, request.query_params.get("q", ""), limit=limit)
        return Response([suggestion_data(hit) for hit in hits])

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
        doc = hit.doc
        return {"slug": doc.source.slug, "name": doc.source.name} if doc.source_id else None

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
                "categories": FacetValueSerializer(results.categories, many=True).data,
                "facets": {key: FacetValueSerializer(v, many=True).data for key, v in results.facets.items()},
                "results": HitSerializer(results.hits, many=True).data,
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
        return Response(SuggestionSerializer(hits, many=True).data)

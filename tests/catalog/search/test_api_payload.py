"""The search API builds its payload without DRF's per-field machinery (catalog.api.search): it
must say exactly what the documented serializers say."""

import pytest

from catalog.api.search import (
    FacetValueSerializer,
    HitSerializer,
    SuggestionSerializer,
    facet_data,
    hit_data,
    suggestion_data,
)
from catalog.search import SearchParams, autocomplete, search
from tests.catalog.search.conftest import set_signals

pytestmark = pytest.mark.django_db


def test_hits_facets_and_suggestions_match_their_serializers(viewer, catalog, app_signals):
    set_signals(
        catalog.payments_daily, signals={"popularity": 5, "trust": ["endorsed"]}, facets={"tag": ["pii"]}
    )
    results = search(viewer, SearchParams(q="payments"))
    assert results.hits
    assert [hit_data(hit) for hit in results.hits] == HitSerializer(results.hits, many=True).data
    values = results.categories + [v for values in results.facets.values() for v in values]
    assert [facet_data(v) for v in values] == FacetValueSerializer(values, many=True).data
    hits = autocomplete(viewer, "pay")
    assert hits
    assert [suggestion_data(hit) for hit in hits] == SuggestionSerializer(hits, many=True).data

"""Autocomplete ranks the exactly named assets and the other assets whose names hold the words in
one query (catalog.search.query.autocomplete): the suggestions must be the ones ranking each set
apart and merging gives, on both backends, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.search import autocomplete, index_source, query
from catalog.search.backends import get_backend
from catalog.search.text import parse_query
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="typist")


def _ranked_apart(user, q, limit=8):
    """The suggestions as ranking the exact names, then the other assets' names, then filling with
    columns gives (what autocomplete did in three queries)."""
    backend, parsed = get_backend(), parse_query(q)
    base = query._base(user, query._visible_sources(user), removed=False)
    relevance = query._relevance(backend, parsed)

    def best(queryset, n, found=()):
        queryset = queryset.exclude(id__in=list(found)) if found else queryset
        return query._hits(user, query._Match(queryset, relevance, query=parsed), queryset, parsed, 0, n)

    found = {hit.doc.id: hit for hit in best(base.filter(query._exact(parsed)), limit)}
    assets = backend.match_names(base.exclude(asset_type="column"), parsed)
    found.update((hit.doc.id, hit) for hit in best(assets, limit, found))
    hits = sorted(found.values(), key=lambda hit: (-hit.score, hit.doc.name_key, hit.doc.id))[:limit]
    if len(hits) < limit:
        columns = backend.match_names(base.filter(asset_type="column"), parsed)
        hits += best(columns, limit - len(hits), [hit.doc.id for hit in hits])
    return [(hit.doc.id, round(hit.score, 9)) for hit in hits]


@pytest.mark.parametrize(
    "q, limit",
    [
        ("pay", 8),  # assets only: a table named so, others holding the prefix
        ("payments", 8),  # an exact table name among prefix matches
        ("payments", 2),
        ("summ_top_drg", 8),
        ("ipps.summ_top_drg", 8),  # the qualified name
        ("provider", 8),  # a column named exactly, tables holding the word
        ("taxonomy_c", 8),  # columns fill in
        ("drg", 3),
        ("iban", 8),  # an exactly named column, nothing else
    ],
)
def test_suggestions_are_those_of_ranking_each_set_apart(catalog, user, q, limit):
    got = [(hit.doc.id, round(hit.score, 9)) for hit in autocomplete(user, q, limit=limit)]
    assert got == _ranked_apart(user, q, limit)
    assert got


def test_an_exact_column_name_ranks_above_assets_holding_the_word(user):
    table = TableFactory(name="order_status_history", schema__name="shop")
    ColumnFactory(table=table, name="status")
    TableFactory(name="status_codes", schema=table.schema, source=table.source)
    index_source(table.source)
    names = [hit.doc.name for hit in autocomplete(user, "status")]
    assert names[0] == "status" and {"order_status_history", "status_codes"} <= set(names)


def test_assets_named_by_the_words_cost_one_ranked_query(catalog, user):
    # Two tables are named with "pay" (payments, payments_daily): no columns are needed.
    autocomplete(user, "pay", limit=2)  # content types cached
    with CaptureQueriesContext(connection) as ctx:
        hits = autocomplete(user, "pay", limit=2)
    ranked = [q["sql"] for q in ctx.captured_queries if "searchdocument" in q["sql"]]
    assert [hit.doc.name for hit in hits] == ["payments", "payments_daily"] and len(ranked) == 1

"""Search ranks the documents holding every word in their names first and stops there when no other
match can outrank the page (catalog.search.query._ranked_rows): the pages must be exactly the ones
ranking every match gives, on both backends."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import SearchDocument
from catalog.search import SearchParams, index_source, query, search
from tests.catalog.search.conftest import set_signals
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="searcher")


@pytest.fixture
def wide_catalog(db):
    """More name matches than a page, and as many documents holding the words elsewhere only
    (descriptions, column lists, titles), some of those with a far higher boost."""
    source = DataSourceFactory(name="Shop", slug="shop")
    schema = SchemaFactory(source=source, name="sales")
    others = []
    for i in range(30):
        table = TableFactory(schema=schema, name=f"invoice_{i:02d}", description=f"Invoices of day {i}")
        ColumnFactory(table=table, name="invoice_id")
        ColumnFactory(table=table, name=f"amount_{i}", description="Invoiced amount, with payments")
        other = TableFactory(
            schema=schema, name=f"ledger_{i:02d}", title="Invoice ledger", description="Payment of invoices"
        )
        ColumnFactory(table=other, name="invoice_number")
        others.append(other)
    TableFactory(schema=schema, name="payments", description="Invoice payments")
    index_source(source)
    return source, others


def _pages(user, monkeypatch, **params):
    def ids(results):
        return [(hit.doc.id, round(hit.score, 9)) for hit in results.hits]

    shortcut = [ids(search(user, SearchParams(page=page, **params))) for page in (1, 2, 3)]
    monkeypatch.setattr(query, "_in_names", lambda *args: None)  # rank every match
    every = [ids(search(user, SearchParams(page=page, **params))) for page in (1, 2, 3)]
    monkeypatch.undo()
    return shortcut, every


@pytest.mark.parametrize(
    "params",
    [
        {"q": "invoice"},
        {"q": "invoice", "page_size": 7},
        {"q": "invoices"},  # stems: invoice, invoiced
        {"q": "invoice id"},
        {"q": "invocie"},  # a spelling correction
        {"q": "invoice", "types": ["column"]},
        {"q": "ledger invoice"},
        {"q": "payment"},
    ],
)
def test_pages_are_the_ones_ranking_every_match_gives(user, wide_catalog, monkeypatch, params):
    shortcut, every = _pages(user, monkeypatch, **params)
    assert shortcut == every
    assert shortcut[0]


def test_a_boosted_match_outside_the_names_still_ranks_where_it_should(
    user, wide_catalog, monkeypatch, app_signals
):
    _, others = wide_catalog
    for other in others[:3]:  # used by thousands: their boost outweighs a name match
        set_signals(other, signals={"popularity": 100_000})
    shortcut, every = _pages(user, monkeypatch, q="invoice")
    assert shortcut == every
    top = SearchDocument.objects.filter(id__in=[hit_id for hit_id, _ in shortcut[0][:3]])
    assert {doc.object_id for doc in top} == {other.pk for other in others[:3]}


def test_a_common_word_ranks_only_the_name_matches(user, wide_catalog):
    with CaptureQueriesContext(connection) as ctx:
        hits = search(user, SearchParams(q="invoice", page_size=10)).hits
    ranking = [q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"] and "score" in q["sql"]]
    assert len(ranking) == 1 and "max_boost" in ranking[0]
    assert all("invoice" in hit.doc.name for hit in hits)

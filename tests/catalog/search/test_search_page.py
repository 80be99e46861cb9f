"""The results page and the search API: tabs, facets, snippets, qualified names, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.search import index_source
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_the_header_box_searches_from_every_page(viewer_client):
    page = viewer_client.get("/").content.decode()
    assert (
        'action="/search/"' in page
        and 'role="combobox"' in page
        and 'aria-controls="search-suggestions"' in page
    )
    assert "js/search.js" in page


def test_the_results_page_shows_tabs_facets_and_highlighted_escaped_snippets(viewer_client, catalog):
    response = viewer_client.get("/search/", {"q": "payments"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Showing everything" in page
    for tab in ("Everything", "Data"):  # apps register the other categories
        assert f">{tab}" in page
    assert "Demo Hospital" in page and "Retail Bank" in page  # the source facet
    assert "<mark>payments</mark>" in page
    assert "<b>payments" not in page and "**top 100**" not in page  # snippets are plain text
    assert "Why here?" in page


def test_facet_links_combine(viewer_client, catalog):
    page = viewer_client.get("/search/", {"q": "payments", "source": "retail-bank", "type": "data"}).content
    page = page.decode()
    assert "Showing data" in page
    assert "summ_top_drg" not in page  # from the other source
    assert 'aria-checked="true"' in page


def test_a_qualified_name_goes_straight_to_the_asset(viewer_client, catalog):
    response = viewer_client.get("/search/", {"q": "ipps.summ_top_drg"})
    assert response.status_code == 302 and response["Location"] == f"/tables/{catalog.summ.pk}/"
    assert viewer_client.get("/search/", {"q": "ipps.summ_top_drg", "all": "1"}).status_code == 200


def test_an_empty_or_hostile_query_renders(viewer_client, catalog):
    for q in ["", '"<script>alert(1)</script>', "x" * 10_000, "NEAR(", "%_"]:
        response = viewer_client.get("/search/", {"q": q})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


def test_the_api_returns_ranked_hits_and_facet_counts(viewer_client, catalog):
    body = viewer_client.get("/api/search", {"q": "summ_top_drg"}).json()
    top = body["results"][0]
    assert top["name"] == "summ_top_drg" and top["exact"] and top["type"] == "table"
    assert top["source"] == {"slug": "demo-hospital", "name": "Demo Hospital"}
    assert top["path"] == "Demo Hospital / ipps" and top["url"] == f"/tables/{catalog.summ.pk}/"
    assert top["explanation"][0] == "exact name match"
    assert {c["value"]: c["count"] for c in body["categories"]}["data"] == body["count"]
    assert set(body["facets"]) == {"type", "source", "schema", "tag", "trust"}  # governance adds tag, trust
    narrowed = viewer_client.get(
        "/api/search/", {"q": "pay", "type": "column", "source": "demo-hospital"}
    ).json()
    assert {r["type"] for r in narrowed["results"]} == {"column"}


def test_the_autocomplete_api_suggests_assets(viewer_client, catalog):
    body = viewer_client.get("/api/search/autocomplete", {"q": "summ_t"}).json()
    assert body[0]["name"] == "summ_top_drg" and body[0]["path"] == "Demo Hospital / ipps"
    assert body[0]["source"] == "demo-hospital"  # for [[demo-hospital/ipps.summ_top_drg]] mentions
    assert viewer_client.get("/api/search/autocomplete", {"q": ""}).json() == []


def test_search_needs_a_login(client, catalog):
    assert client.get("/search/", {"q": "drg"}).status_code == 302
    assert client.get("/api/search", {"q": "drg"}).status_code in (401, 403)


def _catalog_of(n):
    source = DataSourceFactory(name="Big", slug="big")
    schema = SchemaFactory(source=source, name="sales")
    for i in range(n):
        table = TableFactory(schema=schema, name=f"orders_{i}", description=f"Orders number {i}")
        ColumnFactory(table=table, name=f"order_total_{i}")
    index_source(source)


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url, params",
    [
        ("/search/", {"q": "orders"}),
        ("/search/", {"q": "orders", "type": "table", "source": "big", "schema": "sales", "tag": "x"}),
        ("/api/search", {"q": "orders", "page_size": "50"}),
        ("/api/search/autocomplete", {"q": "orde"}),
    ],
)
def test_query_counts_do_not_grow_with_hits(viewer_client, url, params):
    _catalog_of(3)
    few = _queries(viewer_client, url, params)
    source = DataSourceFactory(name="Bigger", slug="bigger")
    schema = SchemaFactory(source=source, name="sales")
    for i in range(40):
        table = TableFactory(schema=schema, name=f"orders_x{i}")
        ColumnFactory(table=table, name=f"order_line_{i}")
    index_source(source)
    many = _queries(viewer_client, url, params)
    # One visibility check per asset type on the page, never per hit.
    assert many <= few <= 16


def test_columns_of_one_table_are_folded_under_its_first_column_hit(viewer_client):
    table = TableFactory(name="visits", schema__name="clinic")
    other = TableFactory(name="claims", schema=table.schema, source=table.source)
    for name in ("payment_amount", "payment_date", "payment_method"):
        ColumnFactory(table=table, name=name)
    ColumnFactory(table=other, name="payment_total")
    index_source(table.source)
    page = viewer_client.get("/search/", {"q": "payment", "type": "data", "all": "1"}).content.decode()
    assert page.count('class="hit-also') == 1  # visits' columns, once; claims has a single hit
    also = page.split('class="hit-also', 1)[1].split("</div>", 1)[0]
    assert also.count("<a ") == 2 and "Also in this table" in also
    assert "clinic.claims" in page  # the other table's column keeps its own hit

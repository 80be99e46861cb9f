"""Run by test_extension_app.py with no feature app installed: the catalog shows nothing of theirs."""

import pytest
from django.urls import reverse

from tests.factories import TableFactory

pytestmark = pytest.mark.django_db


def test_the_navigation_has_only_the_catalogs_own_entries(viewer_client):
    page = viewer_client.get(reverse("home")).content.decode()
    assert page.count("data-nav=") == 2
    assert 'data-nav="browse"' in page and 'data-nav="sources"' in page


def test_a_table_page_has_only_the_catalogs_tabs_and_no_empty_panel(viewer_client):
    table = TableFactory()
    page = viewer_client.get(reverse("table-detail", args=[table.pk])).content.decode()
    for label in ("Overview", "Columns", "Samples", "History"):
        assert f">{label}" in page
    for label in ("Lineage", "Queries", "Conversations", "Stewards", "Endorse", "Glossary"):
        assert label not in page
    assert "data-panel=" not in page and "data-notice=" not in page


def test_no_route_of_a_feature_app_answers(viewer_client):
    for url in ("/lineage/", "/glossary/", "/queries/", "/articles/", "/api/lineage/graph/?table=1"):
        assert viewer_client.get(url).status_code == 404, url


def test_search_offers_only_the_catalogs_category_and_no_empty_facet(viewer_client):
    from catalog.models import Table
    from catalog.search import index_objects

    index_objects(Table, [TableFactory(name="orders").pk])
    found = viewer_client.get("/api/search/", {"q": "orders"}).json()
    assert [(c["value"], c["count"]) for c in found["categories"]] == [("data", 1)]
    assert set(found["facets"]) == {"type", "source", "schema"}
    assert found["results"][0]["signals"] == {} and found["results"][0]["facets"] == {}


def test_no_app_script_or_stylesheet_is_loaded(viewer_client):
    page = viewer_client.get(reverse("home")).content.decode()
    assert "extension_app/" not in page and "discussions/" not in page

"""Glossary terms in search: their own category, found by name and synonyms, their documents kept
current; and the tables and columns a term links are found by its words, ranked above assets that
only mention them in a description (catalog.search.ranking: terms weigh as column names do)."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Table
from catalog.search import SearchParams, index_objects, search
from governance.services import glossary
from tests.factories import TableFactory

pytestmark = pytest.mark.django_db


def _types(user, q, **kwargs):
    return [(hit.doc.asset_type, hit.doc.name) for hit in search(user, SearchParams(q=q, **kwargs)).hits]


def test_a_term_is_found_by_a_synonym_in_the_glossary_category(viewer, steward):
    glossary.term_create(
        user=steward, name="DRG", synonyms=["Diagnosis-Related Group"], definition="A class."
    )
    results = search(viewer, SearchParams(q="diagnosis related"))
    assert [(h.doc.asset_type, h.doc.name) for h in results.hits] == [("glossary_term", "DRG")]
    assert {c.value: c.label for c in results.categories}["glossary"] == "Glossary"
    assert _types(viewer, "diagnosis", types=["glossary"]) == [("glossary_term", "DRG")]
    page = Client()
    page.force_login(viewer)
    html = page.get(reverse("search"), {"q": "diagnosis related group"}).content.decode()
    assert "Glossary term" in html and "DRG" in html


def test_the_terms_document_follows_its_changes(viewer, steward):
    term = glossary.term_create(user=steward, name="Discharge", synonyms=["Stay end"])
    glossary.term_update(user=steward, term=term, synonyms=["Separation"])
    assert _types(viewer, "stay end") == [] and _types(viewer, "separation") == [
        ("glossary_term", "Discharge")
    ]
    glossary.term_update(user=steward, term=term, name="Inpatient discharge")
    assert _types(viewer, "inpatient") == [("glossary_term", "Inpatient discharge")]
    glossary.term_delete(user=steward, term=term)
    assert _types(viewer, "separation") == []


def test_a_table_linked_to_a_term_is_found_by_it_and_ranks_above_a_mere_mention(viewer, steward):
    linked = TableFactory(name="summ_top_drg")
    mention = TableFactory(name="notes", description="Some diagnosis related group notes.")
    index_objects(Table, [linked.pk, mention.pk])
    assert _types(viewer, "diagnosis related group", types=["data"]) == [("table", "notes")]
    term = glossary.term_create(
        user=steward, name="DRG", synonyms=["Diagnosis-Related Group"], assets=[("table", linked.pk)]
    )
    found = _types(viewer, "diagnosis related group", types=["data"])
    assert found == [("table", "summ_top_drg"), ("table", "notes")]
    glossary.unlink_asset(user=steward, term=term, kind="table", asset_id=linked.pk)
    assert _types(viewer, "diagnosis related group", types=["data"]) == [("table", "notes")]
    glossary.link_asset(user=steward, term=term, kind="table", asset_id=linked.pk)
    glossary.term_delete(user=steward, term=term)
    assert _types(viewer, "diagnosis related group", types=["data"]) == [("table", "notes")]


def test_anonymous_users_find_no_term(steward):
    from django.contrib.auth.models import AnonymousUser

    glossary.term_create(user=steward, name="Customer")
    assert search(AnonymousUser(), SearchParams(q="customer")).total == 0

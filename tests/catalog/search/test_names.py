"""Autocomplete ranks columns from their distinct names (catalog.search.names): the suggestions
must be those of ranking every matching column, and the names must follow the index (added with
a column, gone with the last column carrying them, untouched by a failed indexing)."""

import pytest
from django.db import transaction

from catalog.models import Column, SearchDocument, SearchName
from catalog.models.sources import DataSourceQuerySet
from catalog.search import autocomplete, index_objects, index_source, names, remove_objects
from tests.catalog.search.test_autocomplete import _ranked_apart
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="typist")


def _names():
    return set(SearchName.objects.values_list("name", flat=True))


@pytest.fixture
def shared_names(db):
    """Many tables whose columns share a few names (as generated catalogs and real ones do), with
    boosts that differ between columns of one name (as usage and endorsements make them)."""
    source = DataSourceFactory(name="Warehouse", slug="warehouse")
    schema = SchemaFactory(source=source, name="sales")
    words = ["count", "country", "row_count", "Count", "rowCount", "country_code", "discount", "account_id"]
    for i in range(24):
        table = TableFactory(schema=schema, source=source, name=f"orders_{i}")
        for word in words[: 3 + i % 6]:
            ColumnFactory(table=table, name=word)
    TableFactory(schema=schema, source=source, name="country")
    index_source(source)
    columns = SearchDocument.objects.filter(asset_type="column").order_by("id")
    for n, doc_id in enumerate(columns.values_list("id", flat=True)):
        SearchDocument.objects.filter(id=doc_id).update(boost=round(0.6 * (1 + (n * 7 % 5) / 10), 6))
    return source


@pytest.mark.parametrize("q", ["coun", "count", "country", "row", "row_count", "disc", "acc id", "co", "c"])
@pytest.mark.parametrize("limit", [1, 8, 20])
def test_suggestions_are_those_of_ranking_every_column(shared_names, user, q, limit):
    got = [(hit.doc.id, round(hit.score, 9)) for hit in autocomplete(user, q, limit=limit)]
    assert got == _ranked_apart(user, q, limit)
    assert got


@pytest.mark.parametrize("q", ["coun", "country", "row", "c"])
def test_reading_one_name_at_a_time_stops_at_the_same_suggestions(shared_names, user, q, monkeypatch):
    # One name per read: the bound on the names left decides when to stop.
    monkeypatch.setattr(names, "NAMES_PER_READ", 1)
    got = [(hit.doc.id, round(hit.score, 9)) for hit in autocomplete(user, q, limit=5)]
    assert got == _ranked_apart(user, q, 5)


def test_removed_columns_are_not_suggested_but_keep_their_name(shared_names, user):
    Column.objects.filter(name="discount").update(removed_at="2026-01-01T00:00:00Z")
    index_source(shared_names)
    assert "discount" in _names()  # removed columns still carry it (search can show removed)
    assert "discount" not in [hit.doc.name for hit in autocomplete(user, "discount")]


def test_indexing_learns_names_and_forgets_the_last_column_of_one(shared_names):
    assert {"count", "Count", "rowCount", "discount"} <= _names()
    assert SearchName.objects.filter(word="row", name="row_count").exists()
    # Renamed: the old name is gone with its last column, the new one is there.
    Column.objects.filter(name="discount").update(name="rebate")
    index_source(shared_names)
    assert "discount" not in _names() and "rebate" in _names()
    # Deleted outright: the same.
    Column.objects.filter(name="rowCount").delete()
    index_source(shared_names)
    assert "rowCount" not in _names()
    # A name still carried by one column stays.
    kept = Column.objects.filter(name="country").order_by("id").first()
    Column.objects.filter(name="country").exclude(pk=kept.pk).delete()
    index_source(shared_names)
    assert "country" in _names()
    remove_objects(Column, [kept.pk])
    assert "country" not in _names()


def test_an_edited_column_moves_its_name(shared_names):
    column = Column.objects.filter(name="account_id").first()
    others = list(Column.objects.filter(name="account_id").exclude(pk=column.pk).values_list("pk", flat=True))
    Column.objects.filter(pk__in=others).update(name="account_key")
    index_objects(Column, others)
    assert "account_id" in _names()
    column.name = "account_key"
    column.save()
    index_objects(Column, [column.pk])
    assert "account_id" not in _names() and "account_key" in _names()


def test_a_failed_indexing_loses_no_name(shared_names):
    before = set(SearchName.objects.values_list("word", "name"))
    Column.objects.filter(name="discount").update(name="rebate")
    with pytest.raises(RuntimeError), transaction.atomic():
        index_source(shared_names)
        raise RuntimeError("the crawl's transaction fails after indexing")
    assert set(SearchName.objects.values_list("word", "name")) == before


def test_names_of_a_source_a_user_cannot_see_suggest_nothing(shared_names, user, monkeypatch):
    hidden = DataSourceFactory(name="Secret", slug="secret")
    table = TableFactory(schema=SchemaFactory(source=hidden, name="vault"), source=hidden, name="keys")
    ColumnFactory(table=table, name="launch_code")
    index_source(hidden)
    assert "launch_code" in _names()
    assert [hit.doc.name for hit in autocomplete(user, "launch")] == ["launch_code"]
    # Per-source grants slot into DataSource.objects.visible_to: hide the source there.
    original = DataSourceQuerySet.visible_to
    monkeypatch.setattr(DataSourceQuerySet, "visible_to", lambda qs, u: original(qs, u).exclude(pk=hidden.pk))
    for typed in ("launch", "launch_code"):
        # (Look-alike names of what the user can see may still fill in: not the hidden column.)
        assert all(hit.doc.source_id != hidden.pk for hit in autocomplete(user, typed))

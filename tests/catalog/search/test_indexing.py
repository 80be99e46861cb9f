"""The index follows every change incrementally: crawls, edits; and rebuilds on demand."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import SearchDocument, Table
from catalog.permissions import SYSTEM
from catalog.search import SearchParams, index_source, search
from catalog.services.annotations import asset_annotate
from catalog.services.sources import source_save

pytestmark = pytest.mark.django_db


def names(user, q, **params):
    return [hit.doc.name for hit in search(user, SearchParams(q=q, **params)).hits]


@pytest.fixture
def shop(tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    folder = tmp_path / "source"
    folder.mkdir()

    def execute(*statements):
        with sqlite3.connect(folder / "shop.sqlite") as conn:
            for statement in statements:
                conn.execute(statement)

    execute(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customerEmail TEXT)", "CREATE TABLE legacy (id INT)"
    )
    return source_save(user=SYSTEM, name="Shop", url=f"sqlite:///{folder}"), execute


def test_a_crawl_indexes_what_it_found_and_a_recrawl_only_what_changed(shop, viewer, crawl):
    source, execute = shop
    crawl(source)
    assert names(viewer, "customer email") == ["customerEmail", "orders"]
    assert "legacy" in names(viewer, "legacy")

    before = dict(SearchDocument.objects.values_list("id", "updated_at"))
    execute("DROP TABLE legacy", "CREATE TABLE refunds (id INTEGER PRIMARY KEY, reason TEXT)")
    crawl(source)
    assert "refunds" in names(viewer, "refunds")
    assert "legacy" not in names(viewer, "legacy")
    assert "legacy" in names(viewer, "legacy", removed=True)
    after = dict(SearchDocument.objects.values_list("id", "updated_at"))
    unchanged = [doc_id for doc_id in before if after.get(doc_id) == before[doc_id]]
    assert len(unchanged) >= 3  # the orders table, its columns: not rewritten


def test_an_unchanged_source_writes_nothing(catalog):
    assert index_source(catalog.hospital) == 0


def test_edits_reindex_the_asset_and_a_columns_table(catalog, contributor):
    asset_annotate(asset=catalog.accounts, user=contributor, title="Customer ledger")
    assert names(contributor, "ledger") == ["accounts"]
    asset_annotate(asset=catalog.drg_definition, user=contributor, description="Grouper version zebra")
    found = names(contributor, "zebra")
    assert "drg_definition" in found and "summ_top_drg" in found


def test_rebuild_search_index_rebuilds_everything_with_progress(catalog, viewer):
    SearchDocument.objects.all().delete()
    assert names(viewer, "summ_top_drg") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "100%" in out.getvalue() and "Search index rebuilt" in out.getvalue()
    assert names(viewer, "summ_top_drg")[0] == "summ_top_drg"
    Table.objects.filter(pk=catalog.payments.pk).delete()
    call_command("rebuild_search_index", stdout=StringIO())
    assert not SearchDocument.objects.filter(name="payments", asset_type="table").exists()

"""Re-crawling is a diff: history is kept, curated metadata stays, nothing is lost on a bad listing."""

import pytest

from catalog.models import Column, CrawlRun, Schema, Table, TableChange
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save

pytestmark = pytest.mark.django_db


def _crawl(source):
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    run = crawl_source(run_id=run.pk)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    return run


def _kinds(table):
    return [(c.kind, c.column_name) for c in TableChange.objects.filter(table=table).order_by("id")]


@pytest.fixture
def shop(sqlite_source, register):
    sqlite_source.execute(
        "shop",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, amount REAL)",
        "CREATE TABLE legacy (id INTEGER)",
        "INSERT INTO orders VALUES (1, 'ann', 9.5), (2, 'bob', 3.25)",
    )
    sqlite_source.execute("crm", "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)")
    source = register("Shop", sqlite_source.url)
    _crawl(source)
    return source


def test_it_records_added_removed_and_changed_tables_and_columns(shop, sqlite_source):
    orders = Table.objects.get(source=shop, name="orders")
    orders.title, orders.description = "Customer orders", "One row per **order**."
    orders.save()
    Column.objects.filter(table=orders, name="amount").update(description="Gross amount in EUR")

    sqlite_source.execute(
        "shop",
        "ALTER TABLE orders ADD COLUMN placed_at TEXT",
        "ALTER TABLE orders DROP COLUMN customer",
        "DROP TABLE legacy",
        "CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(id))",
    )
    run = _crawl(shop)

    assert run.counts["tables_added"] == 1
    assert run.counts["tables_removed"] == 1
    assert run.counts["columns_removed"] == 1
    orders.refresh_from_db()
    assert (orders.title, orders.description) == ("Customer orders", "One row per **order**.")
    assert Column.objects.get(table=orders, name="amount").description == "Gross amount in EUR"
    assert Column.objects.get(table=orders, name="customer").removed_at is not None
    assert ("column_added", "placed_at") in _kinds(orders)
    assert ("column_removed", "customer") in _kinds(orders)
    legacy = Table.objects.get(source=shop, name="legacy")
    assert legacy.removed_at is not None
    assert _kinds(legacy)[-1] == ("table_removed", "")
    refunds = Table.objects.get(source=shop, name="refunds")
    assert _kinds(refunds) == [("table_added", "")]
    assert refunds.constraints.get(kind="foreign").ref_table == orders


def test_a_table_that_comes_back_keeps_its_history_and_description(shop, sqlite_source):
    legacy = Table.objects.get(source=shop, name="legacy")
    legacy.description = "Kept for audits"
    legacy.save()
    sqlite_source.execute("shop", "DROP TABLE legacy")
    _crawl(shop)
    sqlite_source.execute("shop", "CREATE TABLE legacy (id INTEGER, note TEXT)")
    _crawl(shop)

    legacy.refresh_from_db()
    assert legacy.removed_at is None
    assert legacy.description == "Kept for audits"
    assert [kind for kind, _ in _kinds(legacy)] == [
        "table_added",
        "table_removed",
        "table_restored",
        "column_added",
    ]


def test_it_records_a_column_type_change(shop, sqlite_source):
    sqlite_source.execute(
        "shop",
        "CREATE TABLE orders_new (id INTEGER PRIMARY KEY, customer TEXT, amount NUMERIC(12,2))",
        "INSERT INTO orders_new SELECT * FROM orders",
        "DROP TABLE orders",
        "ALTER TABLE orders_new RENAME TO orders",
    )
    _crawl(shop)
    orders = Table.objects.get(source=shop, name="orders")
    change = TableChange.objects.get(table=orders, kind="column_type_changed")
    assert (change.column_name, change.old_value, change.new_value) == ("amount", "REAL", "NUMERIC(12,2)")


def test_a_recrawl_with_nothing_changed_records_no_change(shop):
    before = TableChange.objects.count()
    run = _crawl(shop)
    assert TableChange.objects.count() == before
    assert run.counts.get("tables_added", 0) == 0
    assert run.counts.get("tables_updated", 0) == 0


def test_a_changed_filter_hides_objects_instead_of_removing_them(shop):
    contacts = Table.objects.get(source=shop, name="contacts")
    contacts.description = "CRM contacts"
    contacts.save()

    source_save(
        user=SYSTEM,
        source=shop,
        name=shop.name,
        url=shop.url,
        exclude_schemas=["crm"],
        exclude_tables=["legacy"],
    )
    _crawl(shop)
    contacts.refresh_from_db()
    assert contacts.hidden and contacts.removed_at is None
    assert Schema.objects.get(source=shop, name="crm").hidden
    legacy = Table.objects.get(source=shop, name="legacy")
    assert legacy.hidden and legacy.removed_at is None
    assert not TableChange.objects.filter(kind="table_removed").exists()
    assert not Table.objects.present().filter(name__in=["contacts", "legacy"]).exists()

    source_save(user=SYSTEM, source=shop, name=shop.name, url=shop.url, exclude_schemas=[], exclude_tables=[])
    _crawl(shop)
    contacts.refresh_from_db()
    assert not contacts.hidden and contacts.description == "CRM contacts"
    assert Table.objects.present().filter(name__in=["contacts", "legacy"]).count() == 2


def test_an_empty_schema_listing_removes_nothing(shop, sqlite_source):
    """A schema that suddenly lists no tables (privileges revoked, wrong file) is no proof of removal."""
    sqlite_source.execute("crm", "DROP TABLE contacts")
    run = _crawl(shop)
    contacts = Table.objects.get(source=shop, name="contacts")
    assert contacts.removed_at is None
    assert any(w["code"] == "empty_schema" for w in run.warnings)
    # Nothing below the empty listing either: its tables' columns stay, with no spurious history.
    assert not Column.objects.filter(table=contacts, removed_at__isnull=False).exists()
    assert run.counts.get("columns_removed", 0) == 0 and _kinds(contacts) == [("table_added", "")]


def test_an_empty_source_listing_removes_nothing(shop, sqlite_source):
    for path in sqlite_source.folder.iterdir():
        path.unlink()
    run = _crawl(shop)
    assert Table.objects.present().filter(source=shop).count() == 3
    assert any(w["code"] == "empty_listing" for w in run.warnings)
    assert not Column.objects.filter(table__source=shop, removed_at__isnull=False).exists()

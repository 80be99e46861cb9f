"""Re-crawling is a diff: history is kept, curated metadata stays, nothing is lost on a bad listing."""

import pytest

from catalog.models import Column, Schema, Table, TableChange
from catalog.permissions import SYSTEM
from catalog.services.sources import source_save
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db


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
    crawl_once(source)
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
    run = crawl_once(shop)

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
    crawl_once(shop)
    sqlite_source.execute("shop", "CREATE TABLE legacy (id INTEGER, note TEXT)")
    crawl_once(shop)

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
    crawl_once(shop)
    orders = Table.objects.get(source=shop, name="orders")
    change = TableChange.objects.get(table=orders, kind="column_type_changed")
    assert (change.column_name, change.old_value, change.new_value) == ("amount", "REAL", "NUMERIC(12,2)")


def test_a_recrawl_with_nothing_changed_records_no_change(shop):
    before = TableChange.objects.count()
    run = crawl_once(shop)
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
    crawl_once(shop)
    contacts.refresh_from_db()
    assert contacts.hidden and contacts.removed_at is None
    assert Schema.objects.get(source=shop, name="crm").hidden
    legacy = Table.objects.get(source=shop, name="legacy")
    assert legacy.hidden and legacy.removed_at is None
    assert not TableChange.objects.filter(kind="table_removed").exists()
    assert not Table.objects.present().filter(name__in=["contacts", "legacy"]).exists()

    source_save(user=SYSTEM, source=shop, name=shop.name, url=shop.url, exclude_schemas=[], exclude_tables=[])
    crawl_once(shop)
    contacts.refresh_from_db()
    assert not contacts.hidden and contacts.description == "CRM contacts"
    assert Table.objects.present().filter(name__in=["contacts", "legacy"]).count() == 2


def test_an_empty_schema_listing_removes_nothing(shop, sqlite_source):
    """A schema that suddenly lists no tables (privileges revoked, wrong file) is no proof of removal."""
    sqlite_source.execute("crm", "DROP TABLE contacts")
    run = crawl_once(shop)
    contacts = Table.objects.get(source=shop, name="contacts")
    assert contacts.removed_at is None
    assert any(w["code"] == "empty_schema" for w in run.warnings)
    # Nothing below the empty listing either: its tables' columns stay, with no spurious history.
    assert not Column.objects.filter(table=contacts, removed_at__isnull=False).exists()
    assert run.counts.get("columns_removed", 0) == 0 and _kinds(contacts) == [("table_added", "")]


def test_an_empty_source_listing_removes_nothing(shop, sqlite_source):
    for path in sqlite_source.folder.iterdir():
        path.unlink()
    run = crawl_once(shop)
    assert Table.objects.present().filter(source=shop).count() == 3
    assert any(w["code"] == "empty_listing" for w in run.warnings)
    assert not Column.objects.filter(table__source=shop, removed_at__isnull=False).exists()

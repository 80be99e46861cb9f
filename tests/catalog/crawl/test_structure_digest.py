"""A re-crawl skips the columns and keys of tables whose structure digest is unchanged; every
structural change still reaches the catalog, and a failed crawl loses nothing."""

import psycopg
import pytest

from catalog.models import Column, Constraint, CrawlRun, Table, TableChange
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db

SHOP = (
    "CREATE SCHEMA shop",
    "CREATE TABLE shop.orders (id int PRIMARY KEY, customer text, amount numeric(10, 2), code text)",
    "COMMENT ON TABLE shop.orders IS 'One row per order'",
    "COMMENT ON COLUMN shop.orders.amount IS 'Gross amount'",
    "CREATE TABLE shop.refunds (id int PRIMARY KEY, order_id int REFERENCES shop.orders (id))",
    "CREATE VIEW shop.big_orders AS SELECT id, amount FROM shop.orders WHERE amount > 100",
    "INSERT INTO shop.orders VALUES (1, 'ann', 9.5, 'a'), (2, 'bob', 300, 'b')",
)


def _execute(url, *statements):
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture
def shop(register, postgres_database):
    """A source crawled twice: the second crawl is a re-crawl with every digest stored."""
    _execute(postgres_database, *SHOP)
    source = register("Shop", postgres_database)
    crawl_once(source)
    crawl_once(source)
    return source


def _table(source, name):
    return Table.objects.get(source=source, name=name)


def _column(source, table, name):
    return Column.objects.get(table__source=source, table__name=table, name=name)


def _present_columns(source, table):
    return set(
        Column.objects.filter(table__source=source, table__name=table, removed_at=None).values_list(
            "name", flat=True
        )
    )


def _keys(source, table):
    keys = Constraint.objects.filter(table__source=source, table__name=table)
    return {(c.kind, tuple(c.columns)) for c in keys}


def test_every_crawled_table_stores_its_structure_digest(shop):
    digests = dict(Table.objects.filter(source=shop).values_list("name", "structure_digest"))
    assert set(digests) == {"orders", "refunds", "big_orders"}
    assert all(digests.values()) and len(set(digests.values())) == 3


def test_an_unchanged_recrawl_keeps_every_column_and_key_and_counts_them_seen(shop):
    columns = list(Column.objects.filter(table__source=shop).order_by("id").values())
    keys = list(Constraint.objects.filter(table__source=shop).order_by("id").values())
    run = crawl_once(shop)
    assert run.counts["columns_seen"] == 8 and run.counts["tables_seen"] == 3
    assert run.counts["columns_profiled"] == 8
    assert not run.counts.get("columns_added") and not run.counts.get("columns_removed")
    assert list(Column.objects.filter(table__source=shop).order_by("id").values()) == columns
    assert list(Constraint.objects.filter(table__source=shop).order_by("id").values()) == keys


def test_an_added_column_is_added(shop, postgres_database):
    _execute(postgres_database, "ALTER TABLE shop.orders ADD COLUMN placed_at date")
    run = crawl_once(shop)
    assert run.counts["columns_added"] == 1
    assert _present_columns(shop, "orders") == {"id", "customer", "amount", "code", "placed_at"}
    assert TableChange.objects.filter(kind="column_added", column_name="placed_at").exists()


def test_a_dropped_column_is_marked_removed(shop, postgres_database):
    _execute(postgres_database, "ALTER TABLE shop.orders DROP COLUMN code")
    run = crawl_once(shop)
    assert run.counts["columns_removed"] == 1
    assert _column(shop, "orders", "code").removed_at is not None


def test_a_renamed_column_is_removed_and_added(shop, postgres_database):
    _execute(postgres_database, "ALTER TABLE shop.orders RENAME COLUMN customer TO client")
    crawl_once(shop)
    assert _column(shop, "orders", "customer").removed_at is not None
    assert _column(shop, "orders", "client").removed_at is None


def test_a_retyped_column_gets_its_new_type_and_a_history_entry(shop, postgres_database):
    _execute(postgres_database, "ALTER TABLE shop.orders ALTER COLUMN code TYPE varchar(12)")
    crawl_once(shop)
    assert "char" in _column(shop, "orders", "code").data_type
    assert TableChange.objects.filter(kind="column_type_changed", column_name="code").exists()


def test_nullability_and_default_changes_are_applied(shop, postgres_database):
    _execute(
        postgres_database,
        "ALTER TABLE shop.orders ALTER COLUMN customer SET NOT NULL",
        "ALTER TABLE shop.orders ALTER COLUMN code SET DEFAULT 'none'",
    )
    crawl_once(shop)
    assert _column(shop, "orders", "customer").nullable is False
    assert "none" in _column(shop, "orders", "code").default


def test_comment_changes_are_applied(shop, postgres_database):
    _execute(
        postgres_database,
        "COMMENT ON COLUMN shop.orders.amount IS 'Net amount'",
        "COMMENT ON TABLE shop.orders IS 'Orders, one a row'",
    )
    crawl_once(shop)
    assert _column(shop, "orders", "amount").comment == "Net amount"
    assert _table(shop, "orders").comment == "Orders, one a row"


def test_key_changes_are_applied(shop, postgres_database):
    _execute(
        postgres_database,
        "ALTER TABLE shop.refunds DROP CONSTRAINT refunds_order_id_fkey",
        "ALTER TABLE shop.orders ADD CONSTRAINT orders_code_key UNIQUE (code)",
    )
    crawl_once(shop)
    assert _keys(shop, "orders") == {("primary", ("id",)), ("unique", ("code",))}
    assert _keys(shop, "refunds") == {("primary", ("id",))}


def test_a_dropped_primary_key_clears_the_columns_flag(shop, postgres_database):
    assert _column(shop, "orders", "id").is_primary_key
    _execute(postgres_database, "ALTER TABLE shop.refunds DROP CONSTRAINT refunds_order_id_fkey")
    _execute(postgres_database, "ALTER TABLE shop.orders DROP CONSTRAINT orders_pkey")
    crawl_once(shop)
    assert not _column(shop, "orders", "id").is_primary_key
    assert _keys(shop, "orders") == set()


def test_a_changed_view_definition_is_applied(shop, postgres_database):
    _execute(
        postgres_database,
        "CREATE OR REPLACE VIEW shop.big_orders AS SELECT id, amount FROM shop.orders WHERE amount > 500",
    )
    crawl_once(shop)
    assert "500" in _table(shop, "big_orders").definition
    assert TableChange.objects.filter(kind="definition_changed").exists()


def test_the_first_crawl_without_digests_diffs_everything_and_stores_them(shop, postgres_database):
    # As after the migration that added the field: no table has a digest yet.
    Table.objects.filter(source=shop).update(structure_digest="")
    _execute(postgres_database, "ALTER TABLE shop.orders ADD COLUMN placed_at date")
    crawl_once(shop)
    assert "placed_at" in _present_columns(shop, "orders")
    assert all(Table.objects.filter(source=shop).values_list("structure_digest", flat=True))


def test_a_table_shown_again_is_diffed_in_full(shop, postgres_database):
    shop.exclude_tables = ["orders"]
    shop.save()
    crawl_once(shop)
    assert _table(shop, "orders").hidden
    _execute(postgres_database, "ALTER TABLE shop.orders ADD COLUMN placed_at date")
    crawl_once(shop)  # hidden: its columns are not looked at
    shop.exclude_tables = []
    shop.save()
    crawl_once(shop)
    assert not _table(shop, "orders").hidden
    assert "placed_at" in _present_columns(shop, "orders")


def test_a_failed_crawl_marks_nothing_removed_and_keeps_the_digests(shop, postgres_database):
    digests = dict(Table.objects.filter(source=shop).values_list("name", "structure_digest"))
    name = postgres_database.rsplit("/", 1)[1]
    _execute(postgres_database.rsplit("/", 1)[0] + "/postgres", f'DROP DATABASE "{name}" WITH (FORCE)')
    run = crawl_once(shop, must_succeed=False)
    assert run.status == CrawlRun.Status.FAILED
    assert not Table.objects.filter(source=shop, removed_at__isnull=False).exists()
    assert not Column.objects.filter(table__source=shop, removed_at__isnull=False).exists()
    assert dict(Table.objects.filter(source=shop).values_list("name", "structure_digest")) == digests

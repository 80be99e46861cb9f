"""Every crawl reads the lineage of the source's views from their definitions."""

import sqlite3

import pytest

from catalog.models import Column, Table
from lineage.models import ColumnLineageEdge, LineageStatement, TableLineageEdge
from tests.lineage.conftest import crawl

pytestmark = pytest.mark.django_db


def _table(name):
    return Table.objects.get(name=name)


def _column(table, name):
    return Column.objects.get(table__name=table, name=name)


def test_a_crawl_records_table_lineage_of_views_onto_catalog_tables(shop_source):
    edges = {
        (e.source_table.name, e.target_table.name)
        for e in TableLineageEdge.objects.select_related("source_table", "target_table")
    }
    assert edges == {
        ("customers", "customer_totals"),
        ("orders", "customer_totals"),
        ("customer_totals", "region_totals"),
        ("orders", "all_orders"),
    }


def test_column_lineage_of_views_maps_onto_catalog_columns(shop_source):
    total = _column("customer_totals", "total")
    sources = set(
        ColumnLineageEdge.objects.filter(target_column=total).values_list("source_column__name", flat=True)
    )
    assert sources == {"amount"}
    edge = ColumnLineageEdge.objects.get(target_column=total)
    assert edge.transformed and "SUM" in edge.expression.upper()
    customer = ColumnLineageEdge.objects.get(target_column=_column("customer_totals", "customer"))
    assert customer.source_column == _column("customers", "name") and not customer.transformed


def test_star_in_a_view_expands_with_the_crawled_schema(shop_source):
    targets = set(
        ColumnLineageEdge.objects.filter(target_table=_table("all_orders")).values_list(
            "target_column__name", flat=True
        )
    )
    assert targets == {"id", "customer_id", "amount"}


def test_each_view_statement_is_complete(shop_source):
    statuses = dict(LineageStatement.objects.values_list("target_name", "status"))
    assert statuses == {
        "sales.customer_totals": "complete",
        "sales.region_totals": "complete",
        "sales.all_orders": "complete",
    }


def test_a_recrawl_replaces_the_lineage_of_a_changed_view(shop_source):
    with sqlite3.connect(shop_source.folder / "sales.sqlite") as conn:
        conn.executescript(
            "DROP VIEW all_orders; CREATE VIEW all_orders AS SELECT id, amount * 2 AS doubled FROM orders;"
        )
    crawl(shop_source)
    targets = set(
        ColumnLineageEdge.objects.filter(target_table=_table("all_orders")).values_list(
            "target_name", flat=True
        )
    )
    assert targets == {"sales.all_orders.id", "sales.all_orders.doubled"}
    assert LineageStatement.objects.filter(target_name="sales.all_orders").count() == 1

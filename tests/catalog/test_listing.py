"""Tables in browsing order, a page at a time (catalog.listing): the same rows in the same order as
sorting every table, on the table list page and /api/tables/."""

import pytest

from catalog.filters import ColumnFilter
from catalog.listing import COLUMN_ORDER, ORDER, ColumnsInOrder, TablesInOrder
from catalog.models import Column, Table
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tables(db):
    # Schemas of different sizes in two sources; schema names repeat across sources, and an
    # upper-case source name sorts as the database's collation says.
    for source_name in ("warehouse", "Analytics"):
        source = DataSourceFactory(name=source_name)
        for schema_name, count in (("sales", 7), ("hr", 1), ("empty", 0), ("ops", 12)):
            schema = SchemaFactory(source=source, name=schema_name)
            for i in range(count):
                table = TableFactory(schema=schema, source=source, name=f"{schema_name}_{(i * 7) % 13:02d}")
                for position in (3, 1, 2)[: i % 4]:
                    ColumnFactory(table=table, name=f"c{position}", position=position)
    TableFactory(name="gone", removed_at="2026-01-01T00:00:00Z")
    return Table.objects.filter(removed_at__isnull=True)


@pytest.mark.parametrize("size", [1, 5, 7, 50])
def test_every_window_is_the_one_sorting_everything_gives(tables, size):
    every = list(tables.order_by(*ORDER).values_list("id", flat=True))
    in_order = TablesInOrder(tables)
    assert in_order.count() == len(every) == 40
    for start in range(0, len(every) + size, size):
        assert [t.id for t in in_order[start : start + size]] == every[start : start + size]


def test_the_list_page_and_the_api_list_them_in_that_order(viewer_client, tables):
    every = list(tables.order_by(*ORDER).values_list("id", flat=True))
    body = viewer_client.get("/api/tables/").json()
    assert body["count"] == 40
    assert [row["id"] for row in body["results"]] == every
    page = viewer_client.get("/browse/")
    assert [t.id for t in page.context["page"]] == every[:40]


@pytest.mark.parametrize("size", [1, 4, 50])
def test_every_window_of_columns_is_the_one_sorting_everything_gives(tables, size):
    columns = Column.objects.filter(table__removed_at__isnull=True)
    every = list(columns.order_by(*COLUMN_ORDER).values_list("id", flat=True))
    in_order = ColumnsInOrder(columns)
    assert in_order.count() == len(every) > 30
    for start in range(0, len(every) + size, size):
        assert [c.id for c in in_order[start : start + size]] == every[start : start + size]


def test_the_api_lists_columns_in_that_order(viewer_client, tables):
    every = list(Column.objects.order_by(*COLUMN_ORDER).values_list("id", flat=True))
    body = viewer_client.get("/api/columns/").json()
    assert body["count"] == len(every)
    assert [row["id"] for row in body["results"]] == every[:50]


@pytest.mark.parametrize("params", [{}, {"name": "c1"}, {"source": "analytics"}, {"removed": "true"}])
def test_every_window_of_filtered_columns_is_the_one_sorting_everything_gives(tables, params):
    # Removed and filtered-out (hidden) columns are counted and listed only when asked for; a
    # filter counts only its matches, schema by schema.
    for column in Column.objects.filter(name="c3")[:4]:
        column.removed_at = "2026-01-01T00:00:00Z"
        column.save()
    Column.objects.filter(name="c2", table__name__endswith="1").update(hidden=True)
    columns = ColumnFilter(params, Column.objects.all()).qs
    every = list(columns.order_by(*COLUMN_ORDER).values_list("id", flat=True))
    assert every
    in_order = ColumnsInOrder(columns)
    assert in_order.count() == len(every)
    for start in range(0, len(every) + 3, 3):
        assert [c.id for c in in_order[start : start + 3]] == every[start : start + 3]

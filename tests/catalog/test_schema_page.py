"""A schema's page lists its tables a page at a time, each with its count of present columns."""

import pytest
from django.urls import reverse

from catalog.views.assets import SCHEMA_PAGE_TABLES
from tests.factories import ColumnFactory, SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_it_lists_every_table_a_page_at_a_time_with_column_counts(
    viewer_client, django_assert_max_num_queries
):
    schema = SchemaFactory(name="wide")
    tables = [
        TableFactory(schema=schema, source=schema.source, name=f"t{i:03d}")
        for i in range(SCHEMA_PAGE_TABLES + 5)
    ]
    ColumnFactory(table=tables[0], name="a")
    ColumnFactory(table=tables[0], name="b")
    ColumnFactory(table=tables[-1], name="c")
    url = reverse("schema-detail", args=[schema.pk])

    first = viewer_client.get(url).content.decode()
    assert (
        "t000" in first
        and f"t{SCHEMA_PAGE_TABLES - 1:03d}" in first
        and f"t{SCHEMA_PAGE_TABLES:03d}" not in first
    )
    assert f"<dd>{SCHEMA_PAGE_TABLES + 5}</dd>" in first  # the schema's total, not the page's
    assert "<td>2</td>" in first and "Next" in first

    with django_assert_max_num_queries(16):
        last = viewer_client.get(url, {"page": 2}).content.decode()
    assert (
        f"t{SCHEMA_PAGE_TABLES:03d}" in last
        and f"t{SCHEMA_PAGE_TABLES + 4:03d}" in last
        and "t000" not in last
    )
    assert "<td>1</td>" in last

"""Names with quotes, semicolons, markup and unicode are crawled like any other and shown escaped."""

import pytest
from django.urls import reverse

from catalog.models import Column, Table, TableSample
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db

HOSTILE_TABLE = 'we"ird; <script>alert(1)</script>'
HOSTILE_COLUMN = "Ünïcode 'quoted' ; DROP TABLE x; --"


def test_hostile_names_are_crawled_sampled_and_rendered_escaped(sqlite_source, register, viewer_client):
    table_sql = HOSTILE_TABLE.replace('"', '""')
    column_sql = HOSTILE_COLUMN.replace('"', '""')
    sqlite_source.execute(
        "Mixed Case",
        f'CREATE TABLE "{table_sql}" (id INTEGER PRIMARY KEY, "{column_sql}" TEXT)',
        f"INSERT INTO \"{table_sql}\" VALUES (1, '<b>bold</b>')",
    )
    source = register("Hostile", sqlite_source.url)
    crawl_once(source)

    table = Table.objects.get(source=source, name=HOSTILE_TABLE)
    assert table.schema.name == "Mixed Case"
    assert Column.objects.filter(table=table, name=HOSTILE_COLUMN).exists()
    assert TableSample.objects.get(table=table).rows == [[1, "<b>bold</b>"]]

    for tab in ["overview", "columns", "samples"]:
        content = viewer_client.get(reverse("table-tab", args=[table.pk, tab])).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "<b>bold</b>" not in content
    assert (
        "&lt;b&gt;bold&lt;/b&gt;"
        in viewer_client.get(reverse("table-tab", args=[table.pk, "samples"])).content.decode()
    )

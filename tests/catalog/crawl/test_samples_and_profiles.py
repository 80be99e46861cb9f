"""Samples and profiles a user can trust: spread over the whole table, exact where it is small."""

import pytest

from catalog.models import ColumnProfile, Table, TableSample
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db

ROWS = 1000


@pytest.fixture
def visits(sqlite_source, register):
    # Sorted by key, the first rows all carry drg 1: a first-rows sample would say drg has one value.
    values = ", ".join(f"({i}, {1 + (i - 1) * 7 // ROWS})" for i in range(1, ROWS + 1))
    create = "CREATE TABLE visits (id INTEGER PRIMARY KEY, drg INTEGER)"
    sqlite_source.execute("clinic", create, f"INSERT INTO visits VALUES {values}")
    return register("Clinic", sqlite_source.url)


def test_a_small_table_is_profiled_exactly_and_sampled_across_its_rows(visits, viewer_client):
    crawl_once(visits)
    table = Table.objects.get(source=visits, name="visits")
    profile = ColumnProfile.objects.get(column__table=table, column__name="drg")
    assert (profile.origin, profile.distinct_count) == ("exact", 7)
    assert profile.most_common[0][1] == pytest.approx(143 / ROWS, abs=0.002)
    assert table.row_count == ROWS  # SQLite keeps no estimate; reading the table whole counted it
    ids = [row[0] for row in TableSample.objects.get(table=table).rows]
    assert len(ids) == 100 and min(ids) <= 10 and max(ids) >= 990
    page = viewer_client.get(f"/tables/{table.pk}/columns/").content.decode()
    assert "from exact, all 1,000 rows" in page


def test_a_big_table_is_sampled_at_random_and_the_page_says_so(visits, settings, viewer_client):
    settings.CRAWL_EXACT_PROFILE_ROWS = 50  # visits counts as big: sampled, not read whole
    crawl_once(visits)
    table = Table.objects.get(source=visits, name="visits")
    ids = [row[0] for row in TableSample.objects.get(table=table).rows]
    assert len(set(ids)) == len(ids) and len(ids) >= 80  # random rowids of a dense table: few misses
    assert max(ids) > ROWS // 2 and min(ids) < ROWS // 2  # spread, not the first rows
    profile = ColumnProfile.objects.get(column__table=table, column__name="drg")
    assert profile.origin == "sample" and profile.distinct_count >= 5
    page = viewer_client.get(f"/columns/{profile.column_id}/").content.decode()
    assert "sampled rows" in page

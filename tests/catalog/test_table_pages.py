"""The table page: overview, columns with profiles, samples, history, edited in place."""

import pytest
from django.urls import reverse

from catalog.models import Column, Table
from tests.factories import (
    ColumnFactory,
    ColumnProfileFactory,
    ConstraintFactory,
    SchemaFactory,
    TableChangeFactory,
    TableFactory,
    TableSampleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def summ(db):
    schema = SchemaFactory(name="ipps", source__name="MySQL Analytics")
    table = TableFactory(
        schema=schema, name="summ_top_drg", title="Top DRGs by provider", row_count=163065, size_bytes=2048
    )
    drg = ColumnFactory(table=table, name="drg", position=1, data_type="integer", is_primary_key=True)
    ColumnFactory(
        table=table, name="provider_state", position=2, data_type="varchar(2)", description="Two letters"
    )
    ColumnProfileFactory(column=drg, null_fraction=0.0, distinct_count=100, min_value="39", max_value="948")
    ConstraintFactory(table=table, kind="primary", columns=["drg"])
    TableSampleFactory(table=table, columns=["drg", "provider_state"], rows=[[39, "AL"], [57, None]])
    TableChangeFactory(table=table, kind="column_added", column_name="provider_state")
    return table


def _get(client, table, tab="overview"):
    return client.get(reverse("table-tab", args=[table.pk, tab])).content.decode()


def test_the_overview_shows_the_breadcrumb_title_and_properties(viewer_client, summ):
    content = _get(viewer_client, summ)
    assert "MySQL Analytics</a> /" in content
    assert "ipps</a> . <code>summ_top_drg</code>" in content
    assert "Top DRGs by provider" in content
    assert "163,065" in content
    assert "Primary key" in content


def test_the_columns_tab_lists_columns_with_types_keys_and_profiles(viewer_client, summ):
    content = _get(viewer_client, summ, "columns")
    assert content.index("drg") < content.index("provider_state")
    assert "varchar(2)" in content and "PK" in content
    assert "Two letters" in content
    assert "0.0%" in content and "<code>39</code> … <code>948</code>" in content


def test_the_samples_tab_shows_the_sample_rows(viewer_client, summ):
    content = _get(viewer_client, summ, "samples")
    # A scrollable grid with fixed-width cells: the whole value on hover, null said as null.
    assert 'class="sample-grid"' in content and '<td title="AL">AL</td>' in content
    assert '<td class="null">null</td>' in content


def test_the_history_tab_shows_changes(viewer_client, summ):
    assert "Column added" in _get(viewer_client, summ, "history")


def test_an_unknown_tab_is_not_found(viewer_client, summ):
    assert viewer_client.get(reverse("table-tab", args=[summ.pk, "nope"])).status_code == 404


def test_a_contributor_edits_the_description_in_markdown_and_scripts_are_stripped(contributor_client, summ):
    response = contributor_client.post(
        reverse("table-annotate", args=[summ.pk]),
        {"title": "Top DRGs", "description": "**Bold** <script>alert(1)</script> [x](javascript:alert(2))"},
    )
    assert response.status_code == 302
    summ.refresh_from_db()
    assert summ.title == "Top DRGs"
    content = _get(contributor_client, summ)
    assert "<strong>Bold</strong>" in content
    assert "<script>alert(1)" not in content
    assert 'href="javascript' not in content


def test_a_contributor_edits_a_column(contributor_client, summ):
    column = Column.objects.get(table=summ, name="drg")
    contributor_client.post(
        reverse("column-annotate", args=[column.pk]), {"title": "DRG", "description": "Code"}
    )
    column.refresh_from_db()
    assert (column.title, column.description) == ("DRG", "Code")


def test_a_viewer_cannot_edit(viewer_client, summ):
    response = viewer_client.post(
        reverse("table-annotate", args=[summ.pk]), {"title": "x", "description": "y"}
    )
    assert response.status_code == 403
    assert Table.objects.get(pk=summ.pk).title == "Top DRGs by provider"
    assert "Edit title and description" not in _get(viewer_client, summ)


@pytest.mark.parametrize("tab", ["overview", "columns", "samples", "history"])
def test_every_tab_reads_in_a_bounded_number_of_queries(viewer_client, tab, django_assert_max_num_queries):
    table = TableFactory()
    for position in range(60):
        column = ColumnFactory(table=table, position=position)
        ColumnProfileFactory(column=column)
        TableChangeFactory(table=table, column_name=column.name)
    # A fixed number for the catalog's own parts (the user's groups and permissions in one), and a
    # fixed number for each installed app's tab counts and panels (usage: its three tab counts in
    # one, top users and popularity; discussions: the inbox count, Follow and Articles panels,
    # three for Mentioned in; governance: the trust flag, endorsements, tags, stewards, glossary
    # terms, custom fields), whatever the rows.
    with django_assert_max_num_queries(24):
        viewer_client.get(reverse("table-tab", args=[table.pk, tab]))


def test_browse_filters_by_name_and_hides_removed_tables(viewer_client, summ):
    TableFactory(name="old_drg", removed_at="2026-01-01T00:00:00Z")
    content = viewer_client.get(reverse("browse"), {"q": "ipps.summ"}).content.decode()
    assert "Top DRGs by provider" in content
    assert "old_drg" not in viewer_client.get(reverse("browse"), {"q": "drg"}).content.decode()
    assert "old_drg" in viewer_client.get(reverse("browse"), {"q": "drg", "removed": "true"}).content.decode()


def test_the_overview_shows_key_columns_and_a_small_sample_like_the_seed(viewer_client, summ):
    content = _get(viewer_client, summ)
    assert "Sample columns (2 of 2)" in content
    assert "varchar(2)" in content and "Two letters" in content
    assert '<td title="AL">AL</td>' in content and '<td class="null">null</td>' in content


def test_a_column_has_its_own_page_that_search_opens(viewer_client, summ, django_assert_max_num_queries):
    from catalog.search import index_source

    column = Column.objects.get(table=summ, name="provider_state")
    url = reverse("column-detail", args=[column.pk])
    # Apps add panels to the column page (conversations, articles, follow, mentioned in, the inbox
    # count; governance: trust flag, endorsements, tags with the PII tag, stewards, glossary terms),
    # each fixed.
    with django_assert_max_num_queries(23):
        page = viewer_client.get(url).content.decode()
    assert "MySQL Analytics" in page and "ipps" in page and "summ_top_drg" in page  # breadcrumb
    assert "Two letters" in page and "varchar(2)" in page
    assert url in _get(viewer_client, summ, "columns")
    index_source(summ.source)
    hit = viewer_client.get("/api/search/", {"q": "provider_state", "type": "column"}).json()["results"][0]
    assert hit["url"] == url


def test_a_contributor_edits_a_column_on_its_page(contributor_client, summ):
    column = Column.objects.get(table=summ, name="drg")
    response = contributor_client.post(
        reverse("column-annotate", args=[column.pk]),
        {"title": "", "description": "DRG code", "next": "column"},
    )
    assert response.url == reverse("column-detail", args=[column.pk])
    assert "DRG code" in contributor_client.get(response.url).content.decode()

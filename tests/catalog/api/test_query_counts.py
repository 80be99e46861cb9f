"""Lists and the table page cost a fixed number of queries, however many rows they show."""

import pytest

from tests.factories import (
    ColumnFactory,
    ColumnProfileFactory,
    ConstraintFactory,
    CrawlRunFactory,
    DataSourceFactory,
    SchemaFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db

# Session and user (2), page count (1), page (1), and at most one prefetch per relation shown.
LIST_BOUND = 5
# Plus the masking policies apps register (governance: the user's permissions and the PII columns).
TABLE_DETAIL_BOUND = 8


def make_sources(n):
    for _ in range(n):
        source = DataSourceFactory()
        CrawlRunFactory(source=source, status="succeeded")
        CrawlRunFactory(source=source, status="running")


def make_schemas(n):
    source = DataSourceFactory()
    for _ in range(n):
        TableFactory(schema=SchemaFactory(source=source))


def make_tables(n):
    schema = SchemaFactory()
    for _ in range(n):
        ColumnFactory(table=TableFactory(schema=schema))


def make_columns(n):
    source = DataSourceFactory()
    for _ in range(n):
        ColumnFactory(table=TableFactory(schema=SchemaFactory(source=source)))


def make_runs(n):
    for _ in range(n):
        CrawlRunFactory(source=DataSourceFactory(), triggered_by=None)


@pytest.mark.parametrize(
    "url, make",
    [
        ("/api/sources/", make_sources),
        ("/api/schemas/", make_schemas),
        ("/api/tables/", make_tables),
        ("/api/columns/", make_columns),
        ("/api/crawl-runs/", make_runs),
    ],
)
def test_it_lists_with_a_bounded_number_of_queries(viewer_client, django_assert_max_num_queries, url, make):
    make(3)
    with django_assert_max_num_queries(LIST_BOUND) as small_queries:
        small = viewer_client.get(url)
    make(27)
    with django_assert_max_num_queries(LIST_BOUND) as large_queries:
        large = viewer_client.get(url)

    assert small.json()["count"] == 3
    assert large.json()["count"] == 30
    assert len(large.json()["results"]) == 30
    assert len(large_queries) == len(small_queries)


def make_table(columns):
    table = TableFactory()
    for position in range(1, columns + 1):
        column = ColumnFactory(table=table, position=position)
        ColumnProfileFactory(column=column)
        ConstraintFactory(table=table, kind="unique", columns=[column.name], ref_table=table)
    return table


def test_it_shows_a_table_with_a_bounded_number_of_queries(viewer_client, django_assert_max_num_queries):
    small, large = make_table(5), make_table(60)

    with django_assert_max_num_queries(TABLE_DETAIL_BOUND) as small_queries:
        small_body = viewer_client.get(f"/api/tables/{small.pk}/").json()
    with django_assert_max_num_queries(TABLE_DETAIL_BOUND) as large_queries:
        large_body = viewer_client.get(f"/api/tables/{large.pk}/").json()

    assert len(large_queries) == len(small_queries)
    assert len(small_body["columns"]) == 5
    assert len(large_body["columns"]) == 60
    assert len(large_body["constraints"]) == 60
    assert all(column["profile"] for column in large_body["columns"])


def test_it_polls_a_crawl_run_with_one_query(viewer_client, django_assert_num_queries, admin_user):
    run = CrawlRunFactory(triggered_by=admin_user)
    viewer_client.get(f"/api/crawl-runs/{run.pk}/")  # the session is loaded the same way every time

    with django_assert_num_queries(3):  # session, user, the run with its source and user
        response = viewer_client.get(f"/api/crawl-runs/{run.pk}/")

    assert response.json()["triggered_by"] == admin_user.username

"""The lineage pages: the Lineage tab of a table, the SQL upload page and the stewards' queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lineage.models import ColumnLineageEdge, LineageStatement, Origin, TableLineageEdge
from lineage.services import upload
from tests.factories import ColumnFactory, SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db


def tab_url(table, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("table-tab", args=[table.pk, "lineage"]) + (f"?{query}" if query else "")


def edge(source, target, *, origin=Origin.VIEW, statement=None, columns=(), transformed=False):
    TableLineageEdge.objects.create(
        statement=statement,
        origin=origin,
        source_table=source,
        source_name=source.qualified_name,
        target_table=target,
        target_name=target.qualified_name,
    )
    for source_column, target_column in columns:
        ColumnLineageEdge.objects.create(
            statement=statement,
            origin=origin,
            source_column=source_column,
            source_name=f"{source.qualified_name}.{source_column.name}",
            source_table=source,
            target_column=target_column,
            target_name=f"{target.qualified_name}.{target_column.name}",
            target_table=target,
            transformed=transformed,
        )


@pytest.fixture
def shop():
    """orders → v_daily (a view) → report, with columns, all in one schema."""
    schema = SchemaFactory(name="shop")
    orders = TableFactory(schema=schema, name="orders")
    daily = TableFactory(schema=schema, name="v_daily", kind="view")
    report = TableFactory(schema=schema, name="report")
    amount = ColumnFactory(table=orders, name="amount")
    total = ColumnFactory(table=daily, name="total")
    report_total = ColumnFactory(table=report, name="grand_total")
    statement = LineageStatement.objects.create(
        origin=Origin.VIEW,
        table=daily,
        sql="SELECT SUM(amount) AS total FROM shop.orders",
        target_name="shop.v_daily",
        status=LineageStatement.Status.COMPLETE,
    )
    edge(orders, daily, statement=statement, columns=[(amount, total)], transformed=True)
    edge(daily, report, origin=Origin.MANUAL, columns=[(total, report_total)])
    return {"orders": orders, "daily": daily, "report": report, "amount": amount, "total": total}


# --- The Lineage tab -------------------------------------------------------------------------


def test_it_lists_the_edges_around_a_table_for_readers_without_the_graph(viewer_client, shop):
    response = viewer_client.get(tab_url(shop["daily"]))
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["lineage_edges"]
    assert {(row["source"]["label"], row["target"]["label"]) for row in rows} == {
        ("orders", "v_daily"),
        ("v_daily", "report"),
    }
    assert "data-lineage-edges" in html and 'id="lineage-payload"' in html
    assert "View definition" in html and "Added by hand" in html
    assert reverse("table-tab", args=[shop["orders"].pk, "lineage"]) in html


def test_it_shows_what_a_change_would_reach_downstream(viewer_client, shop):
    response = viewer_client.get(tab_url(shop["orders"]))
    assert [t.name for t in response.context["impact_tables"]] == ["report", "v_daily"]
    assert {c.name for c in response.context["impact_columns"]} == {"total", "grand_total"}
    assert "If this changes" in response.content.decode()


def test_it_shows_the_statements_behind_the_edges_with_their_full_sql(viewer_client, shop):
    html = viewer_client.get(tab_url(shop["daily"])).content.decode()
    assert "SELECT SUM(amount) AS total FROM shop.orders" in html
    assert '<details class="lineage-sql">' in html


def test_it_focuses_a_column_at_column_level(viewer_client, shop):
    response = viewer_client.get(tab_url(shop["daily"], column=shop["total"].pk))
    assert response.context["lineage"]["level"] == "column"
    rows = response.context["lineage_edges"]
    assert {(row["source"]["label"], row["target"]["label"]) for row in rows} == {
        ("orders.amount", "v_daily.total"),
        ("v_daily.total", "report.grand_total"),
    }
    assert any(row["transformed"] for row in rows)


def test_a_column_page_says_what_feeds_it_and_what_it_feeds(viewer_client, shop):
    page = viewer_client.get(reverse("column-detail", args=[shop["total"].pk])).content.decode()
    assert 'data-panel="column-lineage"' in page
    assert "Fed by 1 column" in page and "feeds 1 column in 1 table downstream" in page
    assert tab_url(shop["daily"], column=shop["total"].pk) in page.replace("&amp;", "&")


def test_it_follows_direction_and_depth(viewer_client, shop):
    response = viewer_client.get(tab_url(shop["orders"], direction="down", depth=1))
    labels = {row["target"]["label"] for row in response.context["lineage_edges"]}
    assert labels == {"v_daily"}


def test_it_explains_how_to_get_lineage_when_there_is_none(viewer_client):
    table = TableFactory(name="lonely")
    html = viewer_client.get(tab_url(table)).content.decode()
    assert "No lineage recorded for this table" in html
    assert reverse("lineage-upload") in html
    assert "lineage-payload" not in html


def test_the_tab_makes_a_bounded_number_of_queries(viewer_client, shop, django_assert_max_num_queries):
    # A wide fan-out must not cost a query per node. (The fixed part includes the installed apps'
    # facts: trust flags on the nodes and the stewards of the impacted tables, a few queries each.)
    for n in range(30):
        target = TableFactory(schema=shop["orders"].schema, name=f"copy{n}")
        edge(shop["orders"], target, columns=[(shop["amount"], ColumnFactory(table=target, name="amount"))])
    with django_assert_max_num_queries(41):
        response = viewer_client.get(tab_url(shop["orders"]))
    assert len(response.context["impact_tables"]) == 32


def test_the_tab_costs_the_same_queries_however_many_columns_the_table_has(viewer_client):
    # The column picker lists every column: no query per column.
    narrow, wide = TableFactory(), TableFactory()
    for table, columns in ((narrow, 2), (wide, 40)):
        for position in range(columns):
            ColumnFactory(table=table, name=f"c{position}", position=position)
    viewer_client.get(tab_url(narrow))  # the session and content types load the same way every time
    with CaptureQueriesContext(connection) as narrow_queries:
        viewer_client.get(tab_url(narrow))
    with CaptureQueriesContext(connection) as wide_queries:
        response = viewer_client.get(tab_url(wide))
    assert len(response.context["lineage_columns"]) == 40
    assert len(wide_queries) == len(narrow_queries)


# --- Upload SQL ------------------------------------------------------------------------------


@pytest.fixture
def warehouse():
    schema = SchemaFactory(name="dw")
    raw = TableFactory(schema=schema, name="raw_sales")
    ColumnFactory(table=raw, name="amount", position=1)
    ColumnFactory(table=raw, name="region", position=2)
    summary = TableFactory(schema=schema, name="sales_summary")
    ColumnFactory(table=summary, name="region", position=1)
    ColumnFactory(table=summary, name="total", position=2)
    return {"raw": raw, "summary": summary}


GOOD_AND_BAD = """
INSERT INTO dw.sales_summary (region, total) SELECT region, SUM(amount) FROM dw.raw_sales GROUP BY region;
SELEC broken FROM;
"""


def test_uploaded_sql_keeps_the_good_statements_and_reports_the_bad_one(contributor_client, warehouse):
    response = contributor_client.post(
        reverse("lineage-upload"), {"sql": GOOD_AND_BAD, "dialect": "postgres"}
    )
    assert response.status_code == 200
    statements = response.context["statements"]
    assert [s.status for s in statements] == ["complete", "failed"]
    edge = TableLineageEdge.objects.get(origin=Origin.UPLOAD)
    assert (edge.source_table, edge.target_table) == (warehouse["raw"], warehouse["summary"])
    assert ColumnLineageEdge.objects.filter(
        origin=Origin.UPLOAD, target_name="dw.sales_summary.total"
    ).exists()
    html = response.content.decode()
    assert "1 complete, 0 partial, 1 failed" in html
    assert "Column mapping" in html and "dw.raw_sales.amount" in html


def test_a_sql_file_can_be_uploaded(contributor_client, warehouse):
    sql = SimpleUploadedFile("load.sql", GOOD_AND_BAD.split(";")[0].encode(), content_type="application/sql")
    response = contributor_client.post(reverse("lineage-upload"), {"file": sql, "dialect": "postgres"})
    assert [s.status for s in response.context["statements"]] == ["complete"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sql": "   ", "dialect": "postgres"}, "There is no SQL to read"),
        ({"sql": "SELECT 1", "dialect": "klingon"}, "Select a valid choice"),
    ],
)
def test_it_says_what_is_wrong_with_the_sql_sent(contributor_client, data, message):
    response = contributor_client.post(reverse("lineage-upload"), data)
    assert message in response.content.decode()
    assert not LineageStatement.objects.exists()


def test_it_refuses_files_over_the_size_limit(contributor_client, monkeypatch):
    monkeypatch.setattr(upload, "MAX_SQL_BYTES", 100)
    monkeypatch.setattr("lineage.views.MAX_SQL_BYTES", 100)
    big = SimpleUploadedFile("big.sql", b"SELECT 1;\n" * 50)
    response = contributor_client.post(reverse("lineage-upload"), {"file": big, "dialect": "postgres"})
    assert "split it into smaller files" in response.content.decode()
    assert not LineageStatement.objects.exists()


def test_viewers_see_the_form_disabled_and_cannot_submit(viewer_client):
    response = viewer_client.get(reverse("lineage-upload"))
    assert "Only contributors can add lineage" in response.content.decode()
    assert response.context["form"].fields["sql"].disabled
    assert (
        viewer_client.post(reverse("lineage-upload"), {"sql": "SELECT 1", "dialect": "postgres"}).status_code
        == 403
    )


# --- Stewards' queue -------------------------------------------------------------------------


def test_the_queue_is_for_stewards(viewer_client, contributor, steward):
    assert viewer_client.get(reverse("lineage-queue")).status_code == 403
    viewer_client.force_login(contributor)
    assert viewer_client.get(reverse("lineage-queue")).status_code == 403
    viewer_client.force_login(steward)
    assert viewer_client.get(reverse("lineage-queue")).status_code == 200


def test_the_queue_lists_failed_and_partial_statements_with_their_reasons(steward_client):
    LineageStatement.objects.create(
        origin=Origin.UPLOAD, sql="SELEC x", status="failed", error="Invalid expression (line 1, col 5)"
    )
    LineageStatement.objects.create(
        origin=Origin.UPLOAD, sql="SELECT * FROM t", status="partial", reasons=["star without a schema"]
    )
    LineageStatement.objects.create(origin=Origin.UPLOAD, sql="SELECT 1", status="complete")
    response = steward_client.get(reverse("lineage-queue"))
    assert response.status_code == 200
    assert [s.status for s in response.context["page"]] == ["partial", "failed"]
    html = response.content.decode()
    assert "Invalid expression (line 1, col 5)" in html and "star without a schema" in html


def test_the_queue_makes_a_bounded_number_of_queries(steward_client, steward, django_assert_max_num_queries):
    source, target = TableFactory(), TableFactory()
    for n in range(40):
        LineageStatement.objects.create(
            origin=Origin.UPLOAD, sql=f"SELEC {n}", status="failed", created_by=steward
        )
        TableLineageEdge.objects.create(
            origin=Origin.MANUAL, source_table=source, source_name="a.b", target_table=target,
            target_name="c.d", created_by=steward,
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        response = steward_client.get(reverse("lineage-queue") + "?page=2")
    assert len(response.context["page"]) == 15


def test_a_steward_adds_an_edge_by_hand_with_column_pairs_and_removes_it(steward_client, steward, warehouse):
    response = steward_client.post(
        reverse("lineage-queue"),
        {
            "source_table": f"{warehouse['raw'].pk} dw.raw_sales",
            "target_table": "dw.sales_summary",
            "columns": "amount -> total\nregion -> region",
        },
        follow=True,
    )
    assert "Added lineage dw.raw_sales → dw.sales_summary" in response.content.decode()
    edge = TableLineageEdge.objects.get(origin=Origin.MANUAL)
    assert (edge.source_table, edge.target_table, edge.created_by) == (
        warehouse["raw"],
        warehouse["summary"],
        steward,
    )
    assert ColumnLineageEdge.objects.filter(origin=Origin.MANUAL).count() == 2
    assert steward.username in response.content.decode()

    steward_client.post(reverse("lineage-edge-delete", args=[edge.pk]))
    assert not TableLineageEdge.objects.exists() and not ColumnLineageEdge.objects.exists()


def test_a_manual_edge_form_names_what_it_cannot_find(steward_client, warehouse):
    response = steward_client.post(
        reverse("lineage-queue"),
        {"source_table": "dw.nope", "target_table": "dw.sales_summary", "columns": "amount -> missing"},
    )
    assert "No table &#x27;dw.nope&#x27; in the catalog" in response.content.decode()
    response = steward_client.post(
        reverse("lineage-queue"),
        {"source_table": "dw.raw_sales", "target_table": "dw.sales_summary", "columns": "amount -> missing"},
    )
    assert "No column dw.sales_summary.missing" in response.content.decode()
    assert not TableLineageEdge.objects.exists()


def test_only_manual_edges_can_be_removed_and_only_by_stewards(steward_client, viewer, shop):
    view_edge = TableLineageEdge.objects.get(origin=Origin.VIEW)
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert viewer_client.post(reverse("lineage-edge-delete", args=[view_edge.pk])).status_code == 403
    response = steward_client.post(reverse("lineage-edge-delete", args=[view_edge.pk]), follow=True)
    assert "Only edges added by hand can be removed" in response.content.decode()
    assert TableLineageEdge.objects.filter(pk=view_edge.pk).exists()


def test_a_steward_marks_a_statement_reviewed_and_it_leaves_the_queue(steward_client, steward, viewer):
    statement = LineageStatement.objects.create(
        origin=Origin.UPLOAD, sql="SELEC x", status="failed", error="bad"
    )
    assert "Mark reviewed" in steward_client.get(reverse("lineage-queue")).content.decode()
    steward_client.post(reverse("lineage-statement-reviewed", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.reviewed_by == steward
    assert list(steward_client.get(reverse("lineage-queue")).context["page"]) == []
    unreviewed = steward_client.get(
        "/api/lineage/statements/", {"status": "failed", "reviewed": "false"}
    ).json()
    assert unreviewed["count"] == 0
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert viewer_client.post(reverse("lineage-statement-reviewed", args=[statement.pk])).status_code == 403

"""The Lineage tab's graph in a real browser: crawled view lineage, column level, expanding a node,
clicking through, and a 1,500-node graph that must stay readable and responsive."""

import json

import pytest
from playwright.sync_api import expect

from catalog.models import Table
from catalog.permissions import SYSTEM
from catalog.roles import VIEWER
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from tests.browser.conftest import save_screenshot
from tests.catalog.crawl.conftest import SqliteSource
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crawled(tmp_path, settings):
    """A SQLite source: sales.orders and sales.regions feed the view sales.v_region_totals, which
    sales.v_top_regions reads."""
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    sqlite = SqliteSource(tmp_path / "shop")
    sqlite.execute(
        "sales",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, region_id INTEGER, amount REAL)",
        "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT)",
        "CREATE VIEW v_region_totals AS SELECT r.name AS region, SUM(o.amount) AS total "
        "FROM orders o JOIN regions r ON r.id = o.region_id GROUP BY r.name",
        "CREATE VIEW v_top_regions AS SELECT region, total FROM v_region_totals WHERE total > 100",
    )
    source = source_save(user=SYSTEM, name="Shop", url=sqlite.url)
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source(run_id=run.pk)
    UserFactory(username="vera", role=VIEWER)
    return {table.name: table for table in Table.objects.filter(source=source)}


def node(page, table):
    return page.locator(f'.lineage-svg [data-node="table:{table.pk}"]')


def test_a_reader_explores_the_lineage_of_a_view(page, live_server, log_in, crawled):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("vera")
    view = crawled["v_region_totals"]
    page.goto(f"{live_server.url}/tables/{view.pk}/lineage/?depth=1")

    expect(node(page, view)).to_have_class("lineage-node kind-view start")
    expect(node(page, crawled["orders"])).to_be_visible()
    expect(node(page, crawled["regions"])).to_be_visible()
    expect(node(page, crawled["v_top_regions"])).to_be_visible()
    expect(page.locator(".lineage-svg path.lineage-edge")).to_have_count(3)
    expect(page.locator("[data-lineage-edges] tbody tr")).to_have_count(3)
    expect(page.locator("[data-lineage-impact]")).to_contain_text("sales.v_top_regions")

    # Column level: column boxes, the transformed SUM drawn dashed.
    page.get_by_label("Columns").check()
    expect(page.locator('.lineage-svg [data-node^="column:"]').first).to_be_visible()
    expect(page.locator(".lineage-svg path.lineage-edge.transformed").first).to_be_attached()
    expect(page.locator("[data-lineage-edges]")).to_contain_text("orders.amount")
    assert "level=column" in page.url

    # Back to tables at depth 1 upstream only, then expand the orders box: nothing new upstream of
    # it, but the expansion merges (no reload) and keeps what was there.
    page.get_by_label("Tables").check()
    page.get_by_label("Direction").select_option("up")
    expect(node(page, crawled["v_top_regions"])).to_have_count(0)
    page.get_by_label("Direction").select_option("down")
    expect(node(page, crawled["v_top_regions"])).to_be_visible()
    node(page, crawled["v_top_regions"]).locator(".lineage-expand").click()
    expect(node(page, crawled["v_top_regions"])).to_be_visible()
    node(page, view).locator(".lineage-expand").click()
    expect(node(page, crawled["orders"])).to_be_visible()
    expect(node(page, crawled["regions"])).to_be_visible()
    expect(page.locator("[data-lineage-status]")).to_contain_text("4 nodes, 3 edges")

    page.get_by_role("button", name="Fit").click()
    save_screenshot(page, "lineage.png")

    # Click through to the upstream table's own lineage.
    node(page, crawled["orders"]).locator("rect").click()
    expect(page).to_have_url(f"{live_server.url}/tables/{crawled['orders'].pk}/lineage/")
    expect(node(page, crawled["orders"])).to_have_class("lineage-node kind-table start")


def synthetic_payload(start_id, size=1500, schemas=12):
    """A start table fed by `size` tables spread over `schemas` schemas, two layers deep."""
    nodes = [
        {"id": f"table:{start_id}", "label": "start", "title": "", "group": "Big / core",
         "table_id": start_id, "kind": "view", "url": None, "start": True},
    ]  # fmt: skip
    edges = []
    for n in range(size):
        nodes.append(
            {"id": f"table:{10_000 + n}", "label": f"t{n}", "title": "", "group": f"Big / s{n % schemas}",
             "table_id": 10_000 + n, "kind": "table", "url": None, "start": False}
        )  # fmt: skip
        feeds = f"table:{start_id}" if n < size // 2 else f"table:{10_000 + n - size // 2}"
        edges.append({"source": f"table:{10_000 + n}", "target": feeds, "transformed": False,
                      "origins": ["upload"], "edge_ids": [n]})  # fmt: skip
    return {"level": "table", "nodes": nodes, "edges": edges, "truncated": False}


def test_a_graph_of_1500_nodes_starts_grouped_by_schema_and_stays_responsive(
    page, live_server, log_in, crawled
):
    page.set_viewport_size({"width": 1280, "height": 900})
    view = crawled["v_region_totals"]
    payload = json.dumps(synthetic_payload(view.pk))
    page.route(
        "**/api/lineage/graph/**",
        lambda route: route.fulfill(status=200, content_type="application/json", body=payload),
    )
    log_in("vera")
    page.goto(f"{live_server.url}/tables/{view.pk}/lineage/")
    expect(node(page, view)).to_be_visible()

    # Responsiveness comes from what is drawn (group boxes, a cap), asserted below; speed is for bench/.
    page.get_by_label("Depth").select_option("3")  # fetches: the route answers with the big graph
    expect(page.locator("[data-lineage-status]")).to_contain_text("1501 nodes, 1500 edges")
    # Twelve schema boxes with their counts, and the start node: nowhere near 1,500 SVG nodes.
    expect(page.locator(".lineage-svg .group-node")).to_have_count(12)
    expect(page.locator(".lineage-svg .lineage-node")).to_have_count(13)
    expect(page.locator('.lineage-svg [data-node="group:Big / s0"]')).to_contain_text("125 tables")
    expect(page.locator("[data-lineage-status]")).to_contain_text("12 schemas collapsed")
    # The edge list is capped too.
    expect(page.locator("[data-lineage-edges] tbody tr")).to_have_count(501)

    # Open one schema: its 125 tables appear, the other schemas stay boxes.
    page.locator('.lineage-svg [data-node="group:Big / s0"]').click()
    expect(page.locator('.lineage-svg [data-node="table:10000"]')).to_be_visible()
    expect(page.locator(".lineage-svg .group-node")).to_have_count(11)
    # Opening everything draws no more than the cap, and says how many were left out.
    page.get_by_role("button", name="Expand schemas").click()
    expect(page.locator("[data-lineage-status]")).to_contain_text("more…")
    assert page.locator(".lineage-svg .lineage-node").count() <= 250
    # Pan and zoom still answer.
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Collapse schemas").click()
    expect(page.locator(".lineage-svg .group-node")).to_have_count(12)


def test_if_this_changes_follows_the_selected_column(page, live_server, log_in, crawled):
    log_in("vera")
    regions = crawled["regions"]
    page.goto(f"{live_server.url}/tables/{regions.pk}/lineage/")
    impact = page.locator("[data-lineage-impact]")
    expect(impact).to_contain_text("sales.v_region_totals.region")
    id_column = regions.columns.get(name="id")
    page.locator('[data-lineage-controls] select[name="column"]').select_option(str(id_column.pk))
    # regions.id only joins; nothing is derived from it, so nothing downstream changes with it.
    expect(impact).to_contain_text("Nothing recorded reads from this column.")
    expect(impact).not_to_contain_text("v_region_totals.region")
    name_column = regions.columns.get(name="name")
    page.locator('[data-lineage-controls] select[name="column"]').select_option(str(name_column.pk))
    expect(impact).to_contain_text("sales.v_top_regions.region")

"""The demo's query history in a real browser: a newcomer opens the most used table and sees who
uses it, the queries, what it is joined to and how it is filtered."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_queries_joins_filters_and_top_users_on_the_demo(page, live_server, log_in, demo):
    log_in("viewer", "viewer-demo")
    page.goto(f"{live_server.url}/tables/{demo.pk}/")
    panel = page.locator('[data-panel="top-users"]')
    expect(panel).to_contain_text("ana.lytics")
    page.locator("nav.tabs").get_by_role("link", name="Queries").click()
    expect(page.get_by_role("heading", name="Saved queries using this table")).to_be_visible()
    expect(page.locator(".logged-queries li").first).to_contain_text("summ_top_drg")
    page.locator(".logged-queries li a").first.click()
    expect(page.get_by_role("heading", name="Who runs it")).to_be_visible()
    page.goto(f"{live_server.url}/tables/{demo.pk}/queries/")
    page.locator(".saved-queries").get_by_role(
        "link", name="Hip replacements: average payment by state"
    ).click()
    expect(page.locator("pre.highlighted .sql-k").first).to_have_text("SELECT")
    expect(page.locator(".markdown strong")).to_have_text("DRG 470")
    expect(page.get_by_role("heading", name="Tables")).to_be_visible()
    expect(page.locator("ul.assetlist")).to_contain_text("ipps.lu_drg")
    page.goto(f"{live_server.url}/tables/{demo.pk}/joins/")
    expect(page.locator("table.grid")).to_contain_text("ipps.lu_drg")
    page.goto(f"{live_server.url}/tables/{demo.pk}/filters/")
    expect(page.locator("table.grid")).to_contain_text("provider_state")

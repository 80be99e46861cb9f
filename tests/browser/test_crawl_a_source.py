import pytest
from playwright.sync_api import expect

import demo
from catalog.roles import ADMIN, CONTRIBUTOR
from tests.browser.conftest import save_screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_registers_and_crawls_a_source_then_a_contributor_describes_a_table(
    page, live_server, log_in, tmp_path, settings, tasks_in_process
):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    demo.build_sqlite(tmp_path / "demo")
    UserFactory(username="ada", role=ADMIN)
    UserFactory(username="carl", role=CONTRIBUTOR)
    page.set_viewport_size({"width": 1280, "height": 800})

    log_in("ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sources").click()
    page.get_by_role("link", name="Add a source").click()
    page.get_by_label("Name").fill("MySQL Analytics")
    page.get_by_label("Connection URL").fill(f"sqlite:///{tmp_path / 'demo'}")
    page.get_by_role("button", name="Test connection").click()
    expect(page.get_by_text("Connection succeeded.")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="MySQL Analytics")).to_be_visible()
    page.get_by_role("button", name="Crawl now").click()
    expect(page.get_by_text("Succeeded").first).to_be_visible()
    page.get_by_role("link", name="ipps").click()
    page.get_by_role("link", name="summ_top_drg").click()
    expect(page.locator(".breadcrumb")).to_contain_text("MySQL Analytics / ipps . summ_top_drg")
    page.locator("summary", has_text="ada").click()
    page.get_by_role("button", name="Log out").click()

    log_in("carl")
    page.goto(f"{live_server.url}/browse/?q=summ_top_drg")
    page.get_by_role("link", name="summ_top_drg").click()
    page.get_by_text("Edit title and description").click()
    page.get_by_label("Title").fill("Top DRGs by provider")
    page.get_by_role("textbox", name="Description").fill(
        "Inpatient payments for the **top 100 DRGs**, per provider."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Top DRGs by provider")).to_be_visible()
    expect(page.locator(".markdown strong")).to_have_text("top 100 DRGs")
    save_screenshot(page, "table-overview.png")
    page.get_by_role("link", name="Columns").click()
    expect(page.get_by_role("cell", name="provider_state")).to_be_visible()
    save_screenshot(page, "table-columns.png")
    page.get_by_role("link", name="Samples").click()
    expect(page.locator("table.grid tbody tr")).to_have_count(100)

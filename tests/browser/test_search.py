"""Searching in a real browser: autocomplete in the header box, and the results page."""

import re

import pytest
from playwright.sync_api import expect

from catalog.roles import VIEWER
from catalog.search import index_source
from tests.browser.conftest import save_screenshot
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(db):
    UserFactory(username="ana.lytics", role=VIEWER)
    summ = TableFactory(
        name="summ_top_drg",
        schema__name="ipps",
        schema__source__name="Demo",
        description="Discharges and payments of the top diagnosis related groups.",
    )
    ColumnFactory(table=summ, name="drg_definition", description="DRG code and name")
    TableFactory(name="summary_daily", schema=summ.schema, description="Daily **summary** <b>of</b> `x < y`")
    index_source(summ.source)
    return summ


def test_autocomplete_is_keyboard_navigable_and_enter_opens_the_asset(page, live_server, log_in, catalog):
    log_in("ana.lytics")
    box = page.get_by_role("searchbox", name="Search the catalog")
    box.press_sequentially("summ_t", delay=30)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options.first).to_contain_text("summ_top_drg")
    expect(page.locator("[data-search-combobox]")).to_have_attribute("aria-expanded", "true")
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    box.press("ArrowDown")
    expect(options.first).to_contain_text("summ_top_drg")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-0")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/tables/{catalog.pk}/$"))
    expect(page.get_by_role("heading", name="summ_top_drg")).to_be_visible()


def test_the_results_page_shows_facets_and_highlighted_snippets(page, live_server, log_in, catalog):
    log_in("ana.lytics")
    box = page.get_by_role("searchbox", name="Search the catalog")
    box.fill("summ")
    box.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Showing everything"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Data"))).to_contain_text("3")
    expect(page.get_by_role("checkbox", name=re.compile("Demo"))).to_be_visible()
    expect(page.locator(".snippet mark").first).to_have_text(re.compile("summ", re.I))
    # The rendered text, as text: no Markdown markers, no tags, "<" shown as itself.
    expect(page.locator(".snippet").filter(has_text="Daily summary of x < y")).to_have_count(1)
    expect(page.locator(".snippet b")).to_have_count(0)
    page.get_by_role("checkbox", name=re.compile("Table")).click()
    expect(page.get_by_role("checkbox", name=re.compile("Table"))).to_have_attribute("aria-checked", "true")
    page.set_viewport_size({"width": 1280, "height": 800})
    save_screenshot(page, "search.png")

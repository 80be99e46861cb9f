"""The trust layer on the demo in a real browser: the seed's page shows 8 endorsements, its
stewards and tags; a viewer endorses; a steward flags and tags; search shows the flag."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_endorsing_flagging_tagging_and_stewards_on_the_demo(page, live_server, log_in, demo):
    log_in("admin", "admin-demo")
    page.goto(f"{live_server.url}/tables/{demo.pk}/")
    endorsements = page.locator('[data-panel="endorsements"]')
    expect(endorsements.get_by_role("heading")).to_have_text("8 Endorsements")
    expect(endorsements).to_contain_text("Anders Fischer")
    expect(page.locator('[data-panel="stewards"]')).to_contain_text("steward")
    expect(page.locator('[data-panel="tags"]')).to_contain_text("Healthcare")
    expect(page.locator('[data-notice="trust"]')).to_contain_text("Endorsed")

    # The admin endorses: the ninth.
    endorsements.get_by_role("button", name="Endorse").click()
    expect(page.locator('[data-panel="endorsements"]').get_by_role("heading")).to_have_text("9 Endorsements")

    # A warning flag, with its reason, shows under the title.
    panel = page.locator('[data-panel="endorsements"]')
    panel.locator("summary").click()
    panel.locator('select[name="flag"]').select_option("warning")
    panel.locator('input[name="reason"]').fill("Figures for 2015 are being reloaded")
    panel.get_by_role("button", name="Save flag").click()
    expect(page.locator('[data-notice="trust"]')).to_contain_text("Figures for 2015 are being reloaded")

    # A free tag, then its tag page lists the table.
    tags = page.locator('[data-panel="tags"]')
    tags.locator('input[name="name"]').fill("Raj's Project")
    tags.get_by_role("button", name="Add tag").click()
    page.locator('[data-tag="rajs-project"]').click()
    expect(page.locator("table.grid")).to_contain_text("summ_top_drg")

    # A column inherits the table's stewards, and says so.
    page.goto(f"{live_server.url}/columns/{demo.columns.get(name='drg').pk}/")
    expect(page.locator('[data-panel="stewards"] [data-inherited]')).to_contain_text("summ_top_drg")

    # Search shows the flag as a badge.
    page.goto(f"{live_server.url}/search/?q=summ_top_drg")
    expect(page.locator('.badge[data-facet="trust"]').first).to_have_text("warning")

"""The glossary on the demo in a real browser: the seeded terms are listed A to Z; a steward adds
a term, links a table to it by name, and the table's page shows it in its Glossary terms panel;
search finds the term by a synonym."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_steward_adds_a_term_links_a_table_and_sees_it_on_the_tables_page(page, live_server, log_in, demo):
    log_in("steward", "steward-demo")
    page.locator('[data-nav="glossary"]').click()
    expect(page.get_by_role("heading", name="Glossary", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Diagnosis-Related Group")  # seeded: DRG

    page.locator("[data-glossary-new]").click()
    form = page.locator("[data-term-form]")
    form.get_by_label("Name", exact=True).fill("Readmission")
    form.get_by_label("Definition").fill("A new inpatient stay **within 30 days** of a discharge.")
    form.get_by_label("Synonyms").fill("Rehospitalization, 30-day readmission")
    form.get_by_role("button", name="Add the term").click()
    expect(page.locator("[data-term-name]")).to_contain_text("Readmission")
    expect(page.locator("[data-definition] strong")).to_have_text("within 30 days")

    links = page.locator("[data-link-form]")
    links.get_by_label("Link a table or column").fill("ipps.summ_top_drg")
    links.get_by_role("button", name="Link").click()
    assets = page.locator("[data-term-assets]")
    expect(assets).to_contain_text("summ_top_drg")
    expect(assets.locator(".badge.type")).to_have_text("table")

    assets.get_by_role("link", name="summ_top_drg").click()
    panel = page.locator('[data-panel="glossary"]')
    expect(panel).to_contain_text("Readmission")
    expect(panel).to_contain_text("DRG")  # linked by the demo's seed
    panel.get_by_role("link", name="Readmission").click()
    expect(page.locator("[data-term-name]")).to_contain_text("Readmission")

    page.goto(f"{live_server.url}/search/?q=rehospitalization")
    expect(page.locator("main")).to_contain_text("Readmission")
    expect(page.locator("main")).to_contain_text("Glossary")

"""Asset mentions in a real browser on the demo: typing [[ in an article's text lists assets from
search, the keyboard picks one and inserts [[schema.table]]; the published mention shows a hover
card with its type, name and description. The same autocomplete works in a table's description
editor, and Escape closes it."""

import pytest
from playwright.sync_api import expect

from catalog.markdown import markdown_text
from catalog.models import Table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo):
    """The demo catalog; this test works on ipps.lu_drg."""
    return Table.objects.get(schema__name="ipps", name="lu_drg")


def test_autocomplete_inserts_a_mention_and_the_card_shows(page, live_server, log_in, demo):
    log_in("contributor", "contributor-demo")
    page.goto(f"{live_server.url}/discussions/articles/new/")
    page.get_by_label("Title").fill("Where the DRG names are")
    text = page.get_by_label("Text")
    text.press_sequentially("Names are in [[lu_dr")
    listbox = page.get_by_role("listbox", name="Mention suggestions")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").filter(has_text="ipps.lu_drg").first
    expect(option).to_be_visible()
    expect(text).to_have_attribute("aria-expanded", "true")
    # Arrows move the highlight; pick the lookup table with the keyboard.
    options = listbox.get_by_role("option")
    names = options.locator(".suggestion-name").all_inner_texts()
    index = names.index("ipps.lu_drg")
    for _ in range(index):
        text.press("ArrowDown")
    expect(options.nth(index)).to_have_attribute("aria-selected", "true")
    text.press("Enter")
    expect(listbox).to_be_hidden()
    expect(text).to_have_value("Names are in [[ipps.lu_drg]]")
    text.press_sequentially(" and ask @stew")
    person = page.get_by_role("listbox", name="Mention suggestions").get_by_role("option", name="steward")
    expect(person.first).to_be_visible()
    text.press("Enter")
    expect(text).to_have_value("Names are in [[ipps.lu_drg]] and ask @steward ")
    page.get_by_role("button", name="Publish").click()

    mention = page.locator("[data-article-body] a.mention.asset")
    expect(mention).to_contain_text("ipps.lu_drg")
    mention.hover()
    card = page.get_by_role("tooltip")
    expect(card).to_be_visible()
    expect(card.locator(".badge.type")).to_have_text("Table")
    expect(card).to_contain_text("ipps.lu_drg")
    excerpt = markdown_text(demo.description or demo.comment)[:30]
    assert excerpt  # the demo describes its lookup table
    expect(card.locator(".hovercard-text")).to_contain_text(excerpt)
    page.mouse.move(0, 0)
    expect(card).to_be_hidden()
    # Keyboard users get the card on focus, and Escape hides it.
    mention.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("tooltip")).to_be_hidden()

    # The table's description editor (a catalog template) has the same autocomplete.
    page.goto(f"{live_server.url}/tables/{demo.pk}/")
    page.get_by_text("Edit title and description").click()
    editor = page.locator("textarea[data-markdown][name=description]")
    editor.press("Control+End")
    editor.press_sequentially(" See [[summ_top")
    listbox = page.get_by_role("listbox", name="Mention suggestions")
    expect(listbox.get_by_role("option").first).to_be_visible()
    editor.press("Escape")
    expect(listbox).to_be_hidden()

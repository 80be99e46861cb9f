"""Articles and following in a real browser on the demo: a contributor finds the demo's article,
writes one about a table, edits it and reads the diff; someone follows a conversation and sees
the reply in their inbox, with the unread count in the header."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import Table
from discussions.models import Conversation
from discussions.services.posts import post_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo):
    """The demo catalog; this test works on ipps.lu_drg."""
    return Table.objects.get(schema__name="ipps", name="lu_drg")


def test_write_edit_read_history_follow_and_get_notified(page, live_server, log_in, demo):
    log_in("contributor", "contributor-demo")
    page.locator("#mainnav").get_by_role("link", name="Articles").click()
    expect(page.locator("ul.articles")).to_contain_text("How to compare hospital payments")
    page.get_by_role("link", name="Write an article").click()
    page.get_by_label("Title").fill("MDC 08 in one query")
    page.get_by_label("Text").fill("Surgical DRGs of **MDC 08** are in [[ipps.lu_drg]].\n\nFilter on `mdc`.")
    page.get_by_label("About").fill("ipps.lu_drg")
    page.get_by_role("button", name="Publish").click()
    body = page.locator("[data-article-body]")
    expect(body.locator("strong")).to_have_text("MDC 08")
    expect(body.locator("a.mention.asset")).to_contain_text("ipps.lu_drg")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Text").fill(
        "Surgical DRGs of **MDC 08** are in [[ipps.lu_drg]].\n\nFilter on `mdc = '08'`."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="History (2)").click()
    newest = page.locator('[data-revision="2"] .diff')
    expect(newest.locator(".removed")).to_have_text(["-Filter on `mdc`."])
    expect(newest.locator(".added")).to_have_text(["+Filter on `mdc = '08'`."])
    page.goto(f"{live_server.url}/tables/{demo.pk}/")
    expect(page.locator('[data-panel="articles"]')).to_contain_text("MDC 08 in one query")

    page.context.clear_cookies()
    log_in("admin", "admin-demo")  # the one demo user who took no part in this conversation
    conversation = Conversation.objects.get(title="I want 2014 data, is that archived?")
    page.goto(f"{live_server.url}/discussions/conversations/{conversation.pk}/")
    page.locator("[data-follow]").click()
    expect(page.locator("[data-follow]")).to_have_text("Unfollow")
    post_reply(
        user=get_user_model().objects.get(username="steward"),
        conversation=conversation,
        body="2014 is loaded now.",
    )
    page.reload()
    expect(page.locator('#mainnav [data-nav="inbox"] [data-nav-count]')).to_be_visible()
    page.locator("#mainnav").get_by_role("link", name="Inbox").click()
    expect(page.locator(".activity li.unread").first).to_contain_text("I want 2014 data")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#mainnav [data-nav-count]")).to_have_count(0)

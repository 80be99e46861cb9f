import pytest
from playwright.sync_api import expect

from catalog.roles import VIEWER
from tests.browser.conftest import save_screenshot
from tests.factories import TableFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_in_sees_the_home_page_and_logs_out(page, live_server, log_in):
    UserFactory(username="ana.lytics", first_name="Ana", last_name="Lytics", role=VIEWER)
    TableFactory(name="summ_top_drg", schema__name="ipps", schema__source__name="MySQL Analytics")
    page.goto(live_server.url)
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")

    log_in("ana.lytics")
    expect(page.get_by_role("heading", name="Welcome, Ana Lytics")).to_be_visible()
    expect(page.get_by_role("link", name="summ_top_drg")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search the catalog")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 720})
    save_screenshot(page, "home.png")

    page.get_by_text("Ana Lytics", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_a_wrong_password_is_refused(page, live_server, log_in):
    UserFactory(username="ana.lytics", role=VIEWER)
    log_in("ana.lytics", password="not-my-password")
    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_after_too_many_failures_the_page_says_the_account_is_locked(page, live_server, log_in, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    UserFactory(username="ana.lytics", role=VIEWER)
    for _ in range(3):
        log_in("ana.lytics", password="not-my-password")
    log_in("ana.lytics")  # the right password, while locked
    expect(page.get_by_role("alert")).to_contain_text("Too many failed log-ins")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_the_menu_works_on_a_phone(page, live_server, log_in):
    UserFactory(username="ana.lytics", role=VIEWER)
    page.set_viewport_size({"width": 390, "height": 800})
    log_in("ana.lytics")
    browse = page.get_by_role("link", name="Browse")
    expect(browse).to_be_hidden()
    page.get_by_role("button", name="☰").click()
    browse.click()
    expect(page.get_by_role("heading", name="Browse")).to_be_visible()

"""Log-ins are throttled per account and per address: after too many failures the account (or
the address) is locked for a few minutes, even with the right password, on the login page and the
admin site's; the page says why. A success clears the account's count."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.logins import locked_for

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-1"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    settings.LOGIN_LOCK_SECONDS = 300


@pytest.fixture
def person(viewer):
    viewer.set_password(PASSWORD)
    viewer.save()
    return viewer


def _login(client, username, password, address="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_an_account_is_locked_after_n_failures_even_for_the_right_password(client, person):
    for _ in range(2):
        response = _login(client, person.username, "wrong")
        assert "didn't match" in response.content.decode()
    third = _login(client, person.username, "wrong")
    assert "Too many failed log-ins" in third.content.decode() and "5 minutes" in third.content.decode()
    # Locked: the right password is not even checked, from another address too.
    response = _login(client, person.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 200 and "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_lock_time(client, person, settings):
    for _ in range(3):
        _login(client, person.username, "wrong")
    assert 290 < locked_for(person.username, None) <= 300
    cache.clear()
    settings.LOGIN_LOCK_SECONDS = 1
    for _ in range(3):
        _login(client, person.username, "wrong")
    assert locked_for(person.username, None) == 1
    time.sleep(1.1)
    assert locked_for(person.username, None) == 0
    assert _login(client, person.username, PASSWORD).status_code == 302


def test_an_address_is_locked_after_failures_across_accounts(client, person):
    for number in range(5):
        _login(client, f"nobody{number}", "wrong", address="10.9.9.9")
    response = _login(client, person.username, PASSWORD, address="10.9.9.9")
    assert "Too many failed log-ins" in response.content.decode()
    # The account itself is not locked: from another address it logs in.
    assert _login(client, person.username, PASSWORD, address="10.0.0.3").status_code == 302


def test_a_success_clears_the_accounts_count(client, person):
    for _ in range(2):
        _login(client, person.username, "wrong")
    assert _login(client, person.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        _login(client, person.username, "wrong")
    assert _login(client, person.username, PASSWORD).status_code == 302


def test_the_admin_sites_login_is_throttled_too(client, admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    url = reverse("admin:login")
    for _ in range(3):
        _login(client, admin_user.username, "wrong", url=url)
    response = _login(client, admin_user.username, PASSWORD, url=url)
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session

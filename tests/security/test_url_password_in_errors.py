"""A password typed inside a URL is never echoed, whole or in part, in an error: not when it holds
'/', '?', '#' or '@' (which URL parsing takes for the end of the password), not on any path."""

import re

import pytest

from catalog.connectors import ConnectorError
from catalog.services.connections import check_url_allowed

pytestmark = pytest.mark.django_db
PASSWORDS = [
    "Zq8Xk3?Wp9Lm2",
    "Zq8Xk3#Wp9Lm2",
    "Zq8Xk3/Wp9Lm2",
    "Zq8Xk3?Wp9Lm2#Tr5Hn7",
    "Zq8Xk3@Wp9Lm2?Tr5Hn7",
    "Zq8Xk3:Wp9Lm2?Tr5Hn7",
    "Zq8Xk3?Wp9=Lm2&Tr5=Hn7",
    "#Zq8Xk3Wp9",
    "Zq8Xk3Wp9?",
    "Zq8Xk3%Wp9?Lm2",
]
URLS = [
    "postgresql://alice:{}@127.0.0.1:5432/db",
    "mysql://alice:{}@127.0.0.1/db",
    "postgresql://alice:{}@127.0.0.1:5432/db?sslmode=require",
]


def _pieces(password: str) -> list[str]:
    """Every run of three or more characters between delimiters: what a partial echo shows."""
    return [piece for piece in re.split(r"[/?#@:=&%]", password) if len(piece) >= 3]


def _assert_hidden(text: str, password: str) -> None:
    for piece in _pieces(password):
        assert piece not in text, f"{piece!r} of the password echoed in {text!r}"


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("template", URLS)
def test_url_checks_never_echo_the_password(password, template):
    url = template.format(password)
    try:
        check_url_allowed(url)
    except ConnectorError as exc:
        _assert_hidden(exc.message, password)
        _assert_hidden(exc.detail or "", password)


@pytest.mark.parametrize("password", PASSWORDS)
def test_api_and_pages_never_echo_the_password(admin_client_, password):
    url = URLS[0].format(password)
    created = admin_client_.post("/api/sources/", {"name": "S", "url": url}, content_type="application/json")
    tested = admin_client_.post(
        "/api/sources/test-connection/", {"url": url}, content_type="application/json"
    )
    page = admin_client_.post("/sources/add/", {"name": "S", "url": url, "sample_rows": "100"})
    page_test = admin_client_.post(
        "/sources/add/", {"name": "S", "url": url, "sample_rows": "100", "test": "1"}
    )
    for response in (created, tested, page, page_test):
        assert response.status_code in (200, 400)
        _assert_hidden(response.content.decode(), password)
    assert created.status_code == 400

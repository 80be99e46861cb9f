"""The catalog is not a port scanner: a source URL names only its engine's usual ports unless the
operator allows more, and a port where no database answers reads the same whether it is closed,
or open with something else listening (a hang-up, garbage, or silence)."""

import socket

import pytest

from catalog.connectors import ConnectorError
from catalog.connectors.urls import check_source_allowed, parse_source_url
from catalog.services import connections
from tests.security.listener import Listener

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def _message(url: str) -> tuple[str, str]:
    with pytest.raises(ConnectorError) as error:
        connections.test_connection(url, "pw")
    return error.value.code, error.value.message.replace(url.split("@")[1].split("/")[0], "HOST")


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
def test_an_open_non_database_port_reads_like_a_closed_one(settings, engine):
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    settings.CRAWL_CONNECT_TIMEOUT = settings.CRAWL_STATEMENT_TIMEOUT = 1
    http = Listener(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    hangup = Listener(b"")
    silent = Listener(None)
    try:
        closed = _message(f"{engine}://u@127.0.0.1:{_closed_port()}/db")
        answers = {
            "http": _message(f"{engine}://u@127.0.0.1:{http.port}/db"),
            "hang-up": _message(f"{engine}://u@127.0.0.1:{hangup.port}/db"),
            "silent": _message(f"{engine}://u@127.0.0.1:{silent.port}/db"),
        }
    finally:
        for listener in (http, hangup, silent):
            listener.close()
    assert closed == ("unreachable", "Could not reach HOST — check host and port")
    assert answers == {name: closed for name in answers}
    assert http.connections and hangup.connections and silent.connections  # they were reached


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@127.0.0.1:22/db",
        "postgresql://u@127.0.0.1:6379/db",
        "postgresql://u@127.0.0.1:3306/db",
        "mysql://u@127.0.0.1:5432/db",
        "mysql://u@127.0.0.1:80/db",
        "sqlalchemy+postgresql+psycopg://u@127.0.0.1:11211/db",
        "mssql+pyodbc://u@127.0.0.1:25/db",
    ],
)
def test_ports_other_than_the_engines_are_refused_before_any_connection(settings, url):
    settings.SOURCE_ALLOWED_PORTS = []
    with pytest.raises(ConnectorError) as error:
        connections.test_connection(url, None)
    assert error.value.code == "blocked"
    assert "SOURCE_ALLOWED_PORTS" in error.value.message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@127.0.0.1/db",
        "postgresql://u@127.0.0.1:5432/db",
        "postgresql://u@127.0.0.1:5439/db",
        "postgresql://u@127.0.0.1:6432/db",
        "mysql://u@127.0.0.1:3307/db",
        "mysql://u@127.0.0.1/db",
    ],
)
def test_the_usual_ports_are_allowed(url):
    check_source_allowed(parse_source_url(url), allowed_hosts=["127.0.0.1"], sqlite_dirs=[])


def test_the_operator_allows_more_ports():
    config = parse_source_url("postgresql://u@127.0.0.1:15432/db")
    with pytest.raises(ConnectorError):
        check_source_allowed(config, allowed_hosts=["127.0.0.1"], sqlite_dirs=[])
    for extra in (["15432"], ["15000-16000"], ["*"]):
        check_source_allowed(config, allowed_hosts=["127.0.0.1"], sqlite_dirs=[], allowed_ports=extra)


def test_an_admin_saving_a_source_on_another_port_gets_the_reason(admin_client_, settings):
    settings.SOURCE_ALLOWED_PORTS = []
    response = admin_client_.post(
        "/api/sources/",
        {"name": "S", "url": "postgresql://u@127.0.0.1:8080/db"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Port 8080" in response.json()["error"]["message"]

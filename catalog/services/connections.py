"""Reaching a source: every connection goes through the URL guard and the configured timeouts."""

from django.conf import settings

from catalog.connectors import Connector, connector_for_url, parse_source_url
from catalog.connectors.urls import check_source_allowed


def _allowlists() -> dict:
    return {"allowed_hosts": settings.SOURCE_ALLOWED_HOSTS, "sqlite_dirs": settings.SOURCE_SQLITE_DIRS}


def connector_for(url: str, password: str | None) -> Connector:
    return connector_for_url(
        url,
        password,
        **_allowlists(),
        statement_timeout_s=settings.CRAWL_STATEMENT_TIMEOUT,
        connect_timeout_s=settings.CRAWL_CONNECT_TIMEOUT,
    )


def open_connector(source) -> Connector:
    return connector_for(source.url, source.password)


def check_url_allowed(url: str, password: str | None = None):
    """Parse and vet a URL without connecting; raises ConnectorError with a user-facing message."""
    return check_source_allowed(parse_source_url(url, password), **_allowlists())


def test_connection(url: str, password: str | None) -> None:
    """Connect and run a trivial query; raises ConnectorError saying what went wrong."""
    with connector_for(url, password) as connector:
        connector.test_connection()

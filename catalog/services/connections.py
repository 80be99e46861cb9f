"""Reaching a source: every connection goes through the URL guard and the configured timeouts."""

from urllib.parse import unquote

from django.conf import settings

from catalog.connectors import Connector, connector_for_url, parse_source_url
from catalog.connectors.urls import check_source_allowed


def _allowlists() -> dict:
    return {
        "allowed_hosts": settings.SOURCE_ALLOWED_HOSTS,
        "sqlite_dirs": settings.SOURCE_SQLITE_DIRS,
        "allowed_ports": settings.SOURCE_ALLOWED_PORTS,
    }


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


MASK = "********"


def _url_secrets(url: str) -> list[str]:
    """What in a URL may be a password: the userinfo password, or a non-numeric "port" when the
    host was forgotten (postgresql://user:secret/db), which URL parsing errors would echo."""
    netloc = url.partition("://")[2].split("/", 1)[0].split("?", 1)[0]
    userinfo, at, hostport = netloc.rpartition("@")
    found = []
    if at and ":" in userinfo:
        found.append(userinfo.partition(":")[2])
    port = (hostport if at else netloc).rpartition(":")[2]
    if ":" in (hostport if at else netloc) and port and not port.isdigit():
        found.append(port)
    return [secret for value in found if value for secret in {value, unquote(value)}]


def url_without_password(url: str) -> str:
    """The URL as typed without whatever may be its password: everything between the first ':' of
    the userinfo and the last '@' (where a password holding '/', '?' or '#' ends). Removed, not
    masked, so that a form sent again does not store the mask as the password."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    user, colon, secret = userinfo.partition(":")
    if not (sep and at and colon and secret) or secret.split("/", 1)[0].isdigit():
        return url
    return f"{scheme}://{user}@{host}"


def safe_message(message: str, url: str, password: str | None) -> str:
    """A message for the user with every secret of the URL and the password masked, longest first."""
    for secret in sorted({x for x in (password, *_url_secrets(url)) if x}, key=len, reverse=True):
        message = message.replace(secret, MASK)
    return message

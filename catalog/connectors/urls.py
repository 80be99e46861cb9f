"""Source URL parsing and the safety guard.

A source URL is user input: "test connection" must not become a way to probe internal hosts, cloud
metadata endpoints or local files. parse_source_url() only parses; check_source_allowed() decides
and returns a config pinned to the vetted IP address. Both are pure (the allowlists are arguments).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from dataclasses import replace
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from .base import ConnectionConfig, ConnectorError
from .registry import connector_for_engine, engine_for_scheme, generic_connector

# Which engine reads a scheme, its default port, the URL options a user may set (anything that reads
# local files, overrides the vetted host or sets server parameters is refused) and the ports it
# usually listens on are attributes of each connector class, read through the registry.
BLOCKED_NETWORKS = [
    ipaddress.ip_network(n)
    for n in ("169.254.0.0/16", "fe80::/10", "0.0.0.0/32", "::/128", "fd00:ec2::254/128")
]

PASSWORD_DELIMITERS = (
    "The password in the URL contains '/', '?', '#' or '@': percent-encode it, or leave it out of the "
    "URL and type it in the password field"
)
_OPTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


def _fail(message: str) -> ConnectorError:
    return ConnectorError("invalid_url", message)


def _password_with_delimiters(url: str) -> bool:
    """scheme://user:pa?ss@host — URL parsing splits the password at the first '/', '?' or '#' and
    the rest becomes the path, query or fragment, pieces of which error messages would echo. Seen
    as: a "user:…" before the first delimiter whose "port" is not a number, and an '@' after it."""
    rest = url.partition("://")[2]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    head, tail = rest[:end], rest[end:]
    if "@" in head or "@" not in tail or head.startswith("["):
        return False
    user, colon, after = head.partition(":")
    return bool(colon) and not after.isdigit()


def parse_source_url(url: str, password: str | None = None) -> ConnectionConfig:
    """Parse a source URL. A password in the URL is extracted and removed from the display url.

    An explicit `password` argument wins over one embedded in the URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise _fail("Enter a database URL, e.g. postgresql://user@host:5432/dbname")
    url = url.strip()
    if any(ch in url for ch in "\r\n\t\x00"):
        raise _fail("The URL contains control characters")
    if _password_with_delimiters(url):
        raise _fail(PASSWORD_DELIMITERS)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        # urlsplit's messages quote the part it could not read, which may be a piece of a password.
        if "out of range" in str(exc):
            raise _fail("The port must be between 0 and 65535") from None
        raise _fail("The URL is not valid: check the host and port (the port must be a number)") from None
    scheme = parts.scheme.lower()
    forced_generic = scheme.startswith("sqlalchemy+")
    if forced_generic:  # "sqlalchemy+postgresql+psycopg://..." forces the generic connector for any dialect
        scheme = scheme.removeprefix("sqlalchemy+")
    if not scheme or "://" not in url:
        raise _fail("The URL needs a scheme, e.g. postgresql://, mysql://, sqlite:///path")
    engine = None if forced_generic else engine_for_scheme(scheme)
    if engine is None:
        generic = generic_connector()
        if (
            generic is None
            or not all(p.replace("_", "").isalnum() for p in scheme.split("+"))
            or not _sqlalchemy_dialect(scheme)
        ):
            raise _fail(
                f"Unsupported URL scheme {scheme!r}: no connector or installed SQLAlchemy dialect reads it"
            )
        engine = generic.engine
    connector = connector_for_engine(engine)
    if parts.fragment:
        raise _fail("The URL must not contain a '#fragment'")

    username = unquote(parts.username) if parts.username else None
    url_password = unquote(parts.password) if parts.password is not None else None
    host = unquote(parts.hostname) if parts.hostname else None
    raw_host = unquote(parts.netloc.rpartition("@")[2])
    if raw_host.startswith("/"):  # libpq unix-socket form: keep the path's case (hostname lower-cases)
        host = raw_host
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in options:
            raise _fail(f"Option {key!r} is given twice")
        options[key] = value

    if connector.reads_path(scheme):
        database = unquote(parts.path)
        if parts.netloc:
            raise _fail("SQLite URLs take an absolute path and no host: sqlite:////abs/path or sqlite:///abs")
        if database.startswith("//"):  # sqlite:////abs/path (SQLAlchemy style) == sqlite:///abs/path
            database = database[1:]
        if not database.startswith("/") or database == "/":
            raise _fail("SQLite URLs need an absolute path, e.g. sqlite:///srv/data/shop.sqlite")
        host = port = username = None
    else:
        # postgresql://h/db?host=/sock (libpq socket form) is refused via the options allowlist below
        database = unquote(parts.path.lstrip("/")) or None
        if not connector.generic and not host:
            raise _fail("The URL needs a host, e.g. postgresql://user@db.example.com:5432/dbname")
        if port is None and connector.default_port is not None:
            port = connector.default_port

    netloc = ""
    if username:
        netloc = quote(username, safe="") + "@"
    if host:
        netloc += f"[{host}]" if ":" in host else quote(host, safe="")
    if parts.port is not None:
        netloc += f":{parts.port}"
    display = f"{scheme}://{netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return ConnectionConfig(
        engine=engine,
        host=host,
        port=port,
        database=database,
        username=username,
        password=password if password is not None else url_password,
        options=options,
        url=display,
    )


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(addr: ipaddress._BaseAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4, Teredo, IPv4-compatible):
    checked as that address, or [64:ff9b::a9fe:a9fe] reaches 169.254.169.254 on a NAT64 network."""
    if addr.version != 6:
        return None
    if addr.ipv4_mapped or addr.sixtofour:
        return addr.ipv4_mapped or addr.sixtofour
    if addr.teredo:
        return addr.teredo[1]
    if addr in _NAT64 or (addr in _COMPATIBLE and int(addr) > 1):
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def _in_allowlist(addr: ipaddress._BaseAddress, hostname: str, allowed: list[str]) -> bool:
    for entry in allowed:
        entry = entry.strip()
        if entry == "*":
            return True
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return True
            continue
        except ValueError:
            pass
        if entry.lower().rstrip(".") == hostname.lower().rstrip("."):
            return True
    return False


def _resolve(host: str, port: int | None) -> list[ipaddress._BaseAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port or 0, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConnectorError(
            "unreachable", f"Could not resolve host {host!r} — check the host name", detail=str(exc)
        ) from None
    addrs = []
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if addr not in addrs:
            addrs.append(addr)
    return addrs


def _check_sqlite_path(path: str, sqlite_dirs: list[str]) -> None:
    if path in (":memory:", "") or path.startswith("file:") or "\x00" in path:
        raise ConnectorError("blocked", "In-memory and URI-form SQLite databases are not allowed")
    real = os.path.realpath(path)  # follows symlinks and collapses '..'
    for base in sqlite_dirs:
        base_real = os.path.realpath(base)
        if os.path.commonpath([real, base_real]) == base_real:
            return
    raise ConnectorError(
        "blocked",
        "SQLite files must live inside an allowed directory"
        + (f" ({', '.join(sqlite_dirs)})" if sqlite_dirs else " and none is configured"),
    )


def _sqlalchemy_dialect(scheme: str) -> bool:
    """Whether an installed SQLAlchemy dialect reads this scheme (http:, gopher:… are refused at
    once, not at the first connection)."""
    try:
        from sqlalchemy.dialects import registry  # noqa: PLC0415 - only for schemes we do not know

        registry.load(scheme.replace("+", "."))
    except Exception:  # NoSuchModuleError, or a dialect whose driver is missing
        try:
            registry.load(scheme.split("+")[0])
        except Exception:
            return False
    return True


def _in_ports(port: int, spec: str) -> bool:
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        if part.strip() == "*" or (low.isdigit() and int(low) <= port <= int(high or low)):
            return True
    return False


def _check_port(config: ConnectionConfig, allowed_ports: list[str]) -> None:
    if config.port is None:
        return  # the driver's own default port
    dialect = config.url.split(":", 1)[0].split("+")[0].lower()
    usual = connector_for_engine(config.engine).usual_ports(dialect)
    if _in_ports(config.port, ",".join([usual, *allowed_ports])):
        return
    raise ConnectorError(
        "blocked",
        f"Port {config.port} is not one a {dialect} server usually listens on"
        + (f" ({usual.replace(',', ', ')})" if usual else "")
        + " — ask an administrator to allow it (SOURCE_ALLOWED_PORTS)",
    )


def check_source_allowed(
    config: ConnectionConfig,
    *,
    allowed_hosts: list[str],
    sqlite_dirs: list[str],
    allowed_ports: list[str] | None = None,
) -> ConnectionConfig:
    """Raise ConnectorError("blocked") unless the source is allowed; return the config pinned to the vetted
    address (config.host_addr) so the connector does not resolve the name a second time.

    `allowed_ports` adds ports ("15432", "7000-7100", or "*" for any) to each engine's usual ones."""
    connector = connector_for_engine(config.engine)
    forbidden = set(config.options) - connector.url_options
    if forbidden:
        # Only names are echoed: anything else in a query string may be a piece of a password.
        names = sorted(name for name in forbidden if _OPTION_NAME.fullmatch(name))
        raise ConnectorError(
            "blocked",
            f"URL option(s) not allowed: {', '.join(names) if names else 'options that are not names'}",
        )
    if connector.reads_path(config.url.split(":", 1)[0].lower()):
        _check_sqlite_path(config.database or "", sqlite_dirs)
        return config
    host = config.host
    if not host:
        # Dialects without a host (bigquery://project, snowflake account in options...) reach a vendor
        # cloud we cannot vet by address: only allowed when the operator opened the allowlist with "*".
        if "*" in [h.strip() for h in allowed_hosts]:
            return config
        raise ConnectorError("blocked", "URLs without a host are only allowed when the host allowlist is '*'")
    if host.startswith("/"):
        if host in allowed_hosts:
            return config
        raise ConnectorError("blocked", f"Unix socket {host!r} is not in the allowed hosts")
    _check_port(config, list(allowed_ports or []))
    try:
        addrs = _resolve(host, config.port)
    except ConnectorError:
        # Vendor dialects put non-host names in the netloc (bigquery://project, snowflake://account):
        # like host-less URLs, they are acceptable only under "*".
        if connector.generic and "*" in [h.strip() for h in allowed_hosts]:
            return config
        raise
    for addr in addrs:
        mapped = _embedded_ipv4(addr) or addr
        # Link-local/metadata and "any" addresses are refused whatever the allowlist says.
        if any(mapped in net for net in BLOCKED_NETWORKS if net.version == mapped.version):
            raise ConnectorError("blocked", f"Host {host!r} resolves to a blocked address ({addr})")
        if not _in_allowlist(mapped, host, allowed_hosts):
            raise ConnectorError(
                "blocked",
                f"Host {host!r} ({addr}) is not in the allowed hosts — ask an administrator to allow it",
            )
    return replace(config, host_addr=str(addrs[0]))


def allowlists_from_settings() -> tuple[list[str], list[str]]:
    """Read SOURCE_ALLOWED_HOSTS / SOURCE_SQLITE_DIRS (the only Django touch point)."""
    from django.conf import settings  # noqa: PLC0415 - keep the package importable without Django

    hosts = list(getattr(settings, "SOURCE_ALLOWED_HOSTS", []))
    dirs = list(getattr(settings, "SOURCE_SQLITE_DIRS", []))
    return hosts, dirs


def allowed_ports_from_settings() -> list[str]:
    from django.conf import settings  # noqa: PLC0415 - keep the package importable without Django

    return list(getattr(settings, "SOURCE_ALLOWED_PORTS", []))

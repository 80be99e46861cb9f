"""Source database connectors: a registry of engine name -> Connector class.

with connector_for_url(url, password, allowed_hosts=[...], sqlite_dirs=[...]) as conn:
    conn.test_connection()
    snapshot = conn.fetch_catalog(conn.list_schemas())
"""

from __future__ import annotations

import importlib
from typing import Any, TypeVar

from .base import (
    CatalogSnapshot,
    ColumnProfileRecord,
    ColumnRecord,
    ConnectionConfig,
    Connector,
    ConnectorError,
    ConstraintRecord,
    SampleError,
    SampleRecord,
    TableRecord,
)
from .urls import (
    allowed_ports_from_settings,
    allowlists_from_settings,
    check_source_allowed,
    parse_source_url,
)

__all__ = [
    "CatalogSnapshot",
    "ColumnProfileRecord",
    "ColumnRecord",
    "ConnectionConfig",
    "Connector",
    "ConnectorError",
    "ConstraintRecord",
    "SampleError",
    "SampleRecord",
    "TableRecord",
    "check_source_allowed",
    "connector_for_url",
    "get_connector",
    "parse_source_url",
    "register",
]

_REGISTRY: dict[str, type[Connector]] = {}
# Built-in connectors are imported lazily so a missing driver only affects its own engine.
_BUILTIN = {
    "postgresql": ".postgres",
    "mysql": ".mysql",
    "sqlite": ".sqlite",
    "sqlalchemy": ".sqlalchemy_generic",
}

C = TypeVar("C", bound=type[Connector])


def register(engine: str):
    """Class decorator: @register("postgresql") class PostgresConnector(Connector): ..."""

    def decorate(cls: C) -> C:
        cls.engine = engine
        _REGISTRY[engine] = cls
        return cls

    return decorate


def get_connector(engine: str) -> type[Connector]:
    if engine not in _REGISTRY and engine in _BUILTIN:
        try:
            importlib.import_module(_BUILTIN[engine], __name__)
        except ImportError as exc:
            raise ConnectorError(
                "driver_missing", f"The driver for {engine} is not installed ({exc.name})"
            ) from None
    try:
        return _REGISTRY[engine]
    except KeyError:
        raise ConnectorError("invalid_url", f"No connector for engine {engine!r}") from None


def connector_for_url(
    url: str,
    password: str | None = None,
    *,
    allowed_hosts: list[str] | None = None,
    sqlite_dirs: list[str] | None = None,
    allowed_ports: list[str] | None = None,
    **kwargs: Any,
) -> Connector:
    """Parse, vet and build a connector. Allowlists default to the Django settings
    SOURCE_ALLOWED_HOSTS / SOURCE_SQLITE_DIRS; the guard is never skipped."""
    config = parse_source_url(url, password)
    if allowed_hosts is None or sqlite_dirs is None:
        default_hosts, default_dirs = allowlists_from_settings()
        allowed_hosts = default_hosts if allowed_hosts is None else allowed_hosts
        sqlite_dirs = default_dirs if sqlite_dirs is None else sqlite_dirs
    if allowed_ports is None:
        allowed_ports = allowed_ports_from_settings()
    config = check_source_allowed(
        config, allowed_hosts=allowed_hosts, sqlite_dirs=sqlite_dirs, allowed_ports=allowed_ports
    )
    return get_connector(config.engine)(config, **kwargs)

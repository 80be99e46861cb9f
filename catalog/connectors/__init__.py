"""Source database connectors: a registry of engine name -> Connector class (see registry.py).

with connector_for_url(url, password, allowed_hosts=[...], sqlite_dirs=[...]) as conn:
    conn.test_connection()
    snapshot = conn.fetch_catalog(conn.list_schemas())
"""

from __future__ import annotations

from typing import Any

from .base import (
    CatalogSnapshot,
    CatalogStatistics,
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
from .registry import (
    connector_for_engine,
    engine_choices,
    engine_for_scheme,
    generic_connector,
    register_connector,
    registered,
    unregister_connector,
)
from .urls import (
    allowed_ports_from_settings,
    allowlists_from_settings,
    check_source_allowed,
    parse_source_url,
)

__all__ = [
    "CatalogSnapshot",
    "CatalogStatistics",
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
    "connector_for_engine",
    "connector_for_url",
    "engine_choices",
    "engine_for_scheme",
    "generic_connector",
    "get_connector",
    "parse_source_url",
    "register_connector",
    "registered",
    "unregister_connector",
]

# Kept for callers of the earlier name.
get_connector = connector_for_engine


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
    return connector_for_engine(config.engine)(config, **kwargs)

"""Search backends, chosen from the catalog database's vendor: PostgreSQL or SQLite."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from catalog.search.backends.base import SearchBackend
from catalog.search.backends.postgres import PostgresBackend
from catalog.search.backends.sqlite import SqliteBackend

BACKENDS: dict[str, type[SearchBackend]] = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def get_backend(vendor: str | None = None) -> SearchBackend:
    vendor = vendor or connection.vendor
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(f"Search has no backend for a {vendor} catalog database.") from None


__all__ = ["SearchBackend", "get_backend"]

"""Search: one index of every asset, behind a backend chosen from the database vendor.

    from catalog.search import index_objects, remove_objects, register_asset_type, search

Importing this package registers the catalog's own asset types (catalog.search.builders).
"""

from catalog.search import builders  # noqa: F401 - registers sources, schemas, tables, columns
from catalog.search.indexing import index_asset, index_objects, index_source, rebuild_index, remove_objects
from catalog.search.query import SearchParams, SearchResults, autocomplete, search
from catalog.search.registry import (
    AssetType,
    Document,
    Facet,
    register_asset_type,
    register_enricher,
    register_facet,
)

__all__ = [
    "AssetType",
    "Document",
    "Facet",
    "SearchParams",
    "SearchResults",
    "autocomplete",
    "index_asset",
    "index_objects",
    "index_source",
    "rebuild_index",
    "register_asset_type",
    "register_enricher",
    "register_facet",
    "remove_objects",
    "search",
]

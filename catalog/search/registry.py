"""What can be found: asset types, their document builders, enrichers and facets.

The catalog registers sources, schemas, tables (and views) and columns. Apps built on it register
their own assets (queries, articles, conversations) from their AppConfig.ready(), and add
signals to catalog assets (tags, stewards, trust flags, popularity) with an enricher, so the
catalog never imports them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

# The tabs of the results page, in order; the last two show only when such assets exist.
CATEGORIES = {
    "data": "Data",
    "queries": "Queries",
    "articles": "Articles",
    "conversations": "Conversations",
    "file_systems": "File systems",
    "reports": "Reports",
}
ALWAYS_SHOWN_CATEGORIES = ("data", "queries", "articles", "conversations")


@dataclass
class Document:
    """What a builder says about one asset; the indexer turns it into a SearchDocument row."""

    asset_type: str
    name: str
    url: str
    title: str = ""
    qualified_name: str = ""
    source_id: int | None = None
    source_slug: str = ""
    schema_name: str = ""
    # Raw text by weight; the indexer splits it into words.
    names: list[str] = field(default_factory=list)  # A, besides the name itself
    column_text: list[str] = field(default_factory=list)  # C
    body: list[str] = field(default_factory=list)  # D
    summary: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)  # tag, steward, trust, term…
    popularity_users: int = 0
    popularity_queries: int = 0
    endorsements: int = 0
    removed: bool = False


@dataclass(frozen=True)
class AssetType:
    model: type[models.Model]
    category: str
    # (queryset of the model) -> iterable of (pk, Document or None); None: not findable (hidden).
    build: Callable[[models.QuerySet], Iterable[tuple[int, Document | None]]]
    # asset_type -> weight in the ranking; types a model produces (table, view…).
    weights: dict[str, float]
    labels: dict[str, str]
    # (user, ids) -> the ids this user may read; default: model.objects.visible_to(user).
    visible: Callable | None = None
    # Other documents to reindex when one of these objects changes: (objects) -> [(model, ids)].
    dependents: Callable | None = None


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    multi: bool = True  # multi-valued facets live in SearchFacet rows


# Enrichers add signals to documents of a model: (ids) -> {pk: {"facets": {...}, "popularity_users":
# n, "popularity_queries": n, "endorsements": n, "terms": [...]}}.
Enricher = Callable[[list[int]], dict[int, dict]]

_TYPES: dict[type[models.Model], AssetType] = {}
_ENRICHERS: dict[type[models.Model], list[Enricher]] = {}
_FACETS: dict[str, Facet] = {}


def register_asset_type(asset_type: AssetType) -> None:
    _TYPES[asset_type.model] = asset_type


def register_enricher(model: type[models.Model], enricher: Enricher) -> None:
    if enricher not in _ENRICHERS.setdefault(model, []):
        _ENRICHERS[model].append(enricher)


def register_facet(facet: Facet) -> None:
    _FACETS[facet.key] = facet


def asset_types() -> list[AssetType]:
    return list(_TYPES.values())


def asset_type_for(model) -> AssetType:
    try:
        return _TYPES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered for search") from None


def enrichers_for(model) -> list[Enricher]:
    return _ENRICHERS.get(model, [])


def multi_facets() -> list[Facet]:
    return [facet for facet in _FACETS.values() if facet.multi]


def type_weight(asset_type: str) -> float:
    for registered in _TYPES.values():
        if asset_type in registered.weights:
            return registered.weights[asset_type]
    return 1.0


def type_label(asset_type: str) -> str:
    for registered in _TYPES.values():
        if asset_type in registered.labels:
            return registered.labels[asset_type]
    return asset_type.replace("_", " ").capitalize()


# Facets governance fills in; declared here so the page and the API show them once values exist.
for _facet in (Facet("tag", "Tag"), Facet("steward", "Steward"), Facet("trust", "Trust")):
    register_facet(_facet)

"""What can be found: asset types, categories, facets, ranking signals and enrichers.

The catalog registers sources, schemas, tables (and views) and columns, and the "Data" category.
Apps built on it register their own assets and categories (queries, articles, conversations) from
their AppConfig.ready(), and add facets and ranking signals to any asset with an enricher, so the
catalog never imports them and knows none of their vocabulary.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Category:
    """A tab of the results page ("Data", "Queries"…); asset types are counted under one."""

    key: str
    label: str
    order: int = 100


@dataclass(frozen=True)
class RankingSignal:
    """A number or label an enricher stores on documents (`signals[key]`) that moves ranking.

    The document's static boost is its type weight times every signal's factor, so an app adds a
    signal (popularity, endorsements, trust flags) without the ranking formula naming it.
    """

    key: str
    label: str
    # (stored value) -> multiplier of the boost; 1.0 is neutral. Must accept None (no value).
    factor: Callable[[Any], float]
    # (stored value) -> a short phrase for people ("used by 12 people"), or "" to say nothing.
    describe: Callable[[Any], str] | None = None


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
    facets: dict[str, list[str]] = field(default_factory=dict)  # values of registered facets
    signals: dict[str, Any] = field(default_factory=dict)  # values of registered ranking signals
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
    badge: bool = False  # show its values as badges on each hit (tags, trust flags)
    searchable: bool = False  # its values are words a search finds the asset by (tags, terms)


# Enrichers add to the documents of a model: (ids) -> {pk: {"facets": {key: [values]}, "signals":
# {key: value}, "terms": [words], "text": [words]}}.
Enricher = Callable[[list[int]], dict[int, dict]]

_TYPES: dict[type[models.Model], AssetType] = {}
_ENRICHERS: dict[type[models.Model], list[Enricher]] = {}
_FACETS: dict[str, Facet] = {}
_CATEGORIES: dict[str, Category] = {}
_SIGNALS: dict[str, RankingSignal] = {}


def register_asset_type(asset_type: AssetType) -> None:
    _TYPES[asset_type.model] = asset_type


def register_enricher(model: type[models.Model], enricher: Enricher) -> None:
    if enricher not in _ENRICHERS.setdefault(model, []):
        _ENRICHERS[model].append(enricher)


def register_facet(facet: Facet) -> None:
    _FACETS[facet.key] = facet


def register_category(category: Category) -> None:
    _CATEGORIES[category.key] = category


def register_ranking_signal(signal: RankingSignal) -> None:
    _SIGNALS[signal.key] = signal


def categories() -> list[Category]:
    return sorted(_CATEGORIES.values(), key=lambda category: (category.order, category.key))


def ranking_signals() -> list[RankingSignal]:
    return list(_SIGNALS.values())


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

"""The catalog's extension points: how apps built on it add to its pages, navigation, search, roles
and API from their AppConfig.ready(), without the catalog importing them.

    register_tab(AssetTab(...))            a tab of an asset page (Lineage, Queries 12, Conversations…)
    register_panel(SidePanel(...))         a box in an asset page's side column (Stewards, Top users…)
    register_properties(PropertyRows(...)) rows of an asset page's Properties panel (custom fields…)
    register_notice(Notice(...))           a strip under an asset page's title (a warning, a badge…)
    register_nav(NavEntry(...))            an entry of the main navigation (Queries, Articles, Glossary)
    register_role_permissions(role, perms) what a role may do (each role holds those below it)
    register_urls(prefix, urlconf)         pages under /<prefix>
    register_api_viewset(prefix, viewset)  API routes on the one /api/ router
    register_api_urls(urlconf)             other API routes under /api/
    register_asset_info(key, model, fn)    bulk facts about assets that other apps show (trust flags
                                           on lineage nodes, stewards in an impact list…)
    register_masking(fn)                   which columns' sample and profile values a user sees masked
    register_markdown_transform(fn)        rewrite every rendered Markdown's sanitised HTML (mentions)
    register_static(js=..., css=...)       a script or stylesheet every page loads (the editors'
                                           mention autocomplete); Markdown textareas carry
                                           data-markdown for such scripts to find
    register_connector(cls)                a source engine: a Connector subclass that describes itself
                                           (schemes, ports, URL options, sqlglot dialect, label);
                                           docs/connectors.md has the recipe

Search has its own registry, re-exported here so that apps import every extension point from this
one module:

    register_asset_type(AssetType(...))    a kind of findable asset and how to build its documents
    register_category(Category(...))       a tab of the results page (Queries, Articles…)
    register_facet(Facet(...))             a filter of the results (tag, steward, trust…)
    register_ranking_signal(RankingSignal(...))  a value on documents that moves ranking (popularity)
    register_enricher(model, fn)           facet values, signal values and extra words for documents

Registries are read when a page renders or a route table is built, so a catalog with no feature
app installed shows nothing of theirs — no empty placeholder either. tests/extension_app uses
every extension point once; docs/extensions.md walks through it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from catalog.connectors import Connector, register_connector  # noqa: F401 - re-exported: new engines
from catalog.markdown import register_transform as register_markdown_transform  # noqa: F401
from catalog.search.registry import (  # noqa: F401 - re-exported: the search extension points
    AssetType,
    Category,
    Document,
    Facet,
    RankingSignal,
    register_asset_type,
    register_category,
    register_enricher,
    register_facet,
    register_ranking_signal,
)

# The kinds of asset page the catalog renders; apps with pages of their own may use other kinds.
SOURCE, SCHEMA, TABLE, COLUMN = "source", "schema", "table", "column"


# --- asset pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetTab:
    """A tab of an asset page, shown at /tables/<id>/<key>/ for a table."""

    key: str
    label: str
    template: str
    order: int
    # (request, asset) -> extra template context; runs only when the tab is shown.
    context: Callable[[Any, Any], dict] | None = None
    # (asset) -> the number shown beside the label ("Queries 12"); None shows no number.
    count: Callable[[Any], int | None] | None = None
    asset: str = TABLE


@dataclass(frozen=True)
class SidePanel:
    """A box in the side column of an asset page. `context(request, asset)` returns the panel's
    template context, or None to leave the panel out for this asset (nothing to show)."""

    key: str
    template: str
    order: int
    context: Callable[[Any, Any], dict | None]
    assets: tuple[str, ...] = (TABLE,)


@dataclass(frozen=True)
class Notice:
    """A strip under an asset page's title, above its content (a warning to readers, a badge).
    `context(request, asset)` returns its template context, or None to show nothing."""

    key: str
    template: str
    order: int
    context: Callable[[Any, Any], dict | None]
    assets: tuple[str, ...] = (TABLE,)


@dataclass(frozen=True)
class PropertyRows:
    """Rows of the Properties panel: `rows(asset)` returns [(label, value), …]; values are shown
    escaped (or as given when they are SafeString)."""

    key: str
    order: int
    rows: Callable[[Any], Iterable[tuple[str, Any]]]
    assets: tuple[str, ...] = (TABLE,)


@dataclass(frozen=True)
class NavEntry:
    """An entry of the main navigation. `permission`, when set, hides it from users without it;
    `count(user)`, when set, is shown beside the label unless it is 0 (unread messages)."""

    key: str
    label: str
    url_name: str
    order: int
    permission: str | None = None
    count: Callable[[Any], int] | None = None


_TABS: dict[tuple[str, str], AssetTab] = {}
_PANELS: dict[str, SidePanel] = {}
_PROPERTIES: dict[str, PropertyRows] = {}
_NOTICES: dict[str, Notice] = {}
_NAV: dict[str, NavEntry] = {}


def register_tab(tab: AssetTab) -> None:
    _TABS[(tab.asset, tab.key)] = tab


def register_panel(panel: SidePanel) -> None:
    _PANELS[panel.key] = panel


def register_properties(rows: PropertyRows) -> None:
    _PROPERTIES[rows.key] = rows


def register_notice(notice: Notice) -> None:
    _NOTICES[notice.key] = notice


def register_nav(entry: NavEntry) -> None:
    _NAV[entry.key] = entry


def tabs_for(asset_kind: str) -> list[AssetTab]:
    return sorted((tab for (kind, _), tab in _TABS.items() if kind == asset_kind), key=lambda t: t.order)


def tab_for(asset_kind: str, key: str) -> AssetTab | None:
    return _TABS.get((asset_kind, key))


def panels_for(asset_kind: str) -> list[SidePanel]:
    return sorted((p for p in _PANELS.values() if asset_kind in p.assets), key=lambda p: p.order)


def properties_for(asset_kind: str) -> list[PropertyRows]:
    return sorted((p for p in _PROPERTIES.values() if asset_kind in p.assets), key=lambda p: p.order)


def notices_for(asset_kind: str) -> list[Notice]:
    return sorted((n for n in _NOTICES.values() if asset_kind in n.assets), key=lambda n: n.order)


def nav_entries() -> list[NavEntry]:
    return sorted(_NAV.values(), key=lambda entry: entry.order)


# --- scripts and stylesheets on every page --------------------------------------------------------

_SCRIPTS: list[str] = []
_STYLESHEETS: list[str] = []


def register_static(*, js: str = "", css: str = "") -> None:
    """A static file (path under STATIC_URL) that every page loads: scripts deferred, after the
    catalog's own. Pages mark their Markdown textareas with `data-markdown` so that a script can
    enhance them without the catalog knowing it."""
    if js and js not in _SCRIPTS:
        _SCRIPTS.append(js)
    if css and css not in _STYLESHEETS:
        _STYLESHEETS.append(css)


def page_scripts() -> list[str]:
    return list(_SCRIPTS)


def page_stylesheets() -> list[str]:
    return list(_STYLESHEETS)


# --- roles -----------------------------------------------------------------------------------------

_ROLE_PERMISSIONS: dict[str, list[str]] = {}


def register_role_permissions(role: str, permissions: Iterable[str]) -> None:
    """Give `role` (and every role above it) these permissions ("app_label.codename")."""
    held = _ROLE_PERMISSIONS.setdefault(role, [])
    held.extend(p for p in permissions if p not in held)


def registered_role_permissions() -> dict[str, list[str]]:
    return {role: list(perms) for role, perms in _ROLE_PERMISSIONS.items()}


# --- routes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiViewSet:
    prefix: str
    viewset: type
    basename: str


_URLS: dict[str, str] = {}
_API_VIEWSETS: dict[str, ApiViewSet] = {}
_API_URLS: list[str] = []


def register_urls(prefix: str, urlconf: str) -> None:
    """Pages of an app under /<prefix> ("lineage/" → /lineage/…), from its urlconf module path."""
    _URLS[prefix] = urlconf


def register_api_viewset(prefix: str, viewset: type, basename: str) -> None:
    """A DRF viewset on the one /api/ router (listed at /api/ and in the OpenAPI schema)."""
    _API_VIEWSETS[prefix] = ApiViewSet(prefix, viewset, basename)


def register_api_urls(urlconf: str) -> None:
    """Other API routes of an app (plain API views), included under /api/."""
    if urlconf not in _API_URLS:
        _API_URLS.append(urlconf)


def page_urls() -> dict[str, str]:
    return dict(_URLS)


def api_viewsets() -> list[ApiViewSet]:
    return list(_API_VIEWSETS.values())


def api_urlconfs() -> list[str]:
    return list(_API_URLS)


# --- facts about assets that other apps show ------------------------------------------------------

_ASSET_INFO: dict[tuple[str, type], list[Callable[[list[int]], dict[int, Any]]]] = {}


def register_asset_info(key: str, model: type, provider: Callable[[list[int]], dict[int, Any]]) -> None:
    """`provider(ids)` answers `key` ("trust", "stewards"…) for many objects of `model` at once."""
    providers = _ASSET_INFO.setdefault((key, model), [])
    if provider not in providers:
        providers.append(provider)


def asset_info(key: str, model: type, ids: Iterable[int]) -> dict[int, Any]:
    """What the installed apps say about `key` for these objects: {pk: value}; {} when no app
    answers it. One call per provider, whatever the number of ids."""
    ids = list(ids)
    found: dict[int, Any] = {}
    if not ids:
        return found
    for provider in _ASSET_INFO.get((key, model), []):
        found.update(provider(ids))
    return found


# --- masking ---------------------------------------------------------------------------------------

_MASKING: list[Callable[[Any, list[int]], set[int]]] = []


def register_masking(policy: Callable[[Any, list[int]], set[int]]) -> None:
    """`policy(user, column_ids)` returns the ids of the columns whose values `user` may not see
    (PII, with governance). catalog.masking applies it to every channel that shows values."""
    if policy not in _MASKING:
        _MASKING.append(policy)


def masking_policies() -> list[Callable[[Any, list[int]], set[int]]]:
    return list(_MASKING)

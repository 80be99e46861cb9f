"""The connector registry: engine name -> Connector class, and what the catalog builds from it.

Each connector class describes itself (engine, label, URL schemes, default port, usual ports, URL
options a user may set, its sqlglot dialect…, see `Connector`); URL parsing, the safety guard, the
DataSource engine choices and the SQL dialect lists read those attributes here. Adding an engine is
one module with a registered class plus its tests: docs/connectors.md shows the recipe.

    register_connector(cls)      add an engine (a class decorator; apps call it from AppConfig.ready())
    registered()                 every registered connector class, built-ins first
    connector_for_engine(name)   the class of an engine (ConnectorError "invalid_url"/"driver_missing")
    engine_for_scheme(scheme)    the engine that reads a URL scheme, or None
    engine_choices()             (engine, label) pairs: DataSource.engine's choices
    generic_connector()          the connector for schemes no other one claims (SQLAlchemy dialects)
"""

from __future__ import annotations

import importlib
import re
from typing import TypeVar

from .base import Connector, ConnectorError

# The built-in connectors, registered in this one place. Their modules are imported on the first
# look-up; a module whose driver is missing leaves only its own engine unusable ("driver_missing").
BUILTIN_MODULES = {
    "postgresql": "catalog.connectors.postgres",
    "mysql": "catalog.connectors.mysql",
    "sqlite": "catalog.connectors.sqlite",
    "sqlalchemy": "catalog.connectors.sqlalchemy_generic",
}

_REGISTRY: dict[str, type[Connector]] = {}
_SCHEMES: dict[str, str] = {}
_MISSING: dict[str, str] = {}  # built-in engine -> the module its import could not find
_loaded = False

ENGINE_MAX_LENGTH = 20  # DataSource.engine's max_length
_ENGINE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SCHEME_NAME = re.compile(r"[a-z][a-z0-9_]*(\+[a-z0-9_]+)*")

C = TypeVar("C", bound=type[Connector])


def register_connector(cls: C) -> C:
    """Register a Connector subclass under its `engine` (usable as a class decorator). Its schemes
    must not be claimed by another engine; registering the same class again is a no-op."""
    _load_builtins()  # an app's engine is checked against the built-ins, whatever the import order
    engine = getattr(cls, "engine", None)
    if not isinstance(engine, str) or not _ENGINE_NAME.fullmatch(engine) or len(engine) > ENGINE_MAX_LENGTH:
        raise ValueError(
            f"{cls.__name__}.engine must be a lower-case name of at most {ENGINE_MAX_LENGTH} characters"
        )
    if not getattr(cls, "label", ""):
        raise ValueError(f"{cls.__name__} needs a label (shown to users)")
    if _REGISTRY.get(engine) not in (None, cls):
        raise ValueError(f"Engine {engine!r} is already registered by {_REGISTRY[engine].__name__}")
    for scheme in cls.schemes:
        if not _SCHEME_NAME.fullmatch(scheme) or scheme.startswith("sqlalchemy"):
            raise ValueError(f"{cls.__name__}: {scheme!r} is not a URL scheme a connector may claim")
        if _SCHEMES.get(scheme) not in (None, engine):
            raise ValueError(f"URL scheme {scheme!r} is already read by engine {_SCHEMES[scheme]!r}")
    if cls.generic and any(c.generic and c is not cls for c in _REGISTRY.values()):
        raise ValueError("Only one generic connector may be registered")
    _REGISTRY[engine] = cls
    for scheme in cls.schemes:
        _SCHEMES[scheme] = engine
    return cls


def unregister_connector(cls: type[Connector]) -> None:
    """Remove an engine again (tests that register a connector of their own clean up with it)."""
    if _REGISTRY.get(cls.engine) is cls:
        del _REGISTRY[cls.engine]
        for scheme in cls.schemes:
            if _SCHEMES.get(scheme) == cls.engine:
                del _SCHEMES[scheme]


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for engine, module in BUILTIN_MODULES.items():
        try:
            importlib.import_module(module)
        except ImportError as exc:
            _MISSING[engine] = exc.name or module


def registered() -> list[type[Connector]]:
    """Every registered connector class: the built-ins first, then the apps' in registration order."""
    _load_builtins()
    builtins = [_REGISTRY[e] for e in BUILTIN_MODULES if e in _REGISTRY]
    return builtins + [cls for e, cls in _REGISTRY.items() if e not in BUILTIN_MODULES]


def connector_for_engine(engine: str) -> type[Connector]:
    _load_builtins()
    if engine in _MISSING and engine not in _REGISTRY:
        raise ConnectorError(
            "driver_missing", f"The driver for {engine} is not installed ({_MISSING[engine]})"
        )
    try:
        return _REGISTRY[engine]
    except KeyError:
        raise ConnectorError("invalid_url", f"No connector for engine {engine!r}") from None


def engine_for_scheme(scheme: str) -> str | None:
    """The engine whose connector claims `scheme` ("postgres+psycopg"…, lower case), or None."""
    _load_builtins()
    return _SCHEMES.get(scheme.lower())


def generic_connector() -> type[Connector] | None:
    """The connector for any scheme an installed SQLAlchemy dialect reads (None if not installed)."""
    return next((cls for cls in registered() if cls.generic), None)


def engine_choices() -> list[tuple[str, str]]:
    """DataSource.engine's choices, a callable so that a new engine needs no migration."""
    return [(cls.engine, cls.label) for cls in registered()]

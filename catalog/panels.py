"""Tabs of a table page, as a small registry.

The catalog registers its own tabs; apps built on it (lineage, discussions, governance) register
theirs from their AppConfig.ready(), so the catalog never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TableTab:
    key: str
    label: str
    template: str
    order: int
    # (request, table) -> extra template context; runs only when the tab is shown.
    context: Callable | None = None


_TABS: dict[str, TableTab] = {}


def register_table_tab(tab: TableTab) -> None:
    _TABS[tab.key] = tab


def table_tabs() -> list[TableTab]:
    return sorted(_TABS.values(), key=lambda tab: tab.order)


def table_tab(key: str) -> TableTab | None:
    return _TABS.get(key)

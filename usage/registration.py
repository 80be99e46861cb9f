"""Everything usage adds to the catalog, through its extension points only."""

import math

from catalog import extensions
from catalog.models import Table
from catalog.roles import CONTRIBUTOR, STEWARD
from catalog.signals import crawl_succeeded


def register() -> None:
    from usage import receivers, search, views

    extensions.register_tab(
        extensions.AssetTab(
            "queries", "Queries", "usage/tab_queries.html", 30, views.queries_tab, views.query_count
        )
    )
    extensions.register_tab(
        extensions.AssetTab("joins", "Joins", "usage/tab_joins.html", 40, views.joins_tab, views.join_count)
    )
    extensions.register_tab(
        extensions.AssetTab(
            "filters", "Filters", "usage/tab_filters.html", 50, views.filters_tab, views.filter_count
        )
    )
    extensions.register_panel(
        extensions.SidePanel("top-users", "usage/_top_users.html", 20, views.top_users_panel)
    )
    extensions.register_nav(extensions.NavEntry("queries", "Queries", "usage-queries", 30))
    extensions.register_urls("usage/", "usage.urls")
    extensions.register_api_urls("usage.urls_api")
    extensions.register_role_permissions(CONTRIBUTOR, ["usage.ingest_queries", "usage.save_queries"])
    extensions.register_role_permissions(STEWARD, ["usage.curate_saved_queries"])
    search.register()
    crawl_succeeded.connect(receivers.history_after_crawl, dispatch_uid="usage.history")
    # Popularity: distinct users of the recent window lift a table in search.
    extensions.register_ranking_signal(
        extensions.RankingSignal(
            "popularity",
            "Popularity",
            lambda users: 1 + 0.5 * math.log1p(users or 0),
            lambda users: f"used by {users} people recently" if users else "",
        )
    )
    extensions.register_enricher(Table, views.popularity_signals)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from catalog import logins, tasks  # noqa: F401 - tasks for Celery; login failure counting
        from catalog.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="catalog.sync_roles")
        _register_own_extensions()


def _register_own_extensions():
    """The catalog uses its own extension points for what it shows itself."""
    from catalog.api import views as api
    from catalog.extensions import AssetTab, NavEntry, register_api_viewset, register_nav, register_tab
    from catalog.views import assets

    for tab in [
        AssetTab("overview", "Overview", "catalog/tabs/overview.html", 10, assets.overview_context),
        AssetTab(
            "columns",
            "Columns",
            "catalog/tabs/columns.html",
            20,
            assets.columns_context,
            count=assets.present_column_count,
        ),  # fmt: skip
        AssetTab("samples", "Samples", "catalog/tabs/samples.html", 30, assets.samples_context),
        AssetTab("history", "History", "catalog/tabs/history.html", 90, assets.history_context),
    ]:
        register_tab(tab)
    register_nav(NavEntry("browse", "Browse", "browse", 10))
    register_nav(NavEntry("sources", "Sources", "source-list", 20))
    for prefix, viewset, basename in [
        ("sources", api.DataSourceViewSet, "source"),
        ("crawl-runs", api.CrawlRunViewSet, "crawl-run"),
        ("schemas", api.SchemaViewSet, "schema"),
        ("tables", api.TableViewSet, "table"),
        ("columns", api.ColumnViewSet, "column"),
    ]:
        register_api_viewset(prefix, viewset, basename)

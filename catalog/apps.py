from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from catalog import tasks  # noqa: F401 - registers the tasks with Celery before any worker starts
        from catalog.panels import TableTab, register_table_tab
        from catalog.roles import sync_roles_after_migrate
        from catalog.views import assets

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="catalog.sync_roles")
        for tab in [
            TableTab("overview", "Overview", "catalog/tabs/overview.html", 10, assets.overview_context),
            TableTab("columns", "Columns", "catalog/tabs/columns.html", 20, assets.columns_context),
            TableTab("samples", "Samples", "catalog/tabs/samples.html", 30, assets.samples_context),
            TableTab("history", "History", "catalog/tabs/history.html", 90, assets.history_context),
        ]:
            register_table_tab(tab)

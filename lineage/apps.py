from django.apps import AppConfig


class LineageConfig(AppConfig):
    name = "lineage"
    verbose_name = "Lineage"

    def ready(self):
        from catalog import extensions
        from catalog.roles import CONTRIBUTOR, STEWARD
        from catalog.signals import crawl_succeeded, queries_observed
        from lineage import receivers, views

        crawl_succeeded.connect(receivers.refresh_view_lineage, dispatch_uid="lineage.views")
        queries_observed.connect(receivers.record_query_history_lineage, dispatch_uid="lineage.queries")
        extensions.register_tab(
            extensions.AssetTab("lineage", "Lineage", "lineage/tab.html", 60, views.lineage_tab_context)
        )
        extensions.register_panel(
            extensions.SidePanel(
                "column-lineage",
                "lineage/_column_panel.html",
                20,
                views.column_lineage_panel,
                assets=(extensions.COLUMN,),
            )
        )
        extensions.register_urls("lineage/", "lineage.urls")
        extensions.register_api_urls("lineage.urls_api")
        extensions.register_role_permissions(
            CONTRIBUTOR, ["lineage.upload_sql", "lineage.ingest_openlineage"]
        )
        extensions.register_role_permissions(STEWARD, ["lineage.curate_lineage"])

from django.apps import AppConfig


class LineageConfig(AppConfig):
    name = "lineage"
    verbose_name = "Lineage"
    role_permissions = {"Steward": ["lineage.add_tablelineageedge", "lineage.add_columnlineageedge"]}

    def ready(self):
        from catalog.panels import TableTab, register_table_tab
        from catalog.signals import crawl_succeeded
        from lineage import receivers, views

        crawl_succeeded.connect(receivers.refresh_view_lineage, dispatch_uid="lineage.views")
        register_table_tab(TableTab("lineage", "Lineage", "lineage/tab.html", 60, views.lineage_tab_context))

"""Everything governance adds to the catalog, through its extension points only."""

from catalog import extensions
from catalog.roles import ADMIN, CONTRIBUTOR, STEWARD, VIEWER
from catalog.signals import crawl_succeeded


def register() -> None:
    from catalog.models import Column, Table
    from governance import glossary_views, receivers, search, selectors, views

    crawl_succeeded.connect(receivers.classify_after_crawl, dispatch_uid="governance.pii")
    extensions.register_masking(selectors.masked_for)
    extensions.register_role_permissions(
        STEWARD, ["governance.view_pii", "governance.review_pii", "governance.view_audit"]
    )
    # Anyone logged in vouches for what they use; contributors tag; stewards govern what they
    # steward (flags, governed tags, stewards); admins govern everything.
    extensions.register_role_permissions(VIEWER, ["governance.endorse"])
    extensions.register_role_permissions(CONTRIBUTOR, ["governance.tag_assets"])
    extensions.register_role_permissions(STEWARD, ["governance.govern"])
    extensions.register_role_permissions(ADMIN, ["governance.govern_all", "governance.define_fields"])
    every = (extensions.SOURCE, extensions.SCHEMA, extensions.TABLE, extensions.COLUMN)
    extensions.register_notice(
        extensions.Notice("trust", "governance/_trust_notice.html", 10, views.trust_notice, every)
    )
    extensions.register_panel(
        extensions.SidePanel("endorsements", "governance/_trust_panel.html", 5, views.trust_panel, every)
    )
    extensions.register_panel(
        extensions.SidePanel("tags", "governance/_tags_panel.html", 8, views.tags_panel, every)
    )
    extensions.register_panel(
        extensions.SidePanel("stewards", "governance/_stewards_panel.html", 6, views.stewards_panel, every)
    )
    extensions.register_nav(extensions.NavEntry("tags", "Tags", "governance-tags", 55))
    # Lineage shows flags on its nodes and the stewards of what a change reaches.
    extensions.register_asset_info("trust", Table, selectors.table_flags)
    extensions.register_asset_info("trust", Column, selectors.column_flags)
    extensions.register_asset_info("stewards", Table, selectors.table_stewards)
    search.register()
    extensions.register_properties(
        extensions.PropertyRows("pii", 20, views.pii_property, assets=(extensions.COLUMN,))
    )
    extensions.register_panel(
        extensions.SidePanel("pii-columns", "governance/_pii_panel.html", 30, views.pii_panel)
    )
    extensions.register_nav(
        extensions.NavEntry(
            "pii-review", "PII review", "governance-pii-queue", 60, permission="governance.review_pii"
        )
    )
    # Custom fields: admins define them, stewards fill them in; filled-in ones show in Properties.
    extensions.register_properties(
        extensions.PropertyRows("custom-fields", 30, views.field_properties, every)
    )
    extensions.register_nav(
        extensions.NavEntry(
            "custom-fields", "Fields", "governance-fields", 65, permission="governance.define_fields"
        )
    )
    extensions.register_urls("governance/", "governance.urls")
    # The glossary: its pages, its place in the navigation, its panel on tables and columns.
    extensions.register_urls("glossary/", "governance.urls_glossary")
    extensions.register_nav(extensions.NavEntry("glossary", "Glossary", "governance-glossary", 50))
    extensions.register_panel(
        extensions.SidePanel(
            "glossary",
            "governance/_glossary_panel.html",
            7,
            glossary_views.glossary_panel,
            (extensions.TABLE, extensions.COLUMN),
        )
    )
    extensions.register_api_urls("governance.urls_api")

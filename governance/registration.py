"""Everything governance adds to the catalog, through its extension points only."""

from catalog import extensions
from catalog.roles import STEWARD
from catalog.signals import crawl_succeeded


def register() -> None:
    from governance import receivers, selectors, views

    crawl_succeeded.connect(receivers.classify_after_crawl, dispatch_uid="governance.pii")
    extensions.register_masking(selectors.masked_for)
    extensions.register_role_permissions(
        STEWARD, ["governance.view_pii", "governance.review_pii", "governance.view_audit"]
    )
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
    extensions.register_urls("governance/", "governance.urls")
    extensions.register_api_urls("governance.urls_api")

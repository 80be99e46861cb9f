"""Everything discussions adds to the catalog, through its extension points only."""

from catalog import extensions
from catalog.roles import CONTRIBUTOR, STEWARD, VIEWER


def register() -> None:
    from discussions import article_views, mentions, search, selectors, views

    extensions.register_tab(
        extensions.AssetTab(
            "conversations", "Conversations", "discussions/tab.html", 70, views.tab_context, views.tab_count
        )
    )
    for kind in (extensions.SOURCE, extensions.SCHEMA, extensions.COLUMN):
        extensions.register_panel(
            extensions.SidePanel(
                f"conversations-{kind}", "discussions/_panel.html", 40, views.panel_for(kind), assets=(kind,)
            )
        )
    for kind in (extensions.SOURCE, extensions.SCHEMA, extensions.TABLE, extensions.COLUMN):
        extensions.register_panel(
            extensions.SidePanel(
                f"articles-{kind}",
                "discussions/_articles_panel.html",
                35,
                article_views.panel_for(kind),
                assets=(kind,),
            )
        )
    extensions.register_markdown_transform(mentions.render_mentions)
    # Every page: the [[ and @ autocomplete of Markdown editors, the hover cards of mentions.
    extensions.register_static(js="discussions/mentions.js", css="discussions/discussions.css")
    extensions.register_nav(extensions.NavEntry("articles", "Articles", "discussions-articles", 40))
    extensions.register_nav(
        extensions.NavEntry("inbox", "Inbox", "discussions-inbox", 80, count=selectors.unread_count)
    )
    extensions.register_urls("discussions/", "discussions.urls")
    extensions.register_api_urls("discussions.urls_api")
    # Every logged-in person may discuss; stewards moderate.
    extensions.register_role_permissions(VIEWER, ["discussions.take_part"])
    # Contributors and above write articles (authors and stewards edit them).
    extensions.register_role_permissions(CONTRIBUTOR, ["discussions.write_articles"])
    extensions.register_role_permissions(STEWARD, ["discussions.moderate"])
    search.register()
    from catalog.signals import asset_annotated
    from discussions.services import follows

    for kind in (extensions.TABLE, extensions.COLUMN):
        extensions.register_panel(
            extensions.SidePanel(
                f"mentioned-{kind}",
                "discussions/_mentioned_panel.html",
                45,
                views.mentioned_panel_for(kind),
                assets=(kind,),
            )
        )
    asset_annotated.connect(follows.on_asset_annotated, dispatch_uid="discussions-followers")
    asset_annotated.connect(follows.on_description_mentions, dispatch_uid="discussions-description-mentions")
    for kind in (extensions.SOURCE, extensions.SCHEMA, extensions.TABLE, extensions.COLUMN):
        extensions.register_panel(
            extensions.SidePanel(
                f"follow-{kind}",
                "discussions/_follow_panel.html",
                30,
                views.follow_panel_for(kind),
                assets=(kind,),
            )
        )

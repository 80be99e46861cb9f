"""A tiny app that uses every extension point of the catalog once, to prove apps can add to the
catalog without a line changed in catalog/ (docs/extensions.md walks through it).

It is installed only by tests/extension_app/settings.py, in a test run of its own
(test_extension_app.py), so the product's own test suite runs without it.
"""

from django.apps import AppConfig


class ExtensionAppConfig(AppConfig):
    name = "tests.extension_app"
    label = "extension_app"
    verbose_name = "Extension example"

    def ready(self):
        from catalog import extensions
        from catalog.models import Table
        from catalog.roles import CONTRIBUTOR
        from tests.extension_app import api, views

        # A tab on table pages, with a count beside its label.
        extensions.register_tab(
            extensions.AssetTab(
                "notes",
                "Notes",
                "extension_app/tab.html",
                70,
                views.notes_tab_context,
                count=views.note_count,
            )
        )
        # A side panel, shown only on tables that have notes, and a row of the Properties panel.
        extensions.register_panel(
            extensions.SidePanel("latest-note", "extension_app/panel.html", 50, views.latest_note_panel)
        )
        extensions.register_properties(extensions.PropertyRows("note-count", 10, views.note_properties))
        # A notice under the title of tables with a grumpy note.
        extensions.register_notice(
            extensions.Notice("grumpy-note", "extension_app/notice.html", 10, views.grumpy_notice)
        )
        # A page of its own, in the main navigation, and an API route on the shared router.
        extensions.register_urls("notes/", "tests.extension_app.urls")
        extensions.register_nav(extensions.NavEntry("notes", "Notes", "extension-notes", 50))
        extensions.register_api_viewset("notes", api.TableNoteViewSet, "table-note")
        # Its permission, held by contributors and every role above them.
        extensions.register_role_permissions(CONTRIBUTOR, ["extension_app.write_notes"])
        # Search: its notes are findable, tables carry a facet and a ranking signal from their notes.
        from tests.extension_app import search

        search.register()
        # Facts other apps may show, and a masking policy.
        extensions.register_asset_info("note_count", Table, views.note_counts)
        extensions.register_masking(views.mask_secret_columns)
        # A script every page loads (it may enhance the textareas marked data-markdown).
        extensions.register_static(js="extension_app/notes.js")

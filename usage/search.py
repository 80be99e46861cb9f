"""Saved queries are findable, under the "Queries" category: their title, description and SQL."""

from django.urls import reverse

from catalog import extensions
from catalog.markdown import markdown_text
from catalog.models import DataSource
from usage.models import SavedQuery


def build(queryset):
    for saved in queryset.select_related("source"):
        description = markdown_text(saved.description)
        yield (
            saved.pk,
            extensions.Document(
                asset_type="saved_query",
                name=saved.title,
                url=reverse("usage-saved", args=[saved.pk]),
                source_id=saved.source_id,
                source_slug=saved.source.slug,
                body=[description, saved.sql],
                summary=(description or saved.sql)[:500],
            ),
        )


def visible(user, ids):
    return set(
        SavedQuery.objects.filter(pk__in=ids, source__in=DataSource.objects.visible_to(user)).values_list(
            "pk", flat=True
        )
    )


def register() -> None:
    extensions.register_category(extensions.Category("queries", "Queries", order=30))
    extensions.register_asset_type(
        extensions.AssetType(
            SavedQuery,
            "queries",
            build,
            {"saved_query": 0.7},
            {"saved_query": "Saved query"},
            visible=visible,
        )
    )

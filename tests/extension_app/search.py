"""The example's search extensions: notes are an asset type; tables get a facet from their notes."""

from django.db.models import Count

from catalog import extensions
from catalog.models import Table
from tests.extension_app.models import TableNote


def build_notes(queryset):
    for note in queryset.select_related("table__schema"):
        yield (
            note.pk,
            extensions.Document(
                asset_type="note", name=note.text[:60], url="/notes/", summary=note.text, body=[note.text]
            ),
        )


def table_moods(table_ids):
    found = {}
    for table_id, mood in TableNote.objects.filter(table_id__in=table_ids).values_list("table_id", "mood"):
        found.setdefault(table_id, {"facets": {"mood": []}})["facets"]["mood"].append(mood)
    counts = TableNote.objects.filter(table_id__in=table_ids).values("table_id").annotate(n=Count("id"))
    for row in counts:
        found.setdefault(row["table_id"], {}).setdefault("signals", {})["notes"] = row["n"]
    return found


def register():
    extensions.register_asset_type(
        extensions.AssetType(TableNote, "notes", build_notes, {"note": 0.5}, {"note": "Note"})
    )
    extensions.register_category(extensions.Category("notes", "Notes", order=50))
    extensions.register_facet(extensions.Facet("mood", "Mood", badge=True))
    # A table with notes is one people care about: each note lifts it a little.
    extensions.register_ranking_signal(
        extensions.RankingSignal(
            "notes", "Notes", lambda n: 1 + 0.5 * (n or 0), lambda n: f"{n} notes" if n else ""
        )
    )
    extensions.register_enricher(Table, table_moods)

from django.db.models import Count
from django.shortcuts import render

from catalog.models import Column
from tests.extension_app.models import TableNote


def note_count(table) -> int:
    return TableNote.objects.filter(table=table).count()


def notes_tab_context(request, table):
    return {"notes": TableNote.objects.filter(table=table)}


def latest_note_panel(request, table):
    note = TableNote.objects.filter(table=table).first()
    return {"note": note} if note else None


def grumpy_notice(request, table):
    note = TableNote.objects.filter(table=table, mood="grumpy").first()
    return {"note": note} if note else None


def note_properties(table):
    return [("Notes", note_count(table))]


def note_counts(table_ids):
    rows = TableNote.objects.filter(table_id__in=table_ids).values("table_id").annotate(n=Count("id"))
    return {row["table_id"]: row["n"] for row in rows}


def mask_secret_columns(user, column_ids):
    if user.has_perm("extension_app.write_notes"):
        return set()
    return set(
        Column.objects.filter(pk__in=column_ids, name__startswith="ext_secret").values_list("pk", flat=True)
    )


def notes_list(request):
    return render(request, "extension_app/notes.html", {"notes": TableNote.objects.select_related("table")})

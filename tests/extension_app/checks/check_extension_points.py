"""Run by test_extension_app.py with tests.extension_app installed: every extension point shows."""

import pytest
from django.urls import reverse

from catalog import extensions
from catalog.models import Table
from catalog.roles import permission_matrix
from tests.extension_app.models import TableNote
from tests.factories import ColumnFactory, TableFactory, TableSampleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def noted_table():
    table = TableFactory(name="orders", schema__name="shop")
    TableNote.objects.create(table=table, text="Loaded nightly by the ETL", mood="happy")
    TableNote.objects.create(table=table, text="Row counts look right", mood="happy")
    return table


def test_its_tab_panel_properties_and_navigation_show_on_the_pages(viewer_client, noted_table):
    page = viewer_client.get(reverse("table-detail", args=[noted_table.pk])).content.decode()
    assert 'Notes <span class="count">2</span>' in page
    assert 'data-panel="latest-note"' in page and "Row counts look right" in page
    assert "<dt>Notes</dt><dd>2</dd>" in page
    assert 'data-nav="notes"' in page
    tab = viewer_client.get(reverse("table-tab", args=[noted_table.pk, "notes"])).content.decode()
    assert tab.count('class="extension-note"') == 2
    assert viewer_client.get(reverse("extension-notes")).status_code == 200


def test_its_script_loads_on_every_page(viewer_client, noted_table):
    for url in (reverse("table-detail", args=[noted_table.pk]), reverse("home")):
        assert "extension_app/notes.js" in viewer_client.get(url).content.decode()


def test_a_table_without_notes_shows_no_empty_panel(viewer_client):
    table = TableFactory()
    page = viewer_client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert 'data-panel="latest-note"' not in page and "data-notice=" not in page


def test_its_notice_shows_under_the_title_only_when_it_has_something_to_say(viewer_client, noted_table):
    assert (
        "data-notice="
        not in viewer_client.get(reverse("table-detail", args=[noted_table.pk])).content.decode()
    )
    TableNote.objects.create(table=noted_table, text="Half the rows are missing", mood="grumpy")
    page = viewer_client.get(reverse("table-detail", args=[noted_table.pk])).content.decode()
    assert '<p data-notice="grumpy-note">Grumpy: Half the rows are missing</p>' in page


def test_its_api_route_answers_with_its_role_permission(client, viewer, contributor, noted_table):
    client.force_login(viewer)
    assert len(client.get("/api/notes/").json()["results"]) == 2
    note = {"table": noted_table.pk, "text": "hello"}
    assert client.post("/api/notes/", note, content_type="application/json").status_code == 403
    client.force_login(contributor)
    assert client.post("/api/notes/", note, content_type="application/json").status_code == 201
    assert "/api/notes/" in client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "notes" in client.get("/api/", HTTP_ACCEPT="application/json").json()


def test_its_permission_is_in_the_role_table():
    row = next(item for item in permission_matrix() if item["permission"] == "extension_app.write_notes")
    assert row["roles"] == ["Contributor", "Steward", "Admin"]


def test_its_asset_type_and_facet_are_searchable(viewer_client, noted_table):
    from catalog.search import index_objects

    index_objects(TableNote, TableNote.objects.values_list("pk", flat=True))
    index_objects(Table, [noted_table.pk])
    found = viewer_client.get("/api/search/", {"q": "nightly"}).json()
    assert [hit["type"] for hit in found["results"]] == ["note"]
    moods = viewer_client.get("/api/search/", {"q": "orders"}).json()["facets"]["mood"]
    assert [(m["value"], m["count"]) for m in moods] == [("happy", 1)]
    filtered = viewer_client.get("/api/search/", {"q": "orders", "mood": "sad"}).json()
    assert filtered["count"] == 0
    # Other installed apps add their own categories; the extension's must be there, counted.
    counts = {c["value"]: c["count"] for c in found["categories"]}
    assert counts["data"] == 0 and counts["notes"] == 1


def test_its_ranking_signal_lifts_noted_tables(viewer_client, noted_table):
    from catalog.search import index_objects

    plain = TableFactory(name="orders_archive", schema=noted_table.schema)
    index_objects(Table, [noted_table.pk, plain.pk])
    hits = viewer_client.get("/api/search/", {"q": "orders", "type": "table"}).json()["results"]
    by_name = {hit["name"]: hit for hit in hits}
    assert by_name["orders"]["signals"] == {"notes": 2} and by_name["orders_archive"]["signals"] == {}
    assert any("2 notes ×2.00" in reason for reason in by_name["orders"]["explanation"])
    # The same words match both; the signal puts the noted table ahead on the non-exact query.
    words = viewer_client.get("/api/search/", {"q": "order", "type": "table"}).json()["results"]
    assert [hit["name"] for hit in words][:2] == ["orders", "orders_archive"]


def test_other_apps_can_ask_its_facts_about_assets(noted_table):
    assert extensions.asset_info("note_count", Table, [noted_table.pk]) == {noted_table.pk: 2}
    assert extensions.asset_info("no_such_fact", Table, [noted_table.pk]) == {}


def test_its_masking_policy_masks_samples_and_profiles_for_whom_it_says(client, viewer, contributor):
    table = TableFactory()
    ColumnFactory(table=table, name="id", position=1)
    ColumnFactory(table=table, name="ext_secret_code", position=2)
    TableSampleFactory(table=table, columns=["id", "ext_secret_code"], rows=[[1, "s3cr3t"], [2, None]])
    client.force_login(viewer)
    sample = client.get(f"/api/tables/{table.pk}/samples/").json()
    assert sample["rows"] == [[1, "••••••"], [2, None]] and sample["masked"] == ["ext_secret_code"]
    assert "s3cr3t" not in client.get(reverse("table-tab", args=[table.pk, "samples"])).content.decode()
    client.force_login(contributor)
    assert client.get(f"/api/tables/{table.pk}/samples/").json()["rows"][0] == [1, "s3cr3t"]

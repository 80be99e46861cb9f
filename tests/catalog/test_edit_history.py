"""Every title and description edit is recorded with who, when, before and after, and every asset
(source, schema, table, column) is edited the same way, in pages and API alike."""

import pytest
from django.urls import reverse

from catalog.models import DataSource, Schema, TableChange
from catalog.signals import asset_annotated
from tests.factories import ColumnFactory, SchemaFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_a_table_edit_appears_in_its_history_with_who_before_and_after(contributor_client, contributor):
    table = TableFactory(name="orders", description="Old text")
    contributor_client.post(
        reverse("table-annotate", args=[table.pk]), {"title": "Orders", "description": "New **text**"}
    )
    edits = {c.kind: c for c in TableChange.objects.filter(table=table)}
    assert edits["description_edited"].old_value == "Old text"
    assert edits["description_edited"].new_value == "New **text**"
    assert edits["title_edited"].changed_by == contributor and edits["title_edited"].new_value == "Orders"
    page = contributor_client.get(reverse("table-tab", args=[table.pk, "history"])).content.decode()
    assert "Description edited" in page and "Title edited" in page and contributor.username in page
    api = contributor_client.get(f"/api/tables/{table.pk}/changes/").json()["results"]
    assert {(c["kind"], c["changed_by"]) for c in api} >= {("description_edited", contributor.username)}


def test_a_column_edit_is_in_its_tables_history_and_saving_the_same_text_records_nothing(
    contributor_client,
):
    column = ColumnFactory(name="drg", description="Code")
    url = reverse("column-annotate", args=[column.pk])
    contributor_client.post(url, {"title": "", "description": "DRG code"})
    contributor_client.post(url, {"title": "", "description": "DRG code"})
    changes = list(TableChange.objects.filter(table=column.table).values_list("kind", "column_name"))
    assert changes == [("description_edited", "drg")]


def test_contributors_edit_schema_and_source_descriptions_in_the_page(contributor_client):
    schema = SchemaFactory(name="ipps")
    page = contributor_client.get(reverse("schema-detail", args=[schema.pk])).content.decode()
    assert reverse("schema-annotate", args=[schema.pk]) in page
    contributor_client.post(
        reverse("schema-annotate", args=[schema.pk]), {"title": "IPPS", "description": "Payments"}
    )
    schema.refresh_from_db()
    assert (schema.title, schema.description) == ("IPPS", "Payments")
    source = schema.source
    page = contributor_client.get(reverse("source-detail", args=[source.slug])).content.decode()
    assert reverse("source-annotate", args=[source.slug]) in page
    contributor_client.post(
        reverse("source-annotate", args=[source.slug]), {"description": "The *CMS* files"}
    )
    assert DataSource.objects.get(pk=source.pk).description == "The *CMS* files"


def test_contributors_edit_schema_and_source_descriptions_through_the_api(contributor_client):
    schema = SchemaFactory(name="ipps")
    response = contributor_client.patch(
        f"/api/schemas/{schema.pk}/", {"description": "Payments"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["description"] == "Payments"
    response = contributor_client.patch(
        f"/api/sources/{schema.source.slug}/description/",
        {"description": "Files"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["description"] == "Files"
    refused = contributor_client.patch(
        f"/api/sources/{schema.source.slug}/description/",
        {"description": 12},
        content_type="application/json",
    )
    assert refused.status_code == 400  # a number is not a description


def test_viewers_cannot_edit_schemas_or_sources(viewer_client):
    schema = SchemaFactory(name="ipps", description="Kept")
    assert (
        viewer_client.post(reverse("schema-annotate", args=[schema.pk]), {"description": "x"}).status_code
        == 403
    )
    assert (
        viewer_client.post(
            reverse("source-annotate", args=[schema.source.slug]), {"description": "x"}
        ).status_code
        == 403
    )
    api = viewer_client.patch(
        f"/api/schemas/{schema.pk}/", {"description": "x"}, content_type="application/json"
    )
    assert api.status_code == 403
    api = viewer_client.patch(
        f"/api/sources/{schema.source.slug}/description/",
        {"description": "x"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert Schema.objects.get(pk=schema.pk).description == "Kept"
    assert DataSource.objects.get(pk=schema.source.pk).description == ""


def test_apps_hear_of_every_edit(contributor_client, contributor):
    heard = []

    def listener(sender, asset, user, changes, **kwargs):
        heard.append((sender.__name__, asset.pk, user, changes))

    asset_annotated.connect(listener)
    try:
        schema = SchemaFactory(description="a")
        contributor_client.post(
            reverse("schema-annotate", args=[schema.pk]), {"title": "", "description": "b"}
        )
    finally:
        asset_annotated.disconnect(listener)
    assert heard == [("Schema", schema.pk, contributor, {"description": ("a", "b")})]

"""Asset mentions' hover cards and the editors' autocomplete: the card endpoint answers only
readers of the asset, in a fixed number of queries; rendered mentions carry its URL and none of
the asset's text; every page loads the script and Markdown textareas carry data-markdown."""

import pytest
from django.urls import reverse

from catalog.models import Table
from catalog.search import index_objects
from catalog.services.annotations import asset_annotate
from discussions.services.posts import conversation_start
from governance.services.trust import set_flag
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lu(db):
    table = TableFactory(name="lu_drg", schema__name="ipps", description="Lookup of **DRG** codes. " * 20)
    index_objects(Table, [table.pk])
    return table


def _card(client, kind, pk):
    return client.get(reverse("api-discussions-card", args=[kind, pk]))


def test_a_card_shows_type_name_title_excerpt_and_trust(
    client, viewer, admin_user, lu, django_assert_max_num_queries
):
    set_flag(user=admin_user, asset=lu, flag="warning", reason="Codes change yearly")
    client.force_login(viewer)
    with django_assert_max_num_queries(6):
        response = _card(client, "table", lu.pk)
    card = response.json()
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert card["type_label"] == "Table" and card["name"] == "ipps.lu_drg"
    # Plain text, as the page shows it, cut short.
    assert card["description"].startswith("Lookup of DRG codes. Lookup") and len(card["description"]) <= 241
    assert {"facet": "trust", "value": "warning"} in card["badges"]
    assert card["removed"] is False


def test_a_column_card(client, viewer, lu):
    drg = ColumnFactory(table=lu, name="drg", description="The code")
    client.force_login(viewer)
    card = _card(client, "column", drg.pk).json()
    assert card["name"] == "ipps.lu_drg.drg" and card["description"] == "The code"


def test_no_card_for_what_the_reader_may_not_see_or_what_is_not_an_asset(client, viewer, lu):
    assert _card(client, "table", lu.pk).status_code in (401, 403)  # anonymous: never the asset
    client.force_login(viewer)
    assert _card(client, "table", lu.pk + 1000).status_code == 404
    assert _card(client, "source", lu.schema.source_id).status_code == 404
    assert _card(client, "user", viewer.pk).status_code == 404


def test_rendered_mentions_point_at_the_card_and_carry_no_description(client, viewer, lu):
    other = TableFactory(name="summ_top_drg", schema=lu.schema)
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=other.pk, title="Codes?", body="See [[ipps.lu_drg]]"
    )
    client.force_login(viewer)
    page = client.get(reverse("discussions-conversation", args=[conversation.pk])).content.decode()
    assert f'data-card="{reverse("api-discussions-card", args=["table", lu.pk])}"' in page
    assert "Lookup of" not in page


def test_people_autocomplete(client, viewer):
    UserFactory(username="vincent.v", first_name="Vincent", last_name="Vega")
    UserFactory(username="vanished", is_active=False)
    url = reverse("api-discussions-people")
    assert client.get(url, {"q": "v"}).status_code in (401, 403)
    client.force_login(viewer)
    found = client.get(url, {"q": "v"}).json()
    assert [p["username"] for p in found] == ["vera.viewer", "vincent.v"]
    assert found[1]["name"] == "Vincent Vega"
    assert client.get(url, {"q": ""}).json() == []


def test_every_page_loads_the_script_and_markdown_editors_are_marked(client, contributor, lu):
    client.force_login(contributor)
    page = client.get(reverse("table-detail", args=[lu.pk])).content.decode()
    assert "discussions/mentions.js" in page and "discussions/discussions.css" in page
    assert 'name="description"' in page and "data-markdown" in page
    column = ColumnFactory(table=lu)
    column_page = client.get(reverse("column-detail", args=[column.pk])).content.decode()
    assert "data-markdown" in column_page
    schema_page = client.get(reverse("schema-detail", args=[lu.schema_id])).content.decode()
    assert "data-markdown" in schema_page
    new_article = client.get(reverse("discussions-article-new")).content.decode()
    assert "<textarea data-markdown" in new_article


def test_description_mentions_get_cards_too(client, contributor, lu):
    other = TableFactory(name="summ_top_drg", schema=lu.schema)
    asset_annotate(asset=other, user=contributor, description="Codes in [[ipps.lu_drg]].")
    client.force_login(contributor)
    page = client.get(reverse("table-detail", args=[other.pk])).content.decode()
    assert reverse("api-discussions-card", args=["table", lu.pk]) in page

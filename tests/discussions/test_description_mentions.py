"""@mentions written in the descriptions of sources, schemas, tables and columns (and added to
a post by an edit) notify the person once per new mention; unrelated edits notify nobody again;
the inbox says where."""

import pytest
from django.urls import reverse

from catalog.services.annotations import asset_annotate
from discussions.models import Notification
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _mentions(user):
    return list(
        Notification.objects.filter(user=user, kind="mention").values_list(
            "asset_kind", "asset_id", "actor_id"
        )
    )


def test_a_new_mention_in_a_table_description_notifies_once(contributor, viewer):
    table = TableFactory(name="summ_top_drg", schema__name="ipps")
    asset_annotate(asset=table, user=contributor, description="Ask @vera.viewer about the codes.")
    assert _mentions(viewer) == [("table", table.pk, contributor.pk)]
    asset_annotate(asset=table, user=contributor, description="Ask @vera.viewer about the DRG codes.")
    asset_annotate(asset=table, user=contributor, title="Top DRGs")
    assert len(_mentions(viewer)) == 1  # unrelated edits: no second notification


def test_only_names_new_to_the_text_are_notified(contributor, viewer, steward):
    table = TableFactory()
    asset_annotate(asset=table, user=contributor, description="@vera.viewer knows")
    asset_annotate(asset=table, user=contributor, description="@vera.viewer and @stella.steward know")
    assert len(_mentions(viewer)) == 1 and len(_mentions(steward)) == 1


def test_columns_schemas_and_sources_notify_too(contributor, viewer):
    column = ColumnFactory()
    asset_annotate(asset=column, user=contributor, description="cc @vera.viewer")
    asset_annotate(asset=column.table.schema, user=contributor, description="cc @vera.viewer")
    asset_annotate(asset=column.table.schema.source, user=contributor, description="cc @vera.viewer.")
    kinds = sorted(kind for kind, _, _ in _mentions(viewer))
    assert kinds == ["column", "schema", "source"]


def test_writers_unknown_and_inactive_people_are_not_notified(contributor):
    table = TableFactory()
    gone = UserFactory(username="gone.person", is_active=False)
    asset_annotate(asset=table, user=contributor, description="me @carl.contributor, @nobody, @gone.person")
    assert Notification.objects.filter(kind="mention").count() == 0
    assert _mentions(gone) == []


def test_the_inbox_says_it_was_a_description(client, contributor, viewer):
    table = TableFactory(name="summ_top_drg", schema__name="ipps")
    asset_annotate(asset=table, user=contributor, description="Ask @vera.viewer")
    client.force_login(viewer)
    page = client.get(reverse("discussions-inbox")).content.decode()
    assert "mentioned you in the description of" in page
    assert reverse("discussions-asset", args=["table", table.pk]) in page
    # The description renders the mention as a link to the person.
    table_page = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert reverse("discussions-person", args=["vera.viewer"]) in table_page


def test_the_edit_form_notifies_through_the_same_path(client, contributor, viewer):
    table = TableFactory()
    client.force_login(contributor)
    client.post(reverse("table-annotate", args=[table.pk]), {"title": "", "description": "@vera.viewer see"})
    assert _mentions(viewer) == [("table", table.pk, contributor.pk)]


def test_a_post_edit_notifies_only_people_it_names_for_the_first_time(viewer, contributor, steward):
    from discussions.services.posts import conversation_start, post_edit

    table = TableFactory()
    conversation = conversation_start(
        user=contributor, asset_kind="table", asset_id=table.pk, title="Q", body="@vera.viewer ?"
    )
    post = conversation.posts.get()
    post_edit(user=contributor, post=post, body="@vera.viewer, any idea?")
    assert Notification.objects.filter(user=viewer, kind="mention").count() == 1
    post_edit(user=contributor, post=post, body="@vera.viewer, any idea? cc @stella.steward")
    assert Notification.objects.filter(user=viewer, kind="mention").count() == 1
    assert Notification.objects.filter(user=steward, kind="mention", post=post).count() == 1

"""Conversations on assets, end to end through pages and API: threads, likes, edits kept,
deletions that keep their place, answers, mentions of people and assets, the inbox."""

import pytest
from django.urls import reverse

from catalog.search import SearchParams, search
from discussions.models import Notification, Post, PostRevision
from discussions.services.posts import conversation_start, post_reply
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(db):
    table = TableFactory(name="summ_top_drg", schema__name="ipps", description="See [[ipps.lu_drg]].")
    TableFactory(name="lu_drg", schema=table.schema, description="DRG codes")
    return table


def test_a_thread_with_replies_likes_edit_delete_answer_and_mentions(client, table, viewer):
    grace = UserFactory(username="grace.kim", role="Viewer")
    client.force_login(viewer)
    body = "Which DRGs? cc @grace.kim, see [[ipps.lu_drg]]"
    client.post(
        reverse("discussions-start", args=["table", table.pk]), {"title": "Hip issue analysis?", "body": body}
    )
    conversation = table and Post.objects.get().conversation
    first = conversation.posts.get()
    client.force_login(grace)
    client.post(
        reverse("discussions-reply", args=[conversation.pk]), {"body": "470 and 469", "parent": first.pk}
    )
    reply = Post.objects.get(body="470 and 469")
    client.post(reverse("discussions-reply", args=[conversation.pk]), {"body": "thanks!", "parent": reply.pk})
    client.post(reverse("discussions-like", args=[first.pk]))
    client.post(reverse("discussions-edit", args=[reply.pk]), {"body": "DRG 470 and 469"})
    client.force_login(viewer)
    client.post(reverse("discussions-answer", args=[reply.pk]))
    client.post(reverse("discussions-delete", args=[first.pk]))

    page = client.get(reverse("discussions-conversation", args=[conversation.pk])).content.decode()
    assert "This post has been deleted." in page and "Which DRGs" not in page
    assert "DRG 470 and 469" in page and "edited" in page and "accepted answer" in page and "thanks!" in page
    assert 'class="post depth-1' in page and 'class="post depth-2' in page
    assert PostRevision.objects.get(post=reply).body == "470 and 469"
    assert Notification.objects.filter(user=grace, kind="mention").exists()
    assert Notification.objects.filter(user=viewer, kind="reply").exists()
    tab = client.get(reverse("table-tab", args=[table.pk, "conversations"])).content.decode()
    assert "Hip issue analysis?" in tab and "answered" in tab


def test_mentions_link_people_and_assets_in_posts_and_descriptions(client, table, viewer):
    UserFactory(username="grace.kim", role="Viewer")
    client.force_login(viewer)
    overview = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert 'class="mention asset"' in overview and "lu_drg" in overview  # the description's mention
    body = "@grace.kim and @nobody, [[ipps.nope]] and [[ipps.lu_drg]]"
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=table.pk, title="T", body=body
    )
    html = client.get(reverse("discussions-conversation", args=[conversation.pk])).content.decode()
    page = html.split('<div class="markdown">', 1)[1].split("</div>", 1)[0]  # the rendered post
    assert 'href="/discussions/people/grace.kim/">@grace.kim</a>' in page
    assert "@nobody" in page and "people/nobody" not in page
    assert "ipps.nope" in page and "[[ipps.nope]]" not in page  # plain text, not a broken link


def test_only_the_author_edits_and_only_the_author_or_a_steward_deletes(client, table, viewer, steward):
    other = UserFactory(username="other", role="Viewer")
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=table.pk, title="T", body="mine"
    )
    post = conversation.posts.get()
    client.force_login(other)
    client.post(reverse("discussions-edit", args=[post.pk]), {"body": "hacked"})
    client.post(reverse("discussions-delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.body == "mine" and post.deleted_at is None
    client.force_login(steward)
    client.post(reverse("discussions-delete", args=[post.pk]))
    post.refresh_from_db()
    assert post.deleted_at is not None


def test_the_api_does_what_the_pages_do(client, table, viewer):
    client.force_login(viewer)
    started = client.post("/api/discussions/conversations/",
                          {"asset_kind": "table", "asset_id": table.pk, "title": "Q", "body": "first"},
                          content_type="application/json")  # fmt: skip
    assert started.status_code == 201
    pk = started.json()["id"]
    reply = client.post(
        f"/api/discussions/conversations/{pk}/replies/", {"body": "second"}, content_type="application/json"
    )
    assert reply.status_code == 201
    post_id = reply.json()["id"]
    assert client.post(f"/api/discussions/posts/{post_id}/like/").json() == {"liked": True}
    assert (
        client.patch(
            f"/api/discussions/posts/{post_id}/", {"body": 12}, content_type="application/json"
        ).status_code
        == 400
    )
    client.delete(f"/api/discussions/posts/{post_id}/")
    thread = client.get(f"/api/discussions/conversations/{pk}/").json()
    assert [p["deleted"] for p in thread["posts"]] == [False, True] and thread["posts"][1]["body"] is None
    listed = client.get(
        "/api/discussions/conversations/", {"asset_kind": "table", "asset_id": table.pk}
    ).json()
    assert listed[0]["title"] == "Q" and listed[0]["replies"] == 0


def test_conversations_are_searchable_and_deleted_text_is_not(table, viewer):
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=table.pk, title="Archived data", body="Is 2014 archived?"
    )
    reply = post_reply(user=viewer, conversation=conversation, body="zebracorn secret")
    assert "conversation" in [h.doc.asset_type for h in search(viewer, SearchParams(q="archived")).hits]
    assert search(viewer, SearchParams(q="zebracorn")).total == 1
    from discussions.services.posts import post_delete

    post_delete(user=viewer, post=reply)
    assert search(viewer, SearchParams(q="zebracorn")).total == 0
    categories = {c.value for c in search(viewer, SearchParams(q="archived")).categories}
    assert "conversations" in categories


def test_a_thread_of_500_posts_renders_in_a_bounded_number_of_queries(
    client, table, viewer, django_assert_max_num_queries
):
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=table.pk, title="Long", body="start"
    )
    first = conversation.posts.get()
    Post.objects.bulk_create(
        Post(conversation=conversation, parent=first if i % 2 else None, author=viewer, body=f"post {i}")
        for i in range(499)
    )
    client.force_login(viewer)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("discussions-conversation", args=[conversation.pk])).content.decode()
    assert page.count('class="post depth-') == 500


def test_a_conversation_on_an_asset_you_cannot_read_is_not_found(client, viewer, monkeypatch):
    column = ColumnFactory()
    conversation = conversation_start(
        user=viewer, asset_kind="column", asset_id=column.pk, title="T", body="x"
    )
    column.table.delete()
    client.force_login(viewer)
    assert client.get(reverse("discussions-conversation", args=[conversation.pk])).status_code == 404

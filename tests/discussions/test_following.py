"""Following conversations, articles and assets, and the inbox it fills: replies in followed
conversations, new conversations on followed assets, description changes, article edits; unread
count in the header, mark read, mark all read; the follows API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.services.annotations import asset_annotate
from discussions.models import Follow, Notification
from discussions.services.articles import article_create, article_update
from discussions.services.follows import follow_set
from discussions.services.posts import conversation_start, post_reply
from tests.factories import TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(db):
    return TableFactory(name="summ_top_drg", schema__name="ipps")


def _kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_authors_and_repliers_follow_and_hear_of_replies(viewer, steward, table):
    conversation = conversation_start(user=viewer, asset_kind="table", asset_id=table.pk, title="Q", body="?")
    post_reply(user=steward, conversation=conversation, body="A")
    assert _kinds(viewer) == ["reply"] and _kinds(steward) == []
    post_reply(user=viewer, conversation=conversation, body="thanks")
    assert _kinds(steward) == ["reply"]
    assert Follow.objects.filter(target_kind="conversation", target_id=conversation.pk).count() == 2


def test_unfollowing_stops_the_replies(viewer, steward, table):
    conversation = conversation_start(user=viewer, asset_kind="table", asset_id=table.pk, title="Q", body="?")
    follow_set(user=viewer, kind="conversation", target_id=conversation.pk, on=False)
    post_reply(user=steward, conversation=conversation, body="A")
    assert _kinds(viewer) == []


def test_followers_of_an_asset_hear_of_new_conversations_and_description_changes(viewer, contributor, table):
    follow_set(user=viewer, kind="table", target_id=table.pk, on=True)
    conversation_start(user=contributor, asset_kind="table", asset_id=table.pk, title="New", body="hi")
    asset_annotate(asset=table, user=contributor, description="Top DRGs per hospital and year.")
    asset_annotate(asset=table, user=contributor, title=table.title)  # no change: no news
    assert _kinds(viewer) == ["conversation", "description"]
    assert _kinds(contributor) == []  # not their own news


def test_followers_of_an_article_hear_of_its_edits(viewer, contributor, steward, table):
    article = article_create(user=contributor, title="How to", body="v1")
    follow_set(user=viewer, kind="article", target_id=article.pk, on=True)
    article_update(user=steward, article=article, body="v2")
    assert _kinds(viewer) == ["article"] and _kinds(contributor) == ["article"] and _kinds(steward) == []
    article_update(user=steward, article=article, tags="x")  # no new text: no news
    assert _kinds(viewer) == ["article"]


def test_refusals_change_nothing(table):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        follow_set(user=AnonymousUser(), kind="table", target_id=table.pk, on=True)
    no_role = UserFactory()
    no_role.groups.clear()
    with pytest.raises(PermissionDenied):
        follow_set(user=no_role, kind="table", target_id=table.pk, on=True)
    assert not Follow.objects.exists()


def test_pages_follow_notify_count_and_mark_read(client, viewer, steward, table):
    client.force_login(viewer)
    page = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert 'data-panel="follow"' in page and ">Follow<" in page
    back = reverse("table-detail", args=[table.pk])
    response = client.post(reverse("discussions-follow", args=["table", table.pk]), {"next": back})
    assert response["Location"] == back and Follow.objects.filter(user=viewer).count() == 1
    assert ">Unfollow<" in client.get(back).content.decode()
    conversation = conversation_start(
        user=steward, asset_kind="table", asset_id=table.pk, title="Hip?", body="?"
    )
    asset_annotate(asset=table, user=steward, description="Changed")
    inbox = client.get(reverse("discussions-inbox")).content.decode()
    assert "Hip?" in inbox and "changed the description" in inbox and "data-nav-count" in inbox
    assert client.get(reverse("discussions-asset", args=["table", table.pk]))["Location"] == back
    conversation_page = client.get(
        reverse("discussions-conversation", args=[conversation.pk])
    ).content.decode()
    assert ">Follow<" in conversation_page
    first = Notification.objects.filter(user=viewer).order_by("pk").first()
    client.post(reverse("discussions-inbox-read-one", args=[first.pk]))
    assert Notification.objects.filter(user=viewer, read_at__isnull=True).count() == 1
    client.post(reverse("discussions-inbox-read"))
    assert "data-nav-count" not in client.get(reverse("discussions-inbox")).content.decode()
    evil = client.post(
        reverse("discussions-follow", args=["table", table.pk]), {"on": "0", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/" and not Follow.objects.filter(user=viewer).exists()
    assert client.post(reverse("discussions-follow", args=["nope", 1])).status_code == 404


def test_api_follows_and_inbox(client, viewer, steward, table):
    client.force_login(viewer)
    assert (
        client.post(
            "/api/discussions/follows/", {"kind": "table", "id": table.pk}, content_type="application/json"
        ).status_code
        == 201
    )
    assert client.get("/api/discussions/follows/").json() == [
        {"kind": "table", "id": table.pk, "since": client.get("/api/discussions/follows/").json()[0]["since"]}
    ]
    bad = client.post(
        "/api/discussions/follows/", {"kind": "table", "id": 999_999}, content_type="application/json"
    )
    assert bad.status_code == 400
    conversation_start(user=steward, asset_kind="table", asset_id=table.pk, title="Hip?", body="?")
    asset_annotate(asset=table, user=steward, description="Changed")
    inbox = client.get("/api/discussions/inbox/").json()
    assert inbox["unread"] == 2 and {n["kind"] for n in inbox["notifications"]} == {
        "conversation",
        "description",
    }
    one = inbox["notifications"][0]["id"]
    assert client.post("/api/discussions/inbox/", {"ids": [one]}, content_type="application/json").json() == {
        "marked_read": 1
    }
    assert client.post("/api/discussions/inbox/", {}, content_type="application/json").json() == {
        "marked_read": 1
    }
    assert client.delete(f"/api/discussions/follows/table/{table.pk}/").status_code == 204
    assert not Follow.objects.filter(user=viewer).exists()


def test_inbox_and_follows_have_bounded_queries(
    client, viewer, steward, table, django_assert_max_num_queries
):
    follow_set(user=viewer, kind="table", target_id=table.pk, on=True)
    for index in range(30):
        c = conversation_start(
            user=steward, asset_kind="table", asset_id=table.pk, title=f"Q{index}", body="?"
        )
        follow_set(user=viewer, kind="conversation", target_id=c.pk, on=True)
        post_reply(user=steward, conversation=c, body="more")
    article = article_create(user=steward, title="A", body="v1")
    follow_set(user=viewer, kind="article", target_id=article.pk, on=True)
    article_update(user=steward, article=article, body="v2")
    asset_annotate(asset=table, user=steward, description="Changed")
    client.force_login(viewer)
    for url in [reverse("discussions-inbox"), "/api/discussions/inbox/", "/api/discussions/follows/"]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_people_mentioned_in_an_article_hear_of_it_once(contributor, steward):
    grace = UserFactory(username="grace.kim", role="Viewer")
    article = article_create(user=contributor, title="Codes", body="Ask @grace.kim or @stella.steward.")
    article_update(user=steward, article=article, body="Ask @grace.kim or @stella.steward, or @nobody.")
    assert _kinds(grace) == ["mention"]  # once, though both versions mention her
    assert _kinds(steward) == ["mention"]  # from the contributor; not from their own edit

"""Conversations are findable: their title and the text of their posts that are not deleted."""

from django.urls import reverse

from catalog import extensions
from discussions.models import Conversation, Post
from discussions.selectors import ASSET_MODELS


def build(queryset):
    conversations = list(queryset)
    texts: dict[int, list[str]] = {}
    for conversation_id, body in Post.objects.filter(
        conversation__in=conversations, deleted_at__isnull=True
    ).values_list("conversation_id", "body"):
        texts.setdefault(conversation_id, []).append(body)
    for c in conversations:
        body = texts.get(c.pk, [])
        yield (
            c.pk,
            extensions.Document(
                asset_type="conversation",
                name=c.title,
                url=reverse("discussions-conversation", args=[c.pk]),
                body=body,
                summary=(body[0] if body else "")[:500],
            ),
        )


def visible(user, ids):
    allowed = set()
    by_kind: dict[str, dict[int, list[int]]] = {}
    for pk, kind, asset_id in Conversation.objects.filter(pk__in=ids).values_list(
        "pk", "asset_kind", "asset_id"
    ):
        by_kind.setdefault(kind, {}).setdefault(asset_id, []).append(pk)
    for kind, assets in by_kind.items():
        for asset_id in (
            ASSET_MODELS[kind].objects.visible_to(user).filter(pk__in=assets).values_list("pk", flat=True)
        ):
            allowed.update(assets[asset_id])
    return allowed


def register() -> None:
    extensions.register_category(extensions.Category("conversations", "Conversations", order=40))
    extensions.register_asset_type(
        extensions.AssetType(
            Conversation,
            "conversations",
            build,
            {"conversation": 0.6},
            {"conversation": "Conversation"},
            visible=visible,
        )
    )

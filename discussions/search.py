"""Conversations are findable by their title and the text of their posts that are not deleted;
articles by their title, tags, text and the names of the assets they are about."""

from django.urls import reverse

from catalog import extensions
from discussions.models import Article, ArticleAsset, Conversation, Post
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


def build_articles(queryset):
    found = list(queryset.live().prefetch_related("authors"))
    about: dict[int, list[str]] = {}
    tables = ArticleAsset.objects.filter(article__in=found, asset_kind="table")
    names = {
        t.pk: t.qualified_name
        for t in ASSET_MODELS["table"]
        .objects.filter(pk__in=tables.values("asset_id"))
        .select_related("schema")
    }
    for article_id, asset_id in tables.values_list("article_id", "asset_id"):
        if asset_id in names:
            about.setdefault(article_id, []).append(names[asset_id])
    for a in found:
        yield (
            a.pk,
            extensions.Document(
                asset_type="article",
                name=a.title,
                url=reverse("discussions-article", args=[a.pk]),
                names=a.tag_list,
                column_text=about.get(a.pk, []),
                body=[a.body],
                summary=a.body[:500],
            ),
        )


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
    extensions.register_category(extensions.Category("articles", "Articles", order=35))
    extensions.register_asset_type(
        extensions.AssetType(
            Article,
            "articles",
            build_articles,
            {"article": 0.8},
            {"article": "Article"},
            visible=lambda user, ids: set(
                Article.objects.visible_to(user).live().filter(pk__in=ids).values_list("pk", flat=True)
            ),
        )
    )

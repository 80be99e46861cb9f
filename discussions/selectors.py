"""Reading conversations in a fixed number of queries: a thread of 500 posts is four queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from catalog.models import Column, DataSource, Schema, Table
from discussions.models import Conversation, Like, Notification, Post

MAX_DEPTH = 4  # replies deeper than this are shown flat under their depth-4 ancestor
ASSET_MODELS = {"source": DataSource, "schema": Schema, "table": Table, "column": Column}


def visible_asset(user, kind: str, asset_id: int):
    """The asset a conversation is about, if `user` may read it (its visibility helper)."""
    model = ASSET_MODELS.get(kind)
    if model is None:
        return None
    return model.objects.visible_to(user).filter(pk=asset_id).first()


def conversations_for(kind: str, asset_id: int):
    return (
        Conversation.objects.filter(asset_kind=kind, asset_id=asset_id)
        .annotate(
            replies=Count("posts", filter=Q(posts__deleted_at__isnull=True)) - 1,
            likes=Count("posts__likes"),
        )
        .select_related("started_by")
        .order_by("-last_activity_at")
    )


@dataclass
class ThreadPost:
    post: Post
    depth: int
    likes: int = 0
    liked: bool = False
    children: list = field(default_factory=list)


def thread(conversation: Conversation, user) -> list[ThreadPost]:
    """The posts in reading order with their depth (flattened below MAX_DEPTH), like counts and
    whether `user` liked each."""
    posts = list(
        conversation.posts.select_related("author")
        .annotate(
            like_count=Count("likes"), mine=Exists(Like.objects.filter(post=OuterRef("pk"), user_id=user.pk))
        )
        .order_by("created_at", "id")
    )
    nodes = {p.pk: ThreadPost(p, 0, p.like_count, p.mine) for p in posts}
    roots = []
    for p in posts:
        parent = nodes.get(p.parent_id)
        (parent.children if parent else roots).append(nodes[p.pk])
    ordered: list[ThreadPost] = []
    stack = [(root, 0) for root in reversed(roots)]  # depth-first, without recursion: any depth
    while stack:
        node, depth = stack.pop()
        node.depth = min(depth, MAX_DEPTH)
        ordered.append(node)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return ordered


def inbox(user, limit: int = 100):
    return Notification.objects.filter(user=user).select_related("post__conversation", "post__author")[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

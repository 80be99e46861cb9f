"""Writing conversations: each function checks its permission, so pages and API agree."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.permissions import recorded, require
from catalog.search import index_objects
from discussions.models import MAX_BODY, Conversation, Like, Notification, Post, PostRevision
from discussions.services import follows

TAKE_PART = "discussions.take_part"
MODERATE = "discussions.moderate"
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


class DiscussionError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _clean_body(body) -> str:
    if not isinstance(body, str) or not body.strip():
        raise DiscussionError("body", "Write something.")
    if len(body) > MAX_BODY:
        raise DiscussionError("body", f"Keep a post under {MAX_BODY:,} characters.")
    return body


def conversation_start(*, user, asset_kind: str, asset_id: int, title: str, body: str) -> Conversation:
    require(user, TAKE_PART, "You cannot take part in conversations.")
    title = " ".join(str(title or "").split())
    if not title or len(title) > 200:
        raise DiscussionError("title", "Give the conversation a title of at most 200 characters.")
    body = _clean_body(body)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            asset_kind=asset_kind, asset_id=asset_id, title=title, started_by=recorded(user)
        )
        post = Post.objects.create(conversation=conversation, author=recorded(user), body=body)
        _notify_mentions(post)
        follows.notify(
            follows.followers(asset_kind, asset_id, exclude=user),
            kind=Notification.Kind.CONVERSATION,
            post=post,
            actor=recorded(user),
        )
        follows.follow_quietly(user, "conversation", conversation.pk)  # authors follow what they start
        _reindex(conversation.pk)
    return conversation


def post_reply(*, user, conversation: Conversation, body: str, parent: Post | None = None) -> Post:
    require(user, TAKE_PART, "You cannot take part in conversations.")
    body = _clean_body(body)
    if parent is not None and parent.conversation_id != conversation.pk:
        raise DiscussionError("parent", "That post is in another conversation.")
    with transaction.atomic():
        post = Post.objects.create(conversation=conversation, parent=parent, author=recorded(user), body=body)
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=timezone.now())
        _notify_mentions(post)
        _notify_followers(post, user)
        follows.follow_quietly(user, "conversation", conversation.pk)  # who replies follows
        _reindex(conversation.pk)
    return post


def post_edit(*, user, post: Post, body: str) -> Post:
    require(user, TAKE_PART, "You cannot take part in conversations.")
    if post.author_id != getattr(user, "pk", None):
        raise DiscussionError("body", "Only its author edits a post.")
    if post.deleted_at:
        raise DiscussionError("body", "A deleted post cannot be edited.")
    body = _clean_body(body)
    if body == post.body:
        return post
    before = post.body
    with transaction.atomic():
        PostRevision.objects.create(post=post, body=post.body)
        post.body, post.edited_at = body, timezone.now()
        post.save(update_fields=["body", "edited_at"])
        _notify_mentions(post, before)  # only the people this edit names for the first time
        _reindex(post.conversation_id)
    return post


def post_delete(*, user, post: Post) -> Post:
    """Soft: the post keeps its place ("This post has been deleted") and its replies stay."""
    require(user, TAKE_PART, "You cannot take part in conversations.")
    if post.author_id != getattr(user, "pk", None) and not user.has_perm(MODERATE):
        raise DiscussionError("post", "Only its author or a steward deletes a post.")
    if not post.deleted_at:
        post.deleted_at, post.deleted_by = timezone.now(), recorded(user)
        post.save(update_fields=["deleted_at", "deleted_by"])
        _reindex(post.conversation_id)  # a deleted post's text leaves the index
    return post


def like_toggle(*, user, post: Post) -> bool:
    """Like a post, or take the like back; returns whether it is liked now."""
    require(user, TAKE_PART, "You cannot take part in conversations.")
    deleted, _ = Like.objects.filter(post=post, user=user).delete()
    if deleted:
        return False
    Like.objects.get_or_create(post=post, user=user)
    return True


def answer_mark(*, user, conversation: Conversation, post: Post | None) -> Conversation:
    require(user, TAKE_PART, "You cannot take part in conversations.")
    if conversation.started_by_id != getattr(user, "pk", None) and not user.has_perm(MODERATE):
        raise DiscussionError("answer", "The one who started it, or a steward, marks the answer.")
    if post is not None and (
        post.conversation_id != conversation.pk or post.parent_id is None and post.pk == _first(conversation)
    ):
        raise DiscussionError("answer", "Mark a reply of this conversation as its answer.")
    conversation.answer = post
    conversation.save(update_fields=["answer"])
    return conversation


def _reindex(conversation_id: int) -> None:
    index_objects(Conversation, [conversation_id])


def _first(conversation) -> int | None:
    return conversation.posts.order_by("created_at", "id").values_list("pk", flat=True).first()


def mentioned_names(text: str) -> set[str]:
    """@names in a text; a sentence's full stop is not part of the name ("ask @steward.")."""
    return {name.rstrip(".") for name in MENTION.findall(text or "")}


def _notify_mentions(post: Post, before: str = "") -> None:
    names = mentioned_names(post.body) - mentioned_names(before)
    if not names:
        return
    users = get_user_model().objects.filter(username__in=list(names)[:50]).exclude(pk=post.author_id)
    follows.notify(users.values_list("pk", flat=True), kind=Notification.Kind.MENTION, post=post)


def _notify_followers(post: Post, user) -> None:
    follows.notify(
        follows.followers("conversation", post.conversation_id, exclude=user),
        kind=Notification.Kind.REPLY,
        post=post,
        actor=recorded(user),
    )


def mark_read(*, user, ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids)[:500])
    return unread.update(read_at=timezone.now())

"""Following conversations, articles and assets, and the notifications their news cause.

Authors follow what they start (a conversation, an article), and whoever replies follows the
conversation; anyone who takes part may follow or unfollow anything they can read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.permissions import recorded, require
from discussions import selectors
from discussions.models import FOLLOW_KINDS, Conversation, Follow, Notification

TAKE_PART = "discussions.take_part"
KINDS = {k for k, _ in FOLLOW_KINDS}
MAX_FOLLOWERS_NOTIFIED = 5_000


class FollowError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def target_visible(user, kind: str, target_id: int):
    if kind == "conversation":
        conversation = Conversation.objects.filter(pk=target_id).first()
        if conversation is None:
            return None
        visible = selectors.visible_asset(user, conversation.asset_kind, conversation.asset_id)
        return conversation if visible is not None else None
    return selectors.visible_asset(user, kind, target_id)


def follow_set(*, user, kind: str, target_id: int, on: bool) -> bool:
    """Follow (on=True) or unfollow; returns whether `user` follows it now."""
    require(user, TAKE_PART, "You cannot follow things.")
    if kind not in KINDS or target_visible(user, kind, target_id) is None:
        raise FollowError("target", f"No such {kind}.")
    if on:
        Follow.objects.get_or_create(user=user, target_kind=kind, target_id=target_id)
    else:
        Follow.objects.filter(user=user, target_kind=kind, target_id=target_id).delete()
    return on


def follow_quietly(user, kind: str, target_id: int) -> None:
    """What authors and repliers follow as they write: no permission beyond the write itself."""
    if recorded(user):
        Follow.objects.get_or_create(user=user, target_kind=kind, target_id=target_id)


def followers(kind: str, target_id: int, exclude=None):
    found = Follow.objects.filter(target_kind=kind, target_id=target_id)
    if exclude is not None and getattr(exclude, "pk", None):
        found = found.exclude(user_id=exclude.pk)
    return list(found.values_list("user_id", flat=True)[:MAX_FOLLOWERS_NOTIFIED])


def notify(user_ids, **fields) -> None:
    """Inbox entries for these people; with CATALOG_NOTIFY_EMAIL also an email each, sent by a
    task once the transaction committed (people without an address get only the inbox entry)."""
    created = Notification.objects.bulk_create(Notification(user_id=uid, **fields) for uid in set(user_ids))
    if created and settings.CATALOG_NOTIFY_EMAIL:
        from discussions.tasks import email_notifications

        ids = [n.pk for n in created]  # PostgreSQL and SQLite both return the new keys
        # robust: a broker that is down must not fail the write that the inbox already records.
        transaction.on_commit(lambda: email_notifications.delay(ids), robust=True)


def on_asset_annotated(sender, asset, user=None, changes=None, **kwargs) -> None:
    """catalog.signals.asset_annotated: followers of the asset hear of a new description or title."""
    kinds = {"DataSource": "source", "Schema": "schema", "Table": "table", "Column": "column"}
    kind = kinds.get(sender.__name__)
    if kind is None or not changes or not ({"description", "title"} & set(changes)):
        return
    notify(
        followers(kind, asset.pk, exclude=user),
        kind=Notification.Kind.DESCRIPTION,
        asset_kind=kind,
        asset_id=asset.pk,
        actor=recorded(user),
    )


MAX_MENTIONED = 50


def on_description_mentions(sender, asset, user=None, changes=None, **kwargs) -> None:
    """catalog.signals.asset_annotated: people @mentioned by a new description and not by the one
    it replaces hear of it once (an unrelated edit of the text notifies nobody again). Only people
    who may read the asset are told, so a notification never reveals an asset to its reader."""
    from discussions.services.posts import mentioned_names

    kinds = {"DataSource": "source", "Schema": "schema", "Table": "table", "Column": "column"}
    kind = kinds.get(sender.__name__)
    if kind is None or not changes or "description" not in changes:
        return
    before, after = changes["description"]
    names = mentioned_names(after) - mentioned_names(before)
    if not names:
        return
    people = get_user_model().objects.filter(username__in=sorted(names)[:MAX_MENTIONED], is_active=True)
    if getattr(user, "pk", None):
        people = people.exclude(pk=user.pk)
    readers = [person.pk for person in people if selectors.visible_asset(person, kind, asset.pk) is not None]
    notify(readers, kind=Notification.Kind.MENTION, asset_kind=kind, asset_id=asset.pk, actor=recorded(user))

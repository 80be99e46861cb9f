"""Notifications by email (CATALOG_NOTIFY_EMAIL): each new inbox entry is also sent, through
Django's email backend, to its person when they have an address. The inbox stays the record; a
failed send is logged and not retried (nobody wants the same mention twice)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from discussions import selectors
from discussions.models import Notification

log = logging.getLogger(__name__)
MAX_PER_BATCH = 500


def _subject_and_text(notification: Notification) -> tuple[str, str]:
    actor = notification.actor or (notification.post.author if notification.post_id else None)
    who = actor.get_username() if actor else "Someone"
    what = notification.get_kind_display()
    if notification.post_id:
        about = f"the conversation “{notification.post.conversation.title}”"
        body = "" if notification.post.deleted_at else notification.post.body
    elif notification.article_id:
        about = f"the article “{notification.article.title}”"
        body = ""
    else:
        asset = selectors.visible_asset(notification.user, notification.asset_kind, notification.asset_id)
        kind = notification.asset_kind
        about = f"the {kind} {asset}" if asset is not None else f"a {kind}"
        body = ""
    subject = f"{who} {what}: {about}"[:200]
    text = f"{who} {what}: {about}.\n\n"
    if body:
        text += body[:2000] + ("…" if len(body) > 2000 else "") + "\n\n"
    text += f"Your inbox in the catalog: {reverse('discussions-inbox')}\n"
    return subject, text


def send_notification_emails(ids: list[int]) -> int:
    """Email these notifications to their people who have an address; returns how many were sent."""
    if not settings.CATALOG_NOTIFY_EMAIL:
        return 0
    claimed = _claim(list(ids)[:MAX_PER_BATCH])
    notifications = Notification.objects.filter(pk__in=claimed).select_related(
        "user", "actor", "post__author", "post__conversation", "article"
    )
    messages = []
    for notification in notifications:
        subject, text = _subject_and_text(notification)
        messages.append(EmailMessage(subject, text, to=[notification.user.email]))
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the inbox has them; a mail server's trouble must not fail the write
        log.exception("Could not send %d notification emails", len(messages))
        return 0


def _claim(ids: list[int]) -> list[int]:
    """Mark these notifications emailed before sending, in one transaction that locks their rows:
    of two runs of the same task (a redelivered message, a retry) only one gets each id. At most
    once: a crash after the claim loses an email, never doubles one (the inbox keeps them all)."""
    with transaction.atomic():
        rows = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exclude(user__email="")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        claimed = list(rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(emailed_at=timezone.now())
    return claimed

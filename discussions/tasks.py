"""Celery tasks of discussions: thin, take ids, call one service."""

from celery import shared_task

from discussions.services.emails import send_notification_emails


@shared_task(acks_late=True, time_limit=120)
def email_notifications(ids: list[int]) -> None:
    send_notification_emails(ids)

"""Registering and changing sources. The URL is vetted before it is stored; secrets are encrypted."""

import json

from celery.schedules import crontab
from django.db import transaction
from django.utils.text import slugify
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from catalog.connectors import ConnectorError, parse_source_url
from catalog.models import DataSource
from catalog.permissions import MANAGE_SOURCES, recorded, require
from catalog.search import index_objects
from catalog.services.annotations import DESCRIPTION_MAX_LENGTH
from catalog.services.connections import check_url_allowed

SOURCE_SETTINGS = [
    "description",
    "include_schemas",
    "exclude_schemas",
    "include_tables",
    "exclude_tables",
    "sample_enabled",
    "sample_rows",
    "crawl_schedule",
]


class SourceError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def stored_password_for(source: DataSource | None, url: str) -> str | None:
    """The stored password, for a URL that still points where it did.

    Pointing a source elsewhere without typing the password again would send the stored
    secret to a new host, which is how credentials get phished; refuse that.
    """
    if source is None or not source.has_password:
        return None
    try:
        new, old = parse_source_url(url), parse_source_url(source.url)
    except ConnectorError as exc:
        raise SourceError("url", exc.message) from None
    if (new.engine, new.host, new.port, new.username) != (old.engine, old.host, old.port, old.username):
        raise SourceError("password", "Enter the password again when you change the host, port or user.")
    return source.password


def _parse_schedule(expression: str) -> dict | None:
    parts = expression.split()
    if not parts:
        return None
    if len(parts) != 5:
        raise SourceError(
            "crawl_schedule", "Use five cron fields: minute hour day-of-month month day-of-week."
        )
    minute, hour, day, month, weekday = parts
    try:
        crontab(minute=minute, hour=hour, day_of_month=day, month_of_year=month, day_of_week=weekday)
    except (ValueError, KeyError) as exc:
        raise SourceError("crawl_schedule", f"Not a valid cron expression: {exc}") from None
    return {
        "minute": minute,
        "hour": hour,
        "day_of_month": day,
        "month_of_year": month,
        "day_of_week": weekday,
    }


def _vet(url: str, password: str | None) -> tuple[str, str, str | None]:
    """Returns (engine, display url without password, password)."""
    try:
        config = check_url_allowed(url, password)
    except ConnectorError as exc:
        raise SourceError("url", exc.message) from None
    return config.engine, config.url, config.password


@transaction.atomic
def source_save(
    *,
    source: DataSource | None = None,
    name: str,
    url: str,
    password: str | None = None,
    user,
    **options,
) -> DataSource:
    """Create a source (source=None) or update one. A blank password keeps the stored one."""
    require(user, MANAGE_SOURCES, "Only admins register and change sources.")
    unknown = set(options) - set(SOURCE_SETTINGS)
    if unknown:
        raise TypeError(f"unknown source settings: {sorted(unknown)}")
    if len(options.get("description") or "") > DESCRIPTION_MAX_LENGTH:
        raise SourceError("description", f"Keep the description under {DESCRIPTION_MAX_LENGTH:,} characters.")
    stored_password = stored_password_for(source, url) if not password else None
    engine, display_url, url_password = _vet(url, password or stored_password)
    schedule = _parse_schedule(options.get("crawl_schedule", source.crawl_schedule if source else "") or "")
    if source is None:
        source = DataSource(created_by=recorded(user))
    source.name, source.engine, source.url = name, engine, display_url
    for key, value in options.items():
        setattr(source, key, value)
    if password or url_password != stored_password:
        source.set_password(password or url_password)
    if DataSource.objects.exclude(pk=source.pk).filter(name__iexact=name).exists():
        raise SourceError("name", f"A source named {name!r} already exists.")
    if source.pk is None:
        # The slug, the source's address in URLs, is made from the name once, at creation.
        source.slug = slugify(name)[:200] or "source"
        if DataSource.objects.filter(slug=source.slug).exists():
            raise SourceError(
                "name", f"A source with the address {source.slug!r} already exists; pick another name."
            )
    source.save()
    _sync_schedule(source, schedule)
    index_objects(DataSource, [source.pk])  # its name and description are searchable
    return source


def _sync_schedule(source: DataSource, schedule: dict | None) -> None:
    task_name = f"crawl source {source.pk}"
    if schedule is None:
        PeriodicTask.objects.filter(name=task_name).delete()
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(**schedule, timezone="UTC")
    PeriodicTask.objects.update_or_create(
        name=task_name,
        defaults={
            "task": "catalog.tasks.crawl_scheduled_source",
            "crontab": crontab,
            "args": json.dumps([source.pk]),
            "enabled": True,
        },
    )


@transaction.atomic
def source_delete(*, source: DataSource, user) -> None:
    require(user, MANAGE_SOURCES, "Only admins delete sources.")
    PeriodicTask.objects.filter(name=f"crawl source {source.pk}").delete()
    source.delete()

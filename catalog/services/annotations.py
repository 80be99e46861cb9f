"""Curating assets: the titles and descriptions people write on sources, schemas, tables and columns.

The description is Markdown and is stored exactly as typed; pages render and sanitise it. Every
edit of a table or column goes into the table's history with who and before/after, beside what
crawls changed; every edit of any asset is announced with `catalog.signals.asset_annotated`.
"""

from django.db import transaction

from catalog.models import Column, DataSource, Schema, Table, TableChange
from catalog.permissions import ANNOTATE, recorded, require
from catalog.search import index_asset
from catalog.signals import asset_annotated

TITLE_MAX_LENGTH = Table._meta.get_field("title").max_length
DESCRIPTION_MAX_LENGTH = 100_000
HISTORY_KINDS = {"title": TableChange.Kind.TITLE_EDITED, "description": TableChange.Kind.DESCRIPTION_EDITED}


class AnnotationError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def asset_annotate(
    *,
    asset: DataSource | Schema | Table | Column,
    user,
    title: str | None = None,
    description: str | None = None,
) -> DataSource | Schema | Table | Column:
    """Set the title and/or description of `asset` (None leaves a field as it is).

    The title is a single line: surrounding whitespace is dropped. The description is kept verbatim.
    A source's name is its title, set by whoever manages the source, so a source takes only a
    description here.
    """
    if not isinstance(asset, DataSource | Schema | Table | Column):
        raise TypeError(f"cannot annotate {type(asset).__name__}")
    require(user, ANNOTATE, "You need the Contributor role to edit titles and descriptions.")
    wanted = {}
    if title is not None:
        if isinstance(asset, DataSource):
            raise AnnotationError("title", "A source's name is changed on its settings page.")
        title = " ".join(str(title).split())
        if len(title) > TITLE_MAX_LENGTH:
            raise AnnotationError("title", f"Keep the title under {TITLE_MAX_LENGTH} characters.")
        wanted["title"] = title
    if description is not None:
        if len(description) > DESCRIPTION_MAX_LENGTH:
            raise AnnotationError(
                "description", f"Keep the description under {DESCRIPTION_MAX_LENGTH:,} characters."
            )
        wanted["description"] = description
    changes = {field: (getattr(asset, field), value) for field, value in wanted.items()}
    changes = {field: pair for field, pair in changes.items() if pair[0] != pair[1]}
    if not changes:
        return asset
    with transaction.atomic():
        for field, (_, after) in changes.items():
            setattr(asset, field, after)
        asset.save(update_fields=list(changes))
        _record_history(asset, recorded(user), changes)
        index_asset(asset)  # search: this asset's document (and a column's table's)
    asset_annotated.send(sender=type(asset), asset=asset, user=recorded(user), changes=changes)
    return asset


def _record_history(asset, user, changes: dict) -> None:
    if isinstance(asset, Table):
        table, column_name = asset, ""
    elif isinstance(asset, Column):
        table, column_name = asset.table, asset.name
    else:
        return  # sources and schemas have no history page yet; the signal still tells apps
    TableChange.objects.bulk_create(
        TableChange(
            table=table,
            kind=HISTORY_KINDS[field],
            column_name=column_name,
            changed_by=user,
            old_value=before,
            new_value=after,
        )
        for field, (before, after) in changes.items()
    )

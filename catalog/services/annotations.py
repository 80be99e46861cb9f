"""Curating assets: the titles and descriptions people write on schemas, tables and columns.

The description is Markdown and is stored exactly as typed; pages render and sanitise it.
"""

from catalog.models import Column, Schema, Table
from catalog.permissions import ANNOTATE, require
from catalog.search import index_asset

TITLE_MAX_LENGTH = Table._meta.get_field("title").max_length


class AnnotationError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def asset_annotate(
    *, asset: Schema | Table | Column, user, title: str | None = None, description: str | None = None
) -> Schema | Table | Column:
    """Set the title and/or description of `asset` (None leaves a field as it is).

    The title is a single line: surrounding whitespace is dropped. The description is kept verbatim.
    """
    if not isinstance(asset, Schema | Table | Column):
        raise TypeError(f"cannot annotate {type(asset).__name__}")
    require(user, ANNOTATE, "You need the Contributor role to edit titles and descriptions.")
    fields = []
    if title is not None:
        title = " ".join(title.split())
        if len(title) > TITLE_MAX_LENGTH:
            raise AnnotationError("title", f"Keep the title under {TITLE_MAX_LENGTH} characters.")
        asset.title = title
        fields.append("title")
    if description is not None:
        asset.description = description
        fields.append("description")
    if fields:
        asset.save(update_fields=fields)
        index_asset(asset)  # search: this asset's document (and a column's table's)
    return asset

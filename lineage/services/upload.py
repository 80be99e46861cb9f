"""SQL a user pastes or uploads: read its lineage and keep the edges."""

from catalog.models import Table
from catalog.permissions import require
from lineage.extraction import extract_lineage
from lineage.models import Origin
from lineage.names import CatalogNames
from lineage.services.record import statements_record

MAX_SQL_BYTES = 2 * 1024 * 1024
PERMISSION = "lineage.upload_sql"


class UploadError(ValueError):
    pass


def sql_lineage_upload(*, user, sql: str, dialect: str, default_schema: str | None = None, source=None):
    """Extract and store; names resolve against `source`'s catalog, or all sources when none is given."""
    require(user, PERMISSION, "Contributors add lineage from SQL.")
    if len(sql.encode()) > MAX_SQL_BYTES:
        raise UploadError(
            f"That SQL is over {MAX_SQL_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    if not sql.strip():
        raise UploadError("There is no SQL to read.")
    tables = Table.objects.visible_to(user)
    tables = tables.filter(source=source) if source is not None else tables
    names = CatalogNames.for_tables(tables)
    try:
        # The catalog's columns let * expand and unqualified columns resolve.
        results = extract_lineage(sql, dialect, default_schema=default_schema, schema=names.schema or None)
    except ValueError as exc:  # an unknown dialect
        raise UploadError(str(exc)) from None
    return statements_record(
        results=results, origin=Origin.UPLOAD, names=names, dialect=dialect, source=source, user=user
    )

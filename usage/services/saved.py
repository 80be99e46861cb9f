"""Writing saved queries: each function checks its permission, so pages, API and commands agree.

Contributors write saved queries; their author edits and deletes them, and stewards (and admins)
edit and delete anyone's. Deleting is for good: a saved query has nothing hanging off it, and its
search document goes with it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from catalog.engines import dialect_for_source
from catalog.models import DataSource
from catalog.permissions import recorded, require
from catalog.search import index_objects, remove_objects
from usage.analysis import analyze
from usage.highlight import pretty
from usage.models import SavedQuery, SavedQueryTable
from usage.services.ingest import catalog_of

SAVE = "usage.save_queries"
CURATE = "usage.curate_saved_queries"
MAX_TITLE = 200
MAX_SQL_BYTES = 100 * 1024
MAX_DESCRIPTION_BYTES = 100 * 1024
MAX_SCHEMA = 255


class SavedQueryError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def dialect_of(source: DataSource) -> str:
    return dialect_for_source(source)


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SavedQueryError(field, "Give text.")
    if "\x00" in value:
        raise SavedQueryError(field, "NUL characters are not allowed.")
    return value


def _clean(*, title, description, sql, default_schema) -> dict:
    title = " ".join(_text(title, "title").split())
    if not title:
        raise SavedQueryError("title", "Give the query a title.")
    if len(title) > MAX_TITLE:
        raise SavedQueryError("title", f"Keep the title to {MAX_TITLE} characters (it has {len(title)}).")
    description = _text(description, "description")
    if len(description.encode()) > MAX_DESCRIPTION_BYTES:
        raise SavedQueryError(
            "description", f"Keep the description under {MAX_DESCRIPTION_BYTES // 1024} KB."
        )
    sql = _text(sql, "sql").strip()
    if not sql:
        raise SavedQueryError("sql", "Write the query's SQL.")
    if len(sql.encode()) > MAX_SQL_BYTES:
        raise SavedQueryError("sql", f"Keep the SQL under {MAX_SQL_BYTES // 1024} KB.")
    default_schema = _text(default_schema, "default_schema").strip()
    if len(default_schema) > MAX_SCHEMA:
        raise SavedQueryError("default_schema", f"Keep the search path to {MAX_SCHEMA} characters.")
    return {"title": title, "description": description, "sql": sql, "default_schema": default_schema}


def may_edit(user, saved: SavedQuery) -> bool:
    """The author (while a Contributor) or a steward."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm(CURATE):
        return True
    return user.has_perm(SAVE) and saved.author_id is not None and saved.author_id == user.pk


def saved_query_create(
    *, user, source: DataSource, title: str, sql: str, description: str = "", default_schema: str = ""
) -> SavedQuery:
    require(user, SAVE, "You need the Contributor role to save queries.")
    fields = _clean(title=title, description=description, sql=sql, default_schema=default_schema)
    with transaction.atomic():
        saved = SavedQuery(source=source, author=recorded(user), **fields)
        _analyse(saved)
        saved.save()
        _link_tables(saved)
        index_objects(SavedQuery, [saved.pk])
    return saved


def saved_query_update(*, user, saved: SavedQuery, **changes) -> SavedQuery:
    """Change any of title, description, sql, default_schema (the source stays)."""
    require(user, SAVE, "You need the Contributor role to edit saved queries.")
    if not may_edit(user, saved):
        raise PermissionDenied("Only its author or a steward edits a saved query.")
    unknown = set(changes) - {"title", "description", "sql", "default_schema"}
    if unknown:
        raise SavedQueryError(sorted(unknown)[0], "This cannot be changed.")
    current = {name: getattr(saved, name) for name in ("title", "description", "sql", "default_schema")}
    fields = _clean(**{**current, **changes})
    if fields == current:
        return saved
    reparse = fields["sql"] != saved.sql or fields["default_schema"] != saved.default_schema
    with transaction.atomic():
        for name, value in fields.items():
            setattr(saved, name, value)
        if reparse:
            _analyse(saved)
        saved.save()
        if reparse:
            _link_tables(saved)
        index_objects(SavedQuery, [saved.pk])
    return saved


def saved_query_delete(*, user, saved: SavedQuery) -> None:
    require(user, SAVE, "You need the Contributor role to delete saved queries.")
    if not may_edit(user, saved):
        raise PermissionDenied("Only its author or a steward deletes a saved query.")
    with transaction.atomic():
        pk = saved.pk
        saved.delete()
        remove_objects(SavedQuery, [pk])


def _analyse(saved: SavedQuery) -> None:
    saved.formatted_sql, saved.parse_error = pretty(saved.sql, dialect_of(saved.source))


def _link_tables(saved: SavedQuery, known=None) -> None:
    """The crawled tables the SQL reads or writes, resolved as query logs are."""
    catalog, table_ids, _ = known or catalog_of(saved.source)
    facts = analyze(
        saved.sql,
        dialect=dialect_of(saved.source),
        default_schema=saved.default_schema or None,
        catalog=catalog,
    )
    SavedQueryTable.objects.filter(saved_query=saved).delete()
    if not facts.parseable:
        return
    rows = {table_ids[r]: False for r in facts.reads if r in table_ids}
    rows |= {table_ids[r]: True for r in facts.writes - facts.reads if r in table_ids}
    SavedQueryTable.objects.bulk_create(
        SavedQueryTable(saved_query=saved, table_id=pk, written=written) for pk, written in rows.items()
    )


def saved_queries_relink(source: DataSource) -> int:
    """After a crawl: link the source's saved queries to the tables they name as the catalog now
    knows them (a table crawled after the query was written, or renamed back). Returns how many."""
    saved = list(SavedQuery.objects.filter(source=source).select_related("source"))
    if saved:
        known = catalog_of(source)  # read once for all of them
        with transaction.atomic():
            for query in saved:
                _link_tables(query, known)
    return len(saved)

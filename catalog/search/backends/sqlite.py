"""SQLite: FTS5 (unicode61, prefix indexes) and an FTS5 trigram table for fuzzy name candidates."""

from contextlib import contextmanager

from django.db import connection
from django.db.models import Expression, IntegerField, Q

from catalog.search.backends.base import FUZZY_THRESHOLD, SearchBackend
from catalog.search.text import TYPO, ParsedQuery, name_similarity

# FTS5 tables (created by migration, no models): constant names, never from input.
FTS = "catalog_search_fts"
TRIGRAMS = "catalog_search_trigram"
# The trigger that copies each inserted document into both FTS5 tables (migrations 0003, 0006)…
INSERT_TRIGGER = "catalog_search_ai"
UPDATE_TRIGGER = "catalog_search_au"  # …and replaces them when its words change


class FtsRowids(Expression):
    """The rowids (= document ids) an FTS5 table matches for a MATCH expression, best first when
    `limit` is set: a subquery for `id__in`. The MATCH expression is a parameter."""

    output_field = IntegerField()

    def __init__(self, table: str, match: str, *, limit: int | None = None):
        super().__init__()
        self.table, self.match, self.limit = table, match, limit

    def as_sql(self, compiler, connection):
        table = connection.ops.quote_name(self.table)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608 - constant table name
        if self.limit is None:
            return f"({sql})", [self.match]
        return f"({sql} ORDER BY rank LIMIT %s)", [self.match, self.limit]


def _quote(text: str) -> str:
    # An FTS5 string: double quotes doubled, so nothing inside is an operator.
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: ParsedQuery) -> str:
    # The text of an FTS5 query, passed as a parameter (never SQL). A token's variants from the
    # vocabulary are alternatives: stems as whole words, corrections as prefixes, like the token.
    def term(token):
        alternatives = [f"{_quote(token)}*"] + [
            _quote(v.word) + ("*" if v.kind == TYPO else "") for v in query.variants_of(token)
        ]
        return alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"

    return " AND ".join(term(token) for token in query.tokens)


def names_expression(query: ParsedQuery) -> str:
    # A column filter on each word: the names (text_a) only.
    return " AND ".join(f"text_a : {_quote(token)}*" for token in query.tokens)


def in_names_expression(query: ParsedQuery) -> str:
    # Each word, or one of its variants, in the names (text_a) column.
    def term(token):
        alternatives = [f"{_quote(token)}*"] + [
            _quote(v.word) + ("*" if v.kind == TYPO else "") for v in query.variants_of(token)
        ]
        return f"text_a : ({' OR '.join(alternatives)})"

    return " AND ".join(term(token) for token in query.tokens)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def match(self, queryset, query):
        return queryset.filter(id__in=FtsRowids(FTS, match_expression(query)))

    def match_names(self, queryset, query):
        return queryset.filter(id__in=FtsRowids(FTS, names_expression(query)))

    def match_in_names(self, queryset, query):
        return queryset.filter(id__in=FtsRowids(FTS, in_names_expression(query)))

    def either(self, first, second):
        # A UNION of ids, not an OR: SQLite reads the whole table for an OR of an FTS5 subquery
        # and btree lookups (PostgreSQL answers the OR with a BitmapOr of both arms' indexes).
        return first.model.objects.filter(id__in=first.values("id").union(second.values("id")))

    def starts_with(self, field, prefix):
        # Django's startswith is a case-insensitive LIKE with ESCAPE here, which SQLite never
        # answers from an index; the same rows as a range of the binary collation are.
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": after})

    def fuzzy(self, queryset, query, limit):
        grams = sorted({token[i : i + 3] for token in query.tokens for i in range(len(token) - 2)})
        if not grams:
            return []
        text = " ".join(query.tokens)
        expression = " OR ".join(_quote(gram) for gram in grams)
        # The best few hundred names sharing trigrams with the query; Python then measures similarity.
        candidates = queryset.filter(id__in=FtsRowids(TRIGRAMS, expression, limit=300)).values_list(
            "id", "name"
        )
        scored = [(doc_id, name_similarity(text, name)) for doc_id, name in candidates]
        scored = [(doc_id, sim) for doc_id, sim in scored if sim >= FUZZY_THRESHOLD]
        return sorted(scored, key=lambda item: -item[1])[:limit]

    # FTS5 entries per set, not per row. The triggers add or replace each row's entries in both
    # FTS5 tables one statement at a time, about four times the cost of writing the row itself.
    # Inside the indexer's transaction (SQLite lets one writer in at a time, so no other write can
    # miss it) the trigger is set aside, the rows are written, both FTS5 tables follow in one
    # INSERT … SELECT each, and the trigger is put back exactly as it was stored; a failure rolls
    # all of it back together.

    def insert_documents(self, table, columns, rows):
        rows = list(rows)  # built lazily by the indexer: known whole before the trigger is set aside
        if not rows:
            return
        with connection.cursor() as cursor, _set_aside(cursor, INSERT_TRIGGER) as set_aside:
            if not set_aside:  # no trigger (never on a migrated catalog): plain inserts
                self.insert_rows(table, columns, rows)
                return
            # AUTOINCREMENT ids only grow: the new rows are those above the largest id so far.
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - constant
            new = f"id > {int(cursor.fetchone()[0])}"
            self.insert_rows(table, columns, rows)
            _add_entries(cursor, table, new)

    def update_documents(self, table, columns, rows):
        if not rows:
            return
        with connection.cursor() as cursor, _set_aside(cursor, UPDATE_TRIGGER) as set_aside:
            if not set_aside:
                self.update_rows(table, columns, rows)
                return
            # Ids are the last value of each row; int() keeps the SQL to integers.
            changed = f"id IN ({', '.join(str(int(row[-1])) for row in rows)})"
            # External-content FTS5 deletes an entry given the words it was made of: the old row's.
            cursor.execute(
                f"INSERT INTO {FTS}({FTS}, rowid, text_a, text_b, text_c, text_d) "  # noqa: S608 - constants
                f"SELECT 'delete', id, text_a, text_b, text_c, text_d FROM {table} WHERE {changed}"
            )
            cursor.execute(
                f"INSERT INTO {TRIGRAMS}({TRIGRAMS}, rowid, name_key) "  # noqa: S608 - constants
                f"SELECT 'delete', id, name_key FROM {table} WHERE {changed}"
            )
            self.update_rows(table, columns, rows)
            _add_entries(cursor, table, changed)


@contextmanager
def _set_aside(cursor, trigger: str):
    """Drop `trigger` for the block, then create it again from its stored SQL; yields whether
    there was one."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger])
    found = cursor.fetchone()
    if found is None:
        yield False
        return
    cursor.execute(f"DROP TRIGGER {trigger}")
    yield True
    cursor.execute(found[0])


def _add_entries(cursor, table: str, where: str) -> None:
    """Both FTS5 tables' entries for the rows of `table` that `where` (integers only) selects."""
    cursor.execute(
        f"INSERT INTO {FTS}(rowid, text_a, text_b, text_c, text_d) "  # noqa: S608 - constants
        f"SELECT id, text_a, text_b, text_c, text_d FROM {table} WHERE {where}"
    )
    cursor.execute(f"INSERT INTO {TRIGRAMS}(rowid, name_key) SELECT id, name_key FROM {table} WHERE {where}")  # noqa: S608

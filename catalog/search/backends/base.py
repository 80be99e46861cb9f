"""The small interface every search backend implements.

Backends only say which documents hold every word, and which names look like a misspelled
query; the relevance formula, exact-name tiers, boosts, facets and visibility are plain SQL
over SearchDocument columns, shared by all backends (catalog.search.query), so both rank alike.
They also write the indexer's rows the fastest way their database takes them
(catalog.search.indexing builds the rows; the SQL here is vendor-neutral unless overridden).
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Q, QuerySet

from catalog.search.text import ParsedQuery

# Fuzzy hits must be at least this close to a name (pg_trgm-style trigram similarity, 0..1).
FUZZY_THRESHOLD = 0.35


class SearchBackend:
    vendor = ""

    def match(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` restricted to documents holding every query word (each as a prefix)."""
        raise NotImplementedError

    def match_names(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` restricted to documents whose names (text_a) hold every query word as a prefix."""
        raise NotImplementedError

    def match_in_names(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """`queryset` restricted to documents whose names (text_a) hold each query word as a prefix
        or one of its variants (stems as whole words, corrections as prefixes): exactly the
        documents whose relevance counts every word in the name (catalog.search.ranking)."""
        raise NotImplementedError

    def either(self, first: QuerySet, second: QuerySet) -> QuerySet:
        """The documents of either queryset (both of search documents), each found through its
        own indexes."""
        return first | second

    def starts_with(self, field: str, prefix: str) -> Q:
        """A filter on the rows whose `field` starts with `prefix` that an index on the field
        answers as a range (PostgreSQL: LIKE 'prefix%' over a varchar_pattern_ops index)."""
        return Q(**{f"{field}__startswith": prefix})

    def fuzzy(self, queryset: QuerySet, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
        """(document id, similarity) of documents whose name is close to the query, best first."""
        raise NotImplementedError

    # --- writing rows: plain tuples, no model instances (200,000 of them cost more than the SQL) ---

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """INSERT `rows` (tuples of database values in `columns` order) into `table`.
        Table and column names are constants of the caller, never input."""
        if not rows:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608

    def insert_documents(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """INSERT new search documents; their full-text entries follow as the backend keeps them.
        `rows` is consumed exactly once, by the time this returns (the indexer builds them lazily)."""
        self.insert_rows(table, columns, list(rows))

    def update_documents(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """UPDATE changed search documents (rows as in update_rows); full text follows likewise."""
        self.update_rows(table, columns, rows)

    def update_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """UPDATE `table` by primary key: each row holds the values of `columns`, then the id."""
        if not rows:
            return
        quote = connection.ops.quote_name
        sets = ", ".join(f"{quote(c)} = %s" for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {quote(table)} SET {sets} WHERE id = %s", rows)  # noqa: S608

    def json_value(self, value) -> object:
        """A JSON field's value as the database takes it in insert_rows / update_rows."""
        # Most documents have no facets and no signals: json.dumps({}) without encoding it.
        return "{}" if value == {} else json.dumps(value)

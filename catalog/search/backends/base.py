"""The small interface every search backend implements.

Backends only say which documents hold every word, and which names look like a misspelled
query; the relevance formula, exact-name tiers, boosts, facets and visibility are plain SQL
over SearchDocument columns, shared by all backends (catalog.search.query), so both rank alike.
"""

from django.db.models import QuerySet

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

    def fuzzy(self, queryset: QuerySet, query: ParsedQuery, limit: int) -> list[tuple[int, float]]:
        """(document id, similarity) of documents whose name is close to the query, best first."""
        raise NotImplementedError

"""SQLite: FTS5 (unicode61, prefix indexes) and an FTS5 trigram table for fuzzy name candidates."""

from django.db.models import Expression, IntegerField

from catalog.search.backends.base import FUZZY_THRESHOLD, SearchBackend
from catalog.search.text import TYPO, ParsedQuery, name_similarity

# FTS5 tables (created by migration, no models): constant names, never from input.
FTS = "catalog_search_fts"
TRIGRAMS = "catalog_search_trigram"


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

"""SQLite: FTS5 (unicode61, prefix indexes) and an FTS5 trigram table for fuzzy name candidates."""

from django.db.models.expressions import RawSQL

from catalog.search.backends.base import FUZZY_THRESHOLD, SearchBackend
from catalog.search.text import TYPO, ParsedQuery, name_similarity

MATCHING = "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH %s"
# The best few hundred names sharing trigrams with the query; Python then measures similarity.
TRIGRAM_CANDIDATES = (
    "SELECT rowid FROM catalog_search_trigram WHERE catalog_search_trigram MATCH %s ORDER BY rank LIMIT 300"
)


def _quote(text: str) -> str:
    # An FTS5 string: double quotes doubled, so nothing inside is an operator.
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: ParsedQuery) -> str:
    # A token's variants from the vocabulary are alternatives: stems as whole words, corrections
    # as prefixes, like the token itself.
    def term(token):
        alternatives = [f"{_quote(token)}*"] + [
            _quote(v.word) + ("*" if v.kind == TYPO else "") for v in query.variants_of(token)
        ]
        return alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"

    return " AND ".join(term(token) for token in query.tokens)


def names_expression(query: ParsedQuery) -> str:
    # A column filter on each word: the names (text_a) only.
    return " AND ".join(f"text_a : {_quote(token)}*" for token in query.tokens)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def match(self, queryset, query):
        return queryset.filter(id__in=RawSQL(MATCHING, [match_expression(query)]))

    def match_names(self, queryset, query):
        return queryset.filter(id__in=RawSQL(MATCHING, [names_expression(query)]))

    def fuzzy(self, queryset, query, limit):
        grams = sorted({token[i : i + 3] for token in query.tokens for i in range(len(token) - 2)})
        if not grams:
            return []
        text = " ".join(query.tokens)
        expression = " OR ".join(_quote(gram) for gram in grams)
        candidates = queryset.filter(id__in=RawSQL(TRIGRAM_CANDIDATES, [expression])).values_list(
            "id", "name"
        )
        scored = [(doc_id, name_similarity(text, name)) for doc_id, name in candidates]
        scored = [(doc_id, sim) for doc_id, sim in scored if sim >= FUZZY_THRESHOLD]
        return sorted(scored, key=lambda item: -item[1])[:limit]

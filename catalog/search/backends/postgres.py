"""PostgreSQL: a weighted tsvector (generated column, GIN index) and pg_trgm for fuzzy names."""

from catalog.search.backends.base import FUZZY_THRESHOLD, SearchBackend
from catalog.search.text import TYPO, ParsedQuery

# Unqualified on purpose: no other table in these queries has these columns, and Django renames
# the document table inside subqueries.
VECTOR = "search_vector"
NAME = "name_key"
# The names' words alone, as migration 0004 indexes them (partial GIN indexes: columns, the rest).
NAME_VECTOR = "to_tsvector('simple'::regconfig, coalesce(text_a, ''))"


def tsquery(query: ParsedQuery, weights: str = "") -> str:
    # Tokens are letters and digits only (catalog.search.text), so quoting them is enough; every
    # word matches as a prefix, so the query works while it is being typed. A token's variants
    # from the vocabulary are alternatives: stems as whole words, corrections as prefixes.
    def term(token):
        alternatives = [f"'{token}':*{weights}"] + [
            f"'{v.word}'{':*' if v.kind == TYPO else ''}{weights}" for v in query.variants_of(token)
        ]
        return alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})"

    return " & ".join(term(token) for token in query.tokens)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def match(self, queryset, query):
        where = f"{VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
        return queryset.extra(where=[where], params=[tsquery(query)])

    def match_names(self, queryset, query):
        where = f"{NAME_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
        return queryset.extra(where=[where], params=[tsquery(query)])

    def fuzzy(self, queryset, query, limit):
        text = " ".join(query.tokens)
        if len(text) < 3:
            return []
        similarity = f"GREATEST(similarity({NAME}, %s), word_similarity(%s, {NAME}))"
        rows = (
            queryset.extra(
                select={"similarity": similarity},
                select_params=[text, text],
                # The operators use the trigram index; the explicit threshold makes it one scale.
                where=[f"({NAME} %% %s OR %s <%% {NAME})", f"{similarity} >= %s"],
                params=[text, text, text, text, FUZZY_THRESHOLD],
            )
            .order_by("-similarity", "name_key")
            .values_list("id", "similarity")[:limit]
        )
        return [(doc_id, float(sim)) for doc_id, sim in rows]

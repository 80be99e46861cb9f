"""PostgreSQL: a weighted tsvector (generated column, GIN index) and pg_trgm for fuzzy names."""

from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Expression, F, Q, Value
from django.db.models.functions import Greatest

from catalog.search.backends.base import FUZZY_THRESHOLD, SearchBackend
from catalog.search.text import TYPO, ParsedQuery


def tsquery(query: ParsedQuery, weights: str = "") -> str:
    # The text of a tsquery, passed as a parameter (never SQL). Tokens are letters and digits only
    # (catalog.search.text), so quoting them is enough; every word matches as a prefix, so the
    # query works while it is being typed. A token's variants from the vocabulary are
    # alternatives: stems as whole words, corrections as prefixes.
    def word(text, prefix):
        label = ("*" if prefix else "") + weights
        return f"'{text}':{label}" if label else f"'{text}'"

    def term(token):
        alternatives = [word(token, True)] + [word(v.word, v.kind == TYPO) for v in query.variants_of(token)]
        return alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})"

    return " & ".join(term(token) for token in query.tokens)


class TsMatch(Expression):
    """`<vector> @@ to_tsquery('simple', %s)` over the documents' weighted tsvector (`names`: over
    the names' words alone), the tsquery text a parameter.

    The vectors are written exactly as migrations 0003 and 0004 index them, so the GIN indexes
    apply: the generated `search_vector` column (no model field: it exists on PostgreSQL only),
    and to_tsvector('simple', coalesce(text_a, '')) for names.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, text: str, *, names: bool = False):
        super().__init__()
        self.names, self.text = names, Value(text)
        self.name_field = F("text_a")

    def get_source_expressions(self):
        return [self.name_field, self.text]

    def set_source_expressions(self, exprs):
        self.name_field, self.text = exprs

    def as_sql(self, compiler, connection):
        text_sql, text_params = compiler.compile(self.text)
        name_sql, params = compiler.compile(self.name_field)
        if self.names:
            vector = f"to_tsvector('simple'::regconfig, coalesce({name_sql}, ''))"
        else:
            # The generated column (a constant name), on the same table alias as text_a.
            table = compiler.quote_name_unless_alias(self.name_field.alias)
            vector, params = f"{table}.{connection.ops.quote_name('search_vector')}", []
        return f"{vector} @@ to_tsquery('simple'::regconfig, {text_sql})", [*params, *text_params]


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def match(self, queryset, query):
        return queryset.filter(TsMatch(tsquery(query)))

    def match_names(self, queryset, query):
        return queryset.filter(TsMatch(tsquery(query), names=True))

    def match_in_names(self, queryset, query):
        # The names-only GIN indexes (migration 0004) are partial, one for columns and one for the
        # rest: asked as two arms of an OR, each arm uses its own. (The weighted vector's "A"
        # weight would do too, but its GIN index cannot tell weights apart: every document with
        # the word anywhere would be read and rechecked.)
        names = TsMatch(tsquery(query), names=True)
        return queryset.filter(Q(names, asset_type="column") | (Q(names) & ~Q(asset_type="column")))

    def fuzzy(self, queryset, query, limit):
        text = " ".join(query.tokens)
        if len(text) < 3:
            return []
        rows = (
            queryset.annotate(
                similarity=Greatest(
                    TrigramSimilarity("name_key", text), TrigramWordSimilarity(text, "name_key")
                )
            )
            # The operators (name % text, name %> text: the same as text <% name) use the trigram
            # index; the explicit threshold makes it one scale.
            .filter(TrigramSimilar(F("name_key"), text) | TrigramWordSimilar(F("name_key"), text))
            .filter(similarity__gte=FUZZY_THRESHOLD)
            .order_by("-similarity", "name_key")
            .values_list("id", "similarity")[:limit]
        )
        return [(doc_id, float(sim)) for doc_id, sim in rows]

    def insert_documents(self, table, columns, rows):
        # Streamed as they are built: the server indexes the rows already sent meanwhile.
        self.insert_rows(table, columns, rows)

    def insert_rows(self, table, columns, rows):
        # COPY: one stream instead of a statement per row; the server still computes the
        # generated tsvector and maintains every index, but parses no SQL per row. `rows` may be
        # any iterable (consumed once); nothing is sent when it is empty.
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
        ):
            copy.write_row(first)
            for row in rows:
                copy.write_row(row)

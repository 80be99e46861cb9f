"""The ranking's SQL as a few compiled expressions: the same SQL on PostgreSQL and SQLite.

Each compiles its columns through Django (so table aliases stay right, also inside subqueries)
and passes every value, the user's words and the weights alike, as a parameter: nothing typed is
ever spliced into SQL text. Each is one node rather than a tree of Case, When, lookups and
arithmetic: a broad query has dozens of conditions, and Django resolves, copies and hashes every
node of a tree for each annotation, which took longer than running the query.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Expression, F, FloatField, IntegerField
from django.utils.functional import cached_property


def word_pattern(word: str, *, whole: bool) -> str:
    """The LIKE pattern for a word of a padded field: the whole word, or a word starting with it."""
    return f"% {word} %" if whole else f"% {word}%"


@dataclass(frozen=True)
class WordCase:
    """`value` when `field` has one of `words` (`whole`: the word itself, else a word starting
    with it)."""

    field: str  # one of Relevance.COLUMNS
    words: tuple[str, ...]
    whole: bool
    value: float


@dataclass(frozen=True)
class FirstWordMatch:
    """The value of the first case that holds, else `default`: a CASE over the query's word."""

    cases: tuple[WordCase, ...]
    default: float


class Relevance(Expression):
    """field_share x mean(weights) + cover_share x min(1, sum(covers) / words of the name):

        field_share * ((CASE WHEN (' ' || text_a || ' ') LIKE '% word %' THEN 1.0
                              WHEN (' ' || text_b) LIKE '% word%' THEN 0.4 ... ELSE 0.1 END)
                       + ...) / n
        + cover_share * (CASE WHEN <cover> > 1.0 THEN 1.0 ELSE <cover> END)

    The text fields hold space-separated words and are never NULL (no COALESCE: this runs for
    every matched row); words are letters and digits only (catalog.search.text), so they hold
    no LIKE wildcards, and they are parameters all the same. `||`, LIKE, length() and replace()
    read the same on PostgreSQL and SQLite.
    """

    COLUMNS = ("text_a", "text_b", "text_c", "text_d", "words_key")
    output_field = FloatField()

    def __init__(self, weights, covers, *, field_share: float, cover_share: float):
        super().__init__()
        self.weights, self.covers = tuple(weights), tuple(covers)
        self.field_share, self.cover_share = float(field_share), float(cover_share)
        self.columns = [F(name) for name in self.COLUMNS]

    @cached_property
    def identity(self):
        # What Django compares expressions by; the default walks the constructor's arguments.
        return (self.__class__, self.weights, self.covers, self.field_share, self.cover_share)

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = exprs

    def as_sql(self, compiler, connection):
        # Plain columns: their SQL is an alias-qualified name, without parameters.
        column = {name: compiler.compile(c)[0] for name, c in zip(self.COLUMNS, self.columns, strict=True)}
        params = []

        def case(match: FirstWordMatch) -> str:
            if not match.cases:
                params.append(match.default)
                return "%s"
            whens = []
            for when in match.cases:
                padded = f"(' ' || {column[when.field]}" + (" || ' ')" if when.whole else ")")
                whens.append("WHEN " + " OR ".join(f"{padded} LIKE %s" for _ in when.words) + " THEN %s")
                params.extend([word_pattern(word, whole=when.whole) for word in when.words] + [when.value])
            params.append(match.default)
            return f"(CASE {' '.join(whens)} ELSE %s END)"

        weights = " + ".join(case(match) for match in self.weights)
        field_params, params[:] = list(params), []
        covers = " + ".join(case(match) for match in self.covers)
        words = f"(length({column['words_key']}) - length(replace({column['words_key']}, ' ', '')) + 1.0)"
        cover = f"(({covers}) / {words})"
        sql = f"(%s * ({weights}) / %s + %s * (CASE WHEN {cover} > 1.0 THEN 1.0 ELSE {cover} END))"
        return sql, [
            self.field_share,
            *field_params,
            float(len(self.weights)),
            self.cover_share,
            *params,
            *params,
        ]


class ValueById(Expression):
    """`CASE id WHEN %s THEN %s ... ELSE %s END`: a value per document id (the look-alike names'
    similarities), one node rather than a When and a lookup per id."""

    output_field = FloatField()

    def __init__(self, values: dict[int, float], default: float = 0.0):
        super().__init__()
        self.values = tuple(sorted((int(pk), float(value)) for pk, value in values.items()))
        self.default = float(default)
        self.id = F("id")

    @cached_property
    def identity(self):
        return (self.__class__, self.values, self.default)

    def get_source_expressions(self):
        return [self.id]

    def set_source_expressions(self, exprs):
        (self.id,) = exprs

    def as_sql(self, compiler, connection):
        if not self.values:
            return "%s", [self.default]
        id_sql, _ = compiler.compile(self.id)  # a plain column: no parameters
        whens = " ".join("WHEN %s THEN %s" for _ in self.values)
        return f"(CASE {id_sql} {whens} ELSE %s END)", [v for pair in self.values for v in pair] + [
            self.default
        ]


class AnyEquals(Expression):
    """`CASE WHEN a = %s OR b = %s ... THEN then ELSE otherwise END` over (column, value) pairs:
    the exact-name tier. One node: as Case(When(Q(...) | ...)) Django builds a filter per
    column, then hashes the tree again when it orders by the score."""

    def __init__(self, pairs, *, then: int, otherwise: int):
        super().__init__(output_field=IntegerField())
        self.pairs = tuple((column, value) for column, value in pairs)
        self.then, self.otherwise = int(then), int(otherwise)
        self.columns = [F(column) for column, _ in self.pairs]

    @cached_property
    def identity(self):
        return (self.__class__, self.pairs, self.then, self.otherwise)

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = exprs

    def as_sql(self, compiler, connection):
        if not self.pairs:
            return "%s", [self.otherwise]
        # Plain columns: no parameters of their own.
        conditions = " OR ".join(f"{compiler.compile(column)[0]} = %s" for column in self.columns)
        return f"(CASE WHEN {conditions} THEN %s ELSE %s END)", [
            *(value for _, value in self.pairs),
            self.then,
            self.otherwise,
        ]


class Score(Expression):
    """`tier_weight * tier + words_weight * words + relevance * boost` (catalog.search.ranking),
    over expressions (the annotations of the ranked query) and the weights as parameters."""

    output_field = FloatField()

    def __init__(self, tier, words, relevance, boost, *, tier_weight: int, words_weight: int):
        super().__init__()
        self.parts = [tier, words, relevance, boost]
        self.tier_weight, self.words_weight = tier_weight, words_weight

    def get_source_expressions(self):
        return self.parts

    def set_source_expressions(self, exprs):
        self.parts = exprs

    def as_sql(self, compiler, connection):
        (tier, tier_params), (words, words_params), (relevance, relevance_params), (boost, boost_params) = (
            compiler.compile(part) for part in self.parts
        )
        return f"(%s * {tier} + %s * {words} + {relevance} * {boost})", [
            self.tier_weight,
            *tier_params,
            self.words_weight,
            *words_params,
            *relevance_params,
            *boost_params,
        ]


class NotColumn(Expression):
    """`NOT (asset_type = 'column')` with the type as a literal: SQLite uses a partial index only
    when the query holds its WHERE clause as written, which a bound parameter is not (PostgreSQL
    proves it either way). A constant, never input."""

    conditional = True
    output_field = BooleanField()

    def __init__(self):
        super().__init__()
        self.asset_type = F("asset_type")

    def get_source_expressions(self):
        return [self.asset_type]

    def set_source_expressions(self, exprs):
        (self.asset_type,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.asset_type)
        return f"NOT ({sql} = 'column')", params

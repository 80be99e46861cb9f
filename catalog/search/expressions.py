"""The few SQL constructs the shared ranking needs that Django has no expression for.

Each compiles its column through Django (so table aliases stay right, also inside subqueries)
and passes every value, the user's words included, as a parameter: nothing typed is ever
spliced into SQL text.
"""

from django.db.models import BooleanField, Expression, F, Value


class HasWord(Expression):
    """True when a field of space-separated words has a word starting with `word` (`whole`: has
    exactly that word): `(' ' || field [|| ' ']) LIKE '% word[ ]%'`.

    Words are letters and digits only (catalog.search.text), so they hold no LIKE wildcards; the
    pattern is a parameter all the same. The same SQL on PostgreSQL and SQLite (both `||`), and
    no COALESCE: the text fields are never NULL, and this runs for every matched row.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, word: str, *, whole: bool):
        super().__init__()
        self.text_field, self.pattern, self.whole = (
            F(field),
            Value(f"% {word} %" if whole else f"% {word}%"),
            whole,
        )

    def get_source_expressions(self):
        return [self.text_field, self.pattern]

    def set_source_expressions(self, exprs):
        self.text_field, self.pattern = exprs

    def as_sql(self, compiler, connection):
        field_sql, field_params = compiler.compile(self.text_field)
        pattern_sql, pattern_params = compiler.compile(self.pattern)
        padded = f"(' ' || {field_sql} || ' ')" if self.whole else f"(' ' || {field_sql})"
        return f"{padded} LIKE {pattern_sql}", [*field_params, *pattern_params]

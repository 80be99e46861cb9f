"""Malformed statements that sqlglot parses leniently.

sqlglot's parser recovers from some broken SQL without recording an error, even at
``ErrorLevel.RAISE`` / ``IMMEDIATE`` (``parser.errors`` stays empty): a missing SET list, a query
in FROM without parentheses (``FROM FROM t``), an empty select list, and a CREATE whose query
does not parse falls back to a raw :class:`~sqlglot.exp.Command`. These checks turn such trees
into failures instead of lineage built on guesses.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from .split import _error_text

# Dialects where `SELECT FROM t` (an empty select list) is valid SQL.
EMPTY_SELECT_DIALECTS = frozenset({"postgres", "materialize", "risingwave"})

_QUERY_START = {TokenType.SELECT, TokenType.WITH}


def malformed(stmt: exp.Expression, dialect: str, tables: list[exp.Table] | None = None) -> str | None:
    """Why ``stmt`` is malformed despite parsing, or None when nothing is wrong.

    The same walk collects every :class:`~sqlglot.exp.Table` node into ``tables`` (when given),
    so that the table-level reads need not walk the tree again.
    """
    empty_select_ok = dialect in EMPTY_SELECT_DIALECTS
    problem = None
    for node in stmt.find_all(exp.Table, exp.Update, exp.From, exp.Join, exp.Select):
        if isinstance(node, exp.Table):
            if tables is not None:
                tables.append(node)
        elif problem is not None:
            continue
        elif isinstance(node, exp.Update):
            if not node.expressions:
                problem = "malformed UPDATE: no SET assignments"
        elif isinstance(node, (exp.From, exp.Join)):
            if isinstance(node.this, (exp.Select, exp.SetOperation)):
                # `FROM FROM t` / `FROM SELECT ...`: a subquery must be parenthesised.
                problem = f"malformed {node.key.upper()}: a query without parentheses"
        elif not node.expressions and not empty_select_ok:
            problem = "malformed SELECT: no select list"
    return problem


def malformed_command(stmt: exp.Command, sql: str, dialect: str) -> str | None:
    """A CREATE that sqlglot kept as a raw command because its ``AS <query>`` does not parse."""
    if str(stmt.this).upper() != "CREATE":
        return None
    dia = Dialect.get_or_raise(dialect)
    try:
        tokens = dia.tokenize(sql)
    except SqlglotError:
        return None
    for i, token in enumerate(tokens[:-1]):
        if token.token_type != TokenType.ALIAS:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].token_type == TokenType.L_PAREN:
            j += 1
        if j >= len(tokens) or tokens[j].token_type not in _QUERY_START:
            continue
        query_tokens = tokens[i + 1 :]
        try:
            parsed = [e for e in dia.parser().parse(query_tokens, sql) if e is not None]
        except SqlglotError as exc:
            return f"malformed query in CREATE ... AS: {_error_text(exc)}"
        if len(parsed) == 1 and isinstance(parsed[0], exp.Query):
            reason = malformed(parsed[0], dialect)
            if reason:
                return reason
        return None
    return None

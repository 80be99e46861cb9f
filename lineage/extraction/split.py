"""Robust statement splitting: one bad statement must not hide the others."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

logger = logging.getLogger(__name__)


class UnknownDialectError(ValueError):
    pass


@dataclass
class ParsedStatement:
    sql: str
    expression: exp.Expression | None
    error: str | None = None


def get_dialect(dialect: str) -> Dialect:
    try:
        return Dialect.get_or_raise(dialect)
    except (ValueError, KeyError) as exc:
        raise UnknownDialectError(f"unknown SQL dialect: {dialect!r}") from exc


_REQUIRED = re.compile(r"Required keyword: '(\w+)' missing for <class '[\w.]*?(\w+)'>")
_EXPECTED = re.compile(r"Expected (.+?) but got <Token token_type: TokenType\.(\w+)")
# What sqlglot's expression classes are called in the words of someone writing SQL.
_CLAUSES = {"where": "WHERE", "having": "HAVING", "join": "JOIN", "order": "ORDER BY", "group": "GROUP BY"}


def _error_text(exc: Exception) -> str:
    """A parse error in the words of the person who wrote the SQL: what is wrong, where (line,
    column) and the word it stopped at, never the parser's internals (its class names)."""
    errors = getattr(exc, "errors", None)
    if not errors:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if message.startswith("Error tokenizing"):
            return "A quoted string or name is not closed (a ' or \" is missing)."
        return message
    first = errors[0]
    near = (first.get("highlight") or "").strip()
    what = _describe(first.get("description") or str(exc), near)
    line, col = first.get("line"), first.get("col")
    where = f" at line {line}, column {col}" if line is not None else ""
    near_text = f" near \u2018{near[:40]}\u2019" if near else ""
    return f"{what}{where}{near_text}."


def _describe(description: str, near: str) -> str:
    if match := _REQUIRED.search(description):
        clause = _CLAUSES.get(match.group(2).lower())
        if clause:
            return f"The {clause} clause is incomplete"
        return "An expression is incomplete (an operator or function is missing its operand)"
    if match := _EXPECTED.search(description):
        found = "the end of the statement" if match.group(2) == "SENTINEL" else "something else"
        return f"Expected {match.group(1)} but found {found}"
    if description.startswith("Expecting )"):
        return "A parenthesis is not closed"
    if "Unexpected token" in description or "Invalid expression" in description:
        return "Unexpected word" if near else "Unexpected end of the statement"
    # Anything else: the parser's sentence without its internals.
    return re.sub(r"<[^>]*>", "", description).strip() or "The statement could not be read"


def _chunks_by_tokens(sql: str, dialect: Dialect):
    """Yield (text, tokens) per statement, splitting on semicolon tokens."""
    tokens = dialect.tokenize(sql)
    if ";" not in sql:  # fast path: a single statement
        if tokens:
            yield sql[tokens[0].start : tokens[-1].end + 1], tokens
        return
    current = []
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if current:
                yield sql[current[0].start : current[-1].end + 1], current
            current = []
        else:
            current.append(token)
    if current:
        yield sql[current[0].start : current[-1].end + 1], current


def _parse_tokens(dialect: Dialect, tokens, sql: str) -> exp.Expression | None:
    parser = dialect.parser()
    expressions = [e for e in parser.parse(tokens, sql) if e is not None]
    if not expressions:
        return None
    return expressions[0]


def split_statements(sql: str, dialect: str | Dialect) -> list[ParsedStatement]:
    """Split ``sql`` into statements and parse each one separately.

    Tokenising happens once for the whole text; each semicolon-separated token run is parsed on
    its own, so a parse error only fails its own statement. If the tokenizer itself fails
    (e.g. an unterminated string), fall back to a plain split on ';'.
    """
    dia = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
    out: list[ParsedStatement] = []
    try:
        chunks = list(_chunks_by_tokens(sql, dia))
    except SqlglotError:
        return _fallback_split(sql, dia)
    for text, tokens in chunks:
        try:
            expression = _parse_tokens(dia, tokens, sql)
        except SqlglotError as exc:
            out.append(ParsedStatement(text, None, _error_text(exc)))
            continue
        except Exception as exc:  # pragma: no cover - defensive: sqlglot internal errors
            out.append(ParsedStatement(text, None, f"{type(exc).__name__}: {exc}"))
            continue
        if expression is not None:
            out.append(ParsedStatement(text, expression))
    return out


def _fallback_split(sql: str, dia: Dialect) -> list[ParsedStatement]:
    out: list[ParsedStatement] = []
    for piece in sql.split(";"):
        text = piece.strip()
        if not text:
            continue
        try:
            tokens = dia.tokenize(text)
            if not tokens:
                continue
            expression = _parse_tokens(dia, tokens, text)
        except SqlglotError as exc:
            out.append(ParsedStatement(text, None, _error_text(exc)))
            continue
        except Exception as exc:  # pragma: no cover - defensive
            out.append(ParsedStatement(text, None, f"{type(exc).__name__}: {exc}"))
            continue
        if expression is not None:
            out.append(ParsedStatement(text, expression))
    return out

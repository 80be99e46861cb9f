"""Robust statement splitting: one bad statement must not hide the others."""

from __future__ import annotations

import logging
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


def _error_text(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if errors:
        first = errors[0]
        desc = first.get("description") or str(exc)
        line, col = first.get("line"), first.get("col")
        if line is not None:
            return f"{desc} (line {line}, col {col})"
        return desc
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


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

"""SQL for reading: sqlglot's pretty print in the source's dialect, and a small server-side
highlighter over sqlglot's tokens that escapes every character it emits (no script, no CDN)."""

from __future__ import annotations

import html

import sqlglot
from django.utils.safestring import SafeString, mark_safe
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

_STRINGS = {TokenType.STRING, TokenType.NATIONAL_STRING, TokenType.RAW_STRING, TokenType.BYTE_STRING,
            TokenType.HEX_STRING, TokenType.BIT_STRING, TokenType.HEREDOC_STRING}  # fmt: skip
_NUMBERS = {TokenType.NUMBER}
_PLACEHOLDERS = {TokenType.PLACEHOLDER, TokenType.PARAMETER}
_PLAIN = {TokenType.VAR, TokenType.IDENTIFIER, TokenType.COMMA, TokenType.DOT, TokenType.SEMICOLON,
          TokenType.L_PAREN, TokenType.R_PAREN, TokenType.STAR}  # fmt: skip


def pretty(sql: str, dialect: str) -> tuple[str, str]:
    """(formatted SQL, "") or (the SQL as written, why it could not be formatted)."""
    try:
        statements = sqlglot.transpile(sql, read=dialect, write=dialect, pretty=True)
    except (SqlglotError, RecursionError, ValueError) as exc:
        message = str(exc).strip().splitlines()
        return sql, (message[0] if message else type(exc).__name__)[:300]
    if not statements:
        return sql, "empty statement"
    return ";\n\n".join(statements), ""


def _kind(token, keywords: set) -> str:
    if token.token_type in _STRINGS:
        return "s"
    if token.token_type in _NUMBERS:
        return "n"
    if token.token_type in _PLACEHOLDERS:
        return "p"
    if token.token_type in _PLAIN:
        return ""
    return "k" if token.text.upper() in keywords else ""


def highlight(sql: str, dialect: str) -> SafeString:
    """The SQL as HTML: keywords, strings, numbers, parameters and comments in spans; every piece
    escaped. Text the tokenizer refuses is shown escaped and plain."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(sql)
    except (SqlglotError, RecursionError, ValueError):
        return mark_safe(html.escape(sql))  # noqa: S308 - escaped
    keywords = set(Dialect.get_or_raise(dialect).tokenizer_class.KEYWORDS)
    out, position = [], 0
    for index, token in enumerate(tokens):
        start, end = token.start, token.end + 1
        if start < position or end > len(sql):
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.token_type == TokenType.PARAMETER and after is not None and after.start == end:
            end = after.end + 1  # $1 is one parameter, not $ and a number
        if start > position:
            out.append(_gap(sql[position:start]))
        kind = _kind(token, keywords)
        text = html.escape(sql[start:end])
        out.append(f'<span class="sql-{kind}">{text}</span>' if kind else text)
        position = end
    if position < len(sql):
        out.append(_gap(sql[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _gap(text: str) -> str:
    """Between tokens: white space, or comments (the tokenizer keeps them out of its tokens)."""
    if text.strip():
        return f'<span class="sql-c">{html.escape(text)}</span>'
    return html.escape(text)

"""Command-line logic shared by ``manage.py lineage`` (kept free of Django)."""

from __future__ import annotations

import json
import logging
import sys

from .extract import extract_lineage
from .result import StatementLineage
from .split import UnknownDialectError, get_dialect


class CliError(Exception):
    """A problem the user must fix (unreadable file, unknown dialect)."""


def read_sql(path: str, stdin=None) -> str:
    if path == "-":
        return (stdin or sys.stdin).read()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}") from exc


def render_json(results: list[StatementLineage]) -> str:
    return json.dumps([r.to_dict() for r in results], indent=2)


def render_text(results: list[StatementLineage]) -> str:
    lines: list[str] = []
    for n, r in enumerate(results, 1):
        first = " ".join(r.sql.split())
        lines.append(
            f"-- statement {n} [{r.kind}] {r.status}: {first[:100]}{'...' if len(first) > 100 else ''}"
        )
        if r.error:
            lines.append(f"   error:   {r.error}")
        lines.append(f"   target:  {r.target or '-'}")
        lines.append(f"   sources: {', '.join(r.sources) if r.sources else '-'}")
        if r.columns is not None:
            lines.append("   columns:")
            for c in r.columns:
                arrow = "<=" if not c.transformed else "<~"
                lines.append(
                    f"     {c.target} {arrow} {', '.join(c.sources) if c.sources else '(no source columns)'}"
                )
        for reason in r.reasons:
            lines.append(f"   note:    {reason}")
    return "\n".join(lines)


def render(results: list[StatementLineage], fmt: str = "json") -> str:
    if fmt == "json":
        return render_json(results)
    if fmt == "text":
        return render_text(results)
    raise CliError(f"unknown format: {fmt!r} (use json or text)")


def run(path: str, dialect: str, default_schema: str | None = None, fmt: str = "json", stdin=None) -> str:
    """Read ``path`` (or stdin for '-'), extract lineage and return the rendered output.

    Raises CliError for an unknown dialect or format, or an unreadable file.
    """
    if fmt not in ("json", "text"):
        raise CliError(f"unknown format: {fmt!r} (use json or text)")
    try:
        get_dialect(dialect.lower())
    except UnknownDialectError as exc:
        raise CliError(str(exc)) from exc
    sql = read_sql(path, stdin)
    # sqlglot warns on stderr for every statement it keeps as a raw command; the result says it.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    results = extract_lineage(sql, dialect, default_schema=default_schema)
    return render(results, fmt)

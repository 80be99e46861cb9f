"""Public entry point: :func:`extract_lineage`."""

from __future__ import annotations

import logging

from .result import FAILED, StatementLineage
from .schema import SchemaResolver, as_resolver
from .split import get_dialect, split_statements
from .statements import StatementExtractor

logger = logging.getLogger(__name__)


def _dialect_name(dialect: str) -> str:
    return (dialect or "").strip().lower()


def extract_lineage(
    sql: str,
    dialect: str,
    default_schema: str | None = None,
    schema: SchemaResolver | dict | None = None,
) -> list[StatementLineage]:
    """Extract table- and column-level lineage from every statement in ``sql``.

    Raises :class:`~lineage.extraction.split.UnknownDialectError` (a ``ValueError``) for an
    unknown dialect. Never raises for bad SQL: a statement that does not parse comes back with
    ``status == "failed"`` and ``error`` set, and the other statements are still extracted.
    """
    name = _dialect_name(dialect)
    dia = get_dialect(name)
    resolver = as_resolver(schema)
    extractor = StatementExtractor(name, default_schema, resolver)
    results: list[StatementLineage] = []
    for parsed in split_statements(sql or "", dia):
        if parsed.expression is None:
            results.append(StatementLineage(sql=parsed.sql, status=FAILED, error=parsed.error))
            continue
        try:
            results.append(extractor.extract(parsed.expression, parsed.sql))
        except Exception as exc:  # a bug on one statement must not lose the others
            logger.exception("lineage extraction crashed on a statement")
            results.append(
                StatementLineage(
                    sql=parsed.sql, status=FAILED, error=f"internal error: {type(exc).__name__}: {exc}"
                )
            )
    return results

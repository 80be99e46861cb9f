"""SQL lineage extraction (pure Python, built on sqlglot; no Django imports)."""

from .extract import extract_lineage
from .result import COMPLETE, FAILED, PARTIAL, ColumnLineage, StatementLineage
from .schema import SchemaResolver
from .split import UnknownDialectError

__all__ = [
    "COMPLETE",
    "FAILED",
    "PARTIAL",
    "ColumnLineage",
    "SchemaResolver",
    "StatementLineage",
    "UnknownDialectError",
    "extract_lineage",
]

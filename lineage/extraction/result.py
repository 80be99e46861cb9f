"""Result types returned by :func:`lineage.extraction.extract_lineage`."""

from __future__ import annotations

from dataclasses import dataclass, field

COMPLETE = "complete"
PARTIAL = "partial"
FAILED = "failed"


@dataclass
class ColumnLineage:
    """One output column of a statement and the source columns it is computed from."""

    target: str
    sources: list[str] = field(default_factory=list)
    transformed: bool = False
    expression: str = ""

    def to_dict(self, full: bool = False) -> dict:
        data = {"target": self.target, "sources": list(self.sources)}
        if full:
            data["transformed"] = self.transformed
            data["expression"] = self.expression
        return data


@dataclass
class StatementLineage:
    """Lineage of one SQL statement.

    ``columns`` is ``None`` when the statement has no column lineage at all (DDL, DELETE, ...),
    and a (possibly empty) list otherwise.
    """

    sql: str
    kind: str = "unknown"
    target: str | None = None
    sources: list[str] = field(default_factory=list)
    columns: list[ColumnLineage] | None = None
    status: str = COMPLETE
    reasons: list[str] = field(default_factory=list)
    error: str | None = None

    def add_reason(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def to_dict(self, full: bool = False) -> dict:
        """The CLI/JSON shape: target, sources, columns, error (+ status, reasons, kind)."""
        data = {
            "target": self.target,
            "sources": list(self.sources),
            "columns": None if self.columns is None else [c.to_dict(full) for c in self.columns],
            "error": self.error,
            "status": self.status,
            "reasons": list(self.reasons),
            "kind": self.kind,
        }
        if full:
            data["sql"] = self.sql
        return data

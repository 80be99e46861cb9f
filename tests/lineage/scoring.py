"""Scoring of extracted lineage against labels, shared by the corpus test and the blind audit.

Everything is compared as a *shape*: ``{"target", "sources", "columns", "error"}`` where
``columns`` maps each output column to its sorted source columns (``None``: no column lineage)
and ``error`` is a bool. Metrics, micro-averaged over statements:

``table_f1``
    over (statement, role, name) triples, role in {target, source}; an expected-error statement
    expects nothing, so any table reported for it is a false positive.
``name_f1``
    the same, role-agnostic (tolerant of role swaps).
``column_f1`` (+ ``column_precision``, ``column_recall``)
    over (statement, output column, source column) edges.
``colname_f1``
    over (statement, output column), only where both sides give a column list.
``all_tables_right``
    share of statements whose target and source set are exactly right (and, for an
    expected-error statement, which the extractor flagged as failed).
``errors``
    expected errors hit / missed / false alarms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


def _norm(value, ci: bool):
    return value.lower() if ci and isinstance(value, str) else value


def shape_of_result(stmt) -> dict:
    """The comparable shape of one :class:`~lineage.extraction.result.StatementLineage`."""
    columns = None
    if stmt.columns is not None:
        columns = {}
        for c in stmt.columns:
            columns[c.target] = sorted(set(columns.get(c.target, [])) | set(c.sources))
    return {
        "target": stmt.target,
        "sources": sorted(stmt.sources),
        "columns": columns,
        "error": bool(stmt.error),
    }


def shape_of_label(label: dict) -> dict:
    """The shape of a labelled case: corpus style (columns as a dict) or blind-set style (a list)."""
    raw = label.get("columns")
    columns = None
    if isinstance(raw, dict):
        columns = {k: sorted(v) for k, v in raw.items()}
    elif raw is not None:
        columns = {}
        for c in raw:
            columns[c["target"]] = sorted(set(columns.get(c["target"], [])) | set(c.get("sources") or []))
    return {
        "target": label.get("target"),
        "sources": sorted(label.get("sources") or []),
        "columns": columns,
        "error": bool(label.get("error")),
    }


def column_edges(shape: dict, ci: bool = False) -> set:
    return {
        (_norm(col, ci), _norm(src, ci))
        for col, sources in (shape["columns"] or {}).items()
        for src in sources
    }


def table_edges(shape: dict, ci: bool = False) -> set:
    found = {("source", _norm(s, ci)) for s in shape["sources"]}
    if shape["target"]:
        found.add(("target", _norm(shape["target"], ci)))
    return found


def column_names(shape: dict, ci: bool = False) -> set:
    return {_norm(c, ci) for c in shape["columns"] or {}}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set, actual: set) -> None:
        self.tp += len(expected & actual)
        self.fp += len(actual - expected)
        self.fn += len(expected - actual)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Tally:
    statements: int = 0
    tables: PRF = field(default_factory=PRF)
    names: PRF = field(default_factory=PRF)
    columns: PRF = field(default_factory=PRF)
    colnames: PRF = field(default_factory=PRF)
    tables_right: int = 0
    err_hit: int = 0
    err_miss: int = 0
    err_false: int = 0

    def figures(self) -> dict:
        return {
            "statements": self.statements,
            "table_f1": self.tables.f1,
            "name_f1": self.names.f1,
            "column_f1": self.columns.f1,
            "column_precision": self.columns.precision,
            "column_recall": self.columns.recall,
            "colname_f1": self.colnames.f1,
            "all_tables_right": self.tables_right / self.statements if self.statements else 1.0,
            "errors": (self.err_hit, self.err_miss, self.err_false),
        }


def problems(expected: dict, actual: dict, ci: bool = False) -> list[str]:
    """Human-readable differences between two shapes (empty when they agree)."""
    found = []
    et, at = table_edges(expected, ci), table_edges(actual, ci)
    ee, ae = column_edges(expected, ci), column_edges(actual, ci)
    if et != at:
        found.append(f"tables: missing={sorted(et - at)} extra={sorted(at - et)}")
    if ee != ae:
        found.append(f"col edges: missing={sorted(ee - ae)} extra={sorted(ae - ee)}")
    if expected["columns"] is not None and actual["columns"] is None and not expected["error"]:
        found.append("columns: expected a list, got null")
    if expected["columns"] is not None and actual["columns"] is not None:
        en, an = column_names(expected, ci), column_names(actual, ci)
        if en != an:
            found.append(f"col names: expected={sorted(en)} got={sorted(an)}")
    if expected["error"] != actual["error"]:
        found.append(f"error: expected={expected['error']} got={actual['error']}")
    return found


class Scorer:
    """Accumulates (expected, actual) shape pairs, overall and per group (e.g. dialect)."""

    def __init__(self, ci: bool = False):
        self.ci = ci
        self.tallies: dict[str, Tally] = defaultdict(Tally)

    def add(self, expected: dict, actual: dict, group: str | None = None) -> None:
        ci = self.ci
        et, at = table_edges(expected, ci), table_edges(actual, ci)
        exp_err, got_err = expected["error"], actual["error"]
        for key in ("ALL", group) if group else ("ALL",):
            t = self.tallies[key]
            t.statements += 1
            t.tables.add(et, at)
            t.names.add({n for _, n in et}, {n for _, n in at})
            t.columns.add(column_edges(expected, ci), column_edges(actual, ci))
            if expected["columns"] is not None and actual["columns"] is not None:
                t.colnames.add(column_names(expected, ci), column_names(actual, ci))
            t.tables_right += et == at and (got_err or not exp_err)
            if exp_err and got_err:
                t.err_hit += 1
            elif exp_err:
                t.err_miss += 1
            elif got_err:
                t.err_false += 1

    def figures(self, group: str = "ALL") -> dict:
        return self.tallies[group].figures()

    def table(self) -> str:
        """A per-group report, the overall row last."""
        lines = [
            f"{'group':10} {'n':>4} {'table F1':>9} {'name F1':>8} {'col F1':>7} {'colP':>6} {'colR':>6} "
            f"{'cname F1':>8} {'tbl exact':>9} {'err hit/miss/false':>18}"
        ]
        for key in sorted(self.tallies, key=lambda k: (k == "ALL", k)):
            f = self.tallies[key].figures()
            hit, miss, false = f["errors"]
            lines.append(
                f"{key:10} {f['statements']:4} {f['table_f1']:9.3f} {f['name_f1']:8.3f} "
                f"{f['column_f1']:7.3f} {f['column_precision']:6.3f} {f['column_recall']:6.3f} "
                f"{f['colname_f1']:8.3f} {f['all_tables_right']:9.3f} {hit:>6}/{miss}/{false}"
            )
        return "\n".join(lines)


def score(pairs, ci: bool = False) -> dict:
    """Overall figures for an iterable of (expected shape, actual shape) pairs."""
    scorer = Scorer(ci)
    for expected, actual in pairs:
        scorer.add(expected, actual)
    return scorer.figures()

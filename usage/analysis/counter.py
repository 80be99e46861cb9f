"""Counting executions the way the usage report states them, and the shape cache.

An execution is one log line; a count is the number of lines in which a thing occurs at least
once; distinct_users the number of distinct users among those lines. Unparseable lines count
only as unparseable. Only relations in the catalog are reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from usage.analysis.catalog import Catalog
from usage.analysis.facts import StatementFacts, analyze
from usage.analysis.fingerprint import normalize
from usage.analysis.records import QueryRecord

TOP_USERS = 10


class ShapeAnalyzer:
    """Analyses each statement shape once: lines that differ only in literals share their facts."""

    def __init__(self, catalog: Catalog, dialect: str = "postgres", max_shapes: int = 200_000):
        self.catalog, self.dialect, self.max_shapes = catalog, dialect, max_shapes
        self._cache: dict[tuple[str, str | None], StatementFacts] = {}
        self.parsed = 0

    def facts(self, record: QueryRecord, shape_text: str | None = None) -> StatementFacts:
        """`shape_text` is normalize(record.sql) when the caller has it already."""
        key = (shape_text if shape_text is not None else normalize(record.sql), record.default_schema)
        found = self._cache.get(key)
        if found is None:
            found = analyze(
                record.sql, dialect=self.dialect, default_schema=record.default_schema, catalog=self.catalog
            )
            self.parsed += 1
            if len(self._cache) >= self.max_shapes:
                self._cache.clear()  # bounded memory on a log of endless distinct shapes
            self._cache[key] = found
        return found


@dataclass
class _Tally:
    executions: int = 0
    users: Counter = field(default_factory=Counter)

    def add(self, user: str) -> None:
        self.executions += 1
        self.users[user] += 1


@dataclass
class UsageCounter:
    catalog: Catalog
    unparseable: int = 0
    tables: dict = field(default_factory=lambda: defaultdict(_Tally))
    joins: dict = field(default_factory=lambda: defaultdict(_Tally))
    filters: dict = field(default_factory=lambda: defaultdict(_Tally))
    operators: dict = field(default_factory=lambda: defaultdict(Counter))
    columns: dict = field(default_factory=lambda: defaultdict(_Tally))

    def add(self, record: QueryRecord, facts: StatementFacts) -> None:
        if not facts.parseable:
            self.unparseable += 1
            return
        user = record.user
        for relation in facts.reads:
            if relation in self.catalog:
                self.tables[relation].add(user)
        for pair in facts.joins:
            self.joins[pair].add(user)
        for use in facts.filters:
            self.filters[use.column].add(user)
            for op in use.operators:
                self.operators[use.column][op] += 1
        for column in facts.columns:
            self.columns[column].add(user)

    def report(self) -> dict:
        return build_report(
            unparseable=self.unparseable,
            tables={t: (v.executions, v.users) for t, v in self.tables.items()},
            joins={p: (v.executions, v.users) for p, v in self.joins.items()},
            filters={c: (v.executions, v.users, self.operators[c]) for c, v in self.filters.items()},
            columns={c: v.executions for c, v in self.columns.items()},
        )


def _name(parts) -> str:
    return ".".join(parts)


def build_report(*, unparseable: int, tables: dict, joins: dict, filters: dict, columns: dict) -> dict:
    """The report from totals: tables {(s, t): (executions, Counter of users)}, joins {(a, b):
    (executions, users)}, filters {column: (executions, users, Counter of operators)}, columns
    {column: executions}. Users may be a Counter (for top users) or a set."""
    report: dict = {"unparseable_executions": unparseable, "tables": {}}
    joins_by_table: dict = defaultdict(list)
    for (left, right), (executions, users) in joins.items():
        entry = {
            "left": _name(left),
            "right": _name(right),
            "executions": executions,
            "distinct_users": len(users),
        }
        for relation in {left[:2], right[:2]}:
            joins_by_table[relation].append(entry)
    filters_by_table: dict = defaultdict(list)
    for column, (executions, users, operators) in filters.items():
        filters_by_table[column[:2]].append(
            {
                "column": _name(column),
                "executions": executions,
                "distinct_users": len(users),
                "operators": dict(sorted(operators.items(), key=lambda kv: (-kv[1], kv[0]))),
            }  # fmt: skip
        )
    columns_by_table: dict = defaultdict(list)
    for column, executions in columns.items():
        columns_by_table[column[:2]].append({"column": _name(column), "executions": executions})
    order = lambda e: (-e["executions"], -e.get("distinct_users", 0), e.get("column") or e.get("left", ""))  # noqa: E731
    for relation, (executions, users) in sorted(tables.items(), key=lambda kv: (-kv[1][0], kv[0])):
        top = (
            sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_USERS]
            if isinstance(users, Counter)
            else []
        )
        report["tables"][_name(relation)] = {
            "executions": executions,
            "distinct_users": len(users),
            "top_users": [{"user": user, "executions": n} for user, n in top],
            "joins": sorted(joins_by_table.get(relation, []), key=order),
            "filters": sorted(filters_by_table.get(relation, []), key=order),
            "columns": sorted(columns_by_table.get(relation, []), key=order),
        }
    return report

"""What one statement does with the catalog: relations read and written, columns, join pairs and
filters, resolved through aliases, CTEs and derived tables to physical columns.

The conventions (docs/usage-analysis.md) are those of the usage report: a join pair is an equality
between columns of two different table instances (ON, USING or WHERE), each side a column or a
function/cast of one column; a filter is a WHERE predicate comparing one column with constants or
column-free expressions; predicates on computed columns, in HAVING, ON or CASE, column-to-column
comparisons and IN (SELECT …) are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import Scope, traverse_scope

from usage.analysis.catalog import Catalog, ColumnRef, Relation

# Words PostgreSQL reserves: it rejects them as bare aliases ("FROM t ORDER" is a syntax error),
# where sqlglot would take them for an alias.
RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric both case cast check collate column constraint
    create current_catalog current_date current_role current_time current_timestamp current_user default
    deferrable desc distinct do else end except false fetch for foreign from grant group having in initially
    intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing
    primary references returning select session_user some symmetric table then to trailing true union unique
    user using variadic when where window with""".split()
)
STATEMENTS = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Insert, exp.Update, exp.Delete,
              exp.Create, exp.Merge, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Command,
              exp.Drop, exp.Alter, exp.Use, exp.Describe, exp.Copy)  # fmt: skip
COMPARISONS = {exp.EQ: "=", exp.NEQ: "<>", exp.LT: "<", exp.LTE: "<=", exp.GT: ">", exp.GTE: ">="}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>"}
_DELETE_WITHOUT_FROM = re.compile(r"^\s*delete\s+(?!from\b)", re.IGNORECASE)


@dataclass(frozen=True)
class FilterUse:
    column: ColumnRef
    operators: frozenset[str]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementFacts:
    parseable: bool
    error: str = ""
    reads: frozenset[Relation] = frozenset()
    writes: frozenset[Relation] = frozenset()
    columns: frozenset[ColumnRef] = frozenset()
    joins: frozenset[tuple[ColumnRef, ColumnRef]] = frozenset()
    filters: tuple[FilterUse, ...] = ()
    lineage: tuple[tuple[Relation, Relation], ...] = ()


def search_path(default_schema: str | None) -> tuple[str, ...]:
    if not default_schema:
        return ()
    parts = [part.strip().strip('"') for part in default_schema.split(",")]
    return tuple(part for part in parts if part and part != "$user")


def analyze(sql: str, *, dialect: str = "postgres", default_schema: str | None = None,
            catalog: Catalog) -> StatementFacts:  # fmt: skip
    """The facts of one statement; an unparseable one says why and has no facts."""
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except (SqlglotError, RecursionError, ValueError) as exc:
        return StatementFacts(False, _first_line(exc))
    if not statements:
        return StatementFacts(False, "empty statement")
    problem = _rejected(sql, statements)
    if problem:
        return StatementFacts(False, problem)
    collector = _Collector(catalog, search_path(default_schema))
    for statement in statements:
        collector.statement(statement)
    return collector.facts()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _rejected(sql: str, statements: list[exp.Expression]) -> str:
    """What PostgreSQL's grammar refuses although sqlglot reads it."""
    for statement in statements:
        if not isinstance(statement, STATEMENTS):
            return f"not a SQL statement: {statement.sql()[:60]}"
        for node in statement.find_all(exp.TableAlias, exp.Alias):
            alias = node.args.get("this") if isinstance(node, exp.TableAlias) else node.args.get("alias")
            if isinstance(alias, exp.Identifier) and not alias.quoted and alias.name.lower() in RESERVED:
                return f"syntax error at or near {alias.name!r}"
    if _DELETE_WITHOUT_FROM.match(sql):
        return "syntax error: DELETE needs FROM"
    return ""


@dataclass
class _Source:
    """A FROM item of a scope: a physical relation (or one not crawled), or a derived scope."""

    alias: str
    relation: Relation | None = None
    scope: Scope | None = None
    instance: int = 0


@dataclass
class _Collector:
    catalog: Catalog
    path: tuple[str, ...]
    reads: set = field(default_factory=set)
    writes: set = field(default_factory=set)
    columns: set = field(default_factory=set)
    joins: set = field(default_factory=set)
    filters: dict = field(default_factory=dict)
    lineage: list = field(default_factory=list)

    def facts(self) -> StatementFacts:
        return StatementFacts(
            True,
            reads=frozenset(self.reads),
            writes=frozenset(self.writes),
            columns=frozenset(self.columns),
            joins=frozenset(self.joins),
            filters=tuple(
                FilterUse(column, frozenset(ops), tuple(values[:5]))
                for column, (ops, values) in sorted(self.filters.items())
            ),
            lineage=tuple(self.lineage),
        )

    # --- statements -------------------------------------------------------------------------------
    def statement(self, node: exp.Expression) -> None:
        if isinstance(node, exp.Insert | exp.Create):
            target = node.this.this if isinstance(node.this, exp.Schema) else node.this
            query = node.expression
            if isinstance(target, exp.Table):
                written = self.relation_of(target)
                self.writes.add(written)
                if isinstance(query, exp.Query):
                    before = set(self.reads)
                    self.query(query)
                    self.lineage.extend(
                        (read, written) for read in sorted(self.reads - before) if read != written
                    )
            return
        if isinstance(node, exp.Update | exp.Delete):
            target = node.this
            if isinstance(target, exp.Table):
                self.writes.add(self.relation_of(target))
            for table in node.find_all(exp.Table):
                if table is not target:
                    self.reads.add(self.relation_of(table))
            return
        if isinstance(node, exp.Query):
            self.query(node)

    def query(self, node: exp.Expression) -> None:
        try:
            scopes = traverse_scope(node)
        except (SqlglotError, RecursionError, ValueError, KeyError):
            scopes = []
        instances: dict[int, dict[str, _Source]] = {}
        for scope in scopes:
            instances[id(scope)] = self.sources_of(scope)
        self._instances = instances
        for scope in scopes:
            for source in instances[id(scope)].values():
                if source.relation:
                    self.reads.add(source.relation)
            for column in scope.columns:
                found = self.resolve(scope, column)
                if found:
                    self.columns.add(found[0])
            self.joins_of(scope)
            where = scope.expression.args.get("where") if isinstance(scope.expression, exp.Select) else None
            if where is not None:
                self.predicates(scope, where.this, negated=False)

    # --- names ------------------------------------------------------------------------------------
    def relation_of(self, table: exp.Table) -> Relation:
        found = self.catalog.relation(table.db or None, table.name, self.path)
        if found:
            return found
        schema = table.db or (self.path[0] if self.path else "")
        return (schema, table.name)

    def sources_of(self, scope: Scope) -> dict[str, _Source]:
        found = {}
        for alias, (_, source) in scope.selected_sources.items():
            if isinstance(source, exp.Table):
                relation = self.relation_of(source)
                known = relation if relation in self.catalog else None
                found[alias] = _Source(
                    alias, relation=relation if known or True else None, instance=id(source)
                )
                found[alias].relation = relation
            elif isinstance(source, Scope):
                found[alias] = _Source(alias, scope=source, instance=id(source))
        return found

    def visible(self, scope: Scope):
        """The scope's FROM items, then those of the scopes around it (correlated references)."""
        while scope is not None:
            yield scope, self._instances.get(id(scope)) or self.sources_of(scope)
            scope = scope.parent

    def resolve(self, scope: Scope, column: exp.Column, depth: int = 0) -> tuple[ColumnRef, int] | None:
        """The physical column a reference means, and the table instance it comes through."""
        if depth > 20:
            return None
        name, qualifier = column.name, column.table
        for _, sources in self.visible(scope):
            if qualifier:
                source = sources.get(qualifier)
                if source is None:
                    continue
                return self._through(source, name, depth)
            having = [s for s in sources.values() if self._has(s, name)]
            if len(having) == 1:
                return self._through(having[0], name, depth)
            if len(having) > 1:
                return None  # ambiguous
        return None

    def _has(self, source: _Source, name: str) -> bool:
        if source.relation is not None:
            return self.catalog.column(source.relation, name) is not None
        return self._projection(source.scope, name) is not None or self._star(source.scope)

    def _through(self, source: _Source, name: str, depth: int) -> tuple[ColumnRef, int] | None:
        if source.relation is not None:
            physical = self.catalog.column(source.relation, name)
            if physical is None:
                return None
            return (source.relation[0], source.relation[1], physical), source.instance
        projection = self._projection(source.scope, name)
        if projection is None:
            if self._star(source.scope):
                inner = self.resolve(source.scope, exp.column(name), depth + 1)
                return (inner[0], source.instance) if inner else None
            return None
        if isinstance(projection, exp.Column):  # a plain pass-through, maybe renamed
            inner = self.resolve(source.scope, projection, depth + 1)
            return (inner[0], source.instance) if inner else None
        return None  # computed: not a physical column

    @staticmethod
    def _projection(scope: Scope, name: str) -> exp.Expression | None:
        query = scope.expression
        while isinstance(query, exp.SetOperation):
            query = query.this
        if not isinstance(query, exp.Select):
            return None
        for select in query.selects:
            if select.alias_or_name.lower() == name.lower() and not isinstance(select, exp.Star):
                return select.unalias()
        return None

    @staticmethod
    def _star(scope: Scope) -> bool:
        query = scope.expression
        while isinstance(query, exp.SetOperation):
            query = query.this
        return isinstance(query, exp.Select) and any(
            isinstance(s, exp.Star) or (isinstance(s, exp.Column) and isinstance(s.this, exp.Star))
            for s in query.selects
        )

    # --- joins and filters ------------------------------------------------------------------------
    def joins_of(self, scope: Scope) -> None:
        query = scope.expression
        if not isinstance(query, exp.Select):
            return
        from_ = query.args.get("from_") or query.args.get("from")
        left_aliases = [from_.this.alias_or_name] if from_ else []
        for join in query.args.get("joins") or []:
            right = join.this.alias_or_name
            on = join.args.get("on")
            if on is not None:
                for equality in _conjuncts_eq(on):
                    self.join_pair(scope, equality.this, equality.expression)
            for using in join.args.get("using") or []:
                name = using.name
                right_side = self.resolve(scope, exp.column(name, table=right))
                for left in left_aliases:
                    left_side = self.resolve(scope, exp.column(name, table=left))
                    if left_side and right_side:
                        self._add_join(left_side, right_side)
                        break
            left_aliases.append(right)

    def join_pair(self, scope: Scope, left: exp.Expression, right: exp.Expression) -> bool:
        a, b = _single_column(left), _single_column(right)
        if a is None or b is None:
            return False
        left_side, right_side = self.resolve(scope, a), self.resolve(scope, b)
        if left_side and right_side:
            self._add_join(left_side, right_side)
        return True

    def _add_join(self, left: tuple[ColumnRef, int], right: tuple[ColumnRef, int]) -> None:
        if left[1] == right[1]:
            return  # the same table instance: a comparison within a row, not a join
        self.joins.add(tuple(sorted((left[0], right[0]))))

    def predicates(self, scope: Scope, node: exp.Expression, *, negated: bool) -> None:
        if isinstance(node, exp.Paren):
            self.predicates(scope, node.this, negated=negated)
        elif isinstance(node, exp.And | exp.Or):
            self.predicates(scope, node.left, negated=negated)
            self.predicates(scope, node.right, negated=negated)
        elif isinstance(node, exp.Not):
            inner = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
            if isinstance(inner, exp.In | exp.Like | exp.ILike | exp.Is | exp.Between):
                self.comparison(scope, inner, negated=True)
            else:
                self.predicates(scope, inner, negated=negated)
        else:
            self.comparison(scope, node, negated=False)

    def comparison(self, scope: Scope, node: exp.Expression, *, negated: bool) -> None:
        negated = negated != bool(node.args.get("negate"))  # x IS NOT NULL, x NOT LIKE …
        if isinstance(node, exp.EQ) and self._is_join(scope, node):
            return
        if type(node) in COMPARISONS:
            op = COMPARISONS[type(node)]
            column, other, flipped = _column_and_constant(node.this, node.expression)
            if column is not None and flipped:
                op = FLIPPED[op]
            self._add_filter(scope, column, op, other)
        elif isinstance(node, exp.In):
            if node.args.get("query") or node.args.get("unnest"):
                return  # IN (SELECT …): neither a join nor a filter
            column = _single_column(node.this)
            values = node.expressions
            if column is None or any(_has_column(v) for v in values):
                return
            self._add_filter(scope, column, "NOT IN" if negated else "IN", values[0] if values else None)
        elif isinstance(node, exp.Between):
            column = _single_column(node.this)
            if column is None or _has_column(node.args.get("low")) or _has_column(node.args.get("high")):
                return
            if not negated:
                self._add_filter(scope, column, "BETWEEN", node.args.get("low"))
        elif isinstance(node, exp.Like | exp.ILike):
            column, other, _ = _column_and_constant(node.this, node.expression)
            op = "LIKE" if isinstance(node, exp.Like) else "ILIKE"
            if negated and op == "ILIKE":
                return
            self._add_filter(scope, column, f"NOT {op}" if negated else op, other)
        elif isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
            column = _single_column(node.this)
            self._add_filter(scope, column, "IS NOT NULL" if negated else "IS NULL", None)

    def _is_join(self, scope: Scope, node: exp.EQ) -> bool:
        a, b = _single_column(node.this), _single_column(node.expression)
        if a is None or b is None:
            return False
        self.join_pair(scope, node.this, node.expression)
        return True

    def _add_filter(self, scope: Scope, column: exp.Column | None, op: str, value) -> None:
        if column is None:
            return
        found = self.resolve(scope, column)
        if not found:
            return  # a computed or unknown column: not a filter on a physical column
        ops, values = self.filters.setdefault(found[0], (set(), []))
        ops.add(op)
        # Placeholders ($1, ?) of normalized statistics are no example of a value.
        if value is not None and len(values) < 5 and not isinstance(value, exp.Placeholder | exp.Parameter):
            text = value.name if isinstance(value, exp.Literal) else value.sql()
            if text not in values:
                values.append(text[:100])


def _conjuncts_eq(node: exp.Expression):
    for part in node.flatten() if isinstance(node, exp.And) else [node]:
        part = part.unnest() if isinstance(part, exp.Paren) else part
        if isinstance(part, exp.And):
            yield from _conjuncts_eq(part)
        elif isinstance(part, exp.EQ):
            yield part


def _columns_in(node: exp.Expression | None) -> list[exp.Column]:
    if node is None:
        return []
    if isinstance(node, exp.Column):
        return [node]
    if isinstance(node, exp.Query | exp.Subquery):
        return [None]  # a subquery: not a plain expression
    found = []
    for child in node.walk(prune=lambda n: isinstance(n, exp.Query | exp.Subquery)):
        if isinstance(child, exp.Query | exp.Subquery) and child is not node:
            return [None]  # a subquery: not a plain expression
        if isinstance(child, exp.Column) and not isinstance(child.this, exp.Star):
            found.append(child)
    return found


def _single_column(node: exp.Expression | None) -> exp.Column | None:
    """The column of a side that is a column, or a function or cast of exactly one column."""
    if node is None or isinstance(node, exp.Case):
        return None
    columns = _columns_in(node)
    return columns[0] if len(columns) == 1 and columns[0] is not None else None


def _has_column(node: exp.Expression | None) -> bool:
    return bool(_columns_in(node))


def _column_and_constant(left, right):
    """(column, constant side, flipped) when one side is one column and the other has none."""
    a, b = _single_column(left), _single_column(right)
    if a is not None and not _has_column(right):
        return a, right, False
    if b is not None and not _has_column(left):
        return b, left, True
    return None, None, False

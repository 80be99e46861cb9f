"""Column-level lineage: a single recursive walk over query scopes.

Each SELECT becomes a :class:`Scope` whose FROM items are :class:`Source` objects: a physical
table, a derived table / CTE (whose output columns are already traced), a table function
(UNNEST, FLATTEN, explode, ...) or VALUES. Every projection's column references are resolved
against the scope chain and traced down to physical ``table.column`` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from .names import LATERAL_ALIAS_DIALECTS, ident, is_physical_table, table_name
from .schema import SchemaResolver

# Columns produced by well-known table functions when the query gives no column aliases.
FLATTEN_COLUMNS = ("seq", "key", "path", "index", "value", "this")
EXPLODING_FUNCTIONS = frozenset({"flatten", "explode", "explode_outer", "posexplode", "posexplode_outer"})
QUERY_TYPES = (exp.Select, exp.SetOperation, exp.Subquery, exp.Values)


@dataclass
class OutCol:
    name: str
    sources: frozenset
    transformed: bool
    expression: str | exp.Expression  # rendered to text by ColumnTracer.text at the end


@dataclass
class QueryResult:
    columns: list[OutCol]
    # Sources whose columns a `*` could not expand (physical tables without a resolver).
    unexpanded: list[Source] = field(default_factory=list)
    star_at: int | None = None  # position of the first output column lost to an unexpanded `*`


@dataclass
class Source:
    kind: str  # "table" | "derived" | "function" | "values"
    alias: str
    table: str | None = None  # qualified name for physical tables
    columns: dict[str, OutCol] | None = None  # known output columns (None = unknown)
    ordered: list[OutCol] | None = None
    arg_sources: frozenset = frozenset()  # for table functions
    unexpanded: list[Source] = field(default_factory=list)
    open: bool = False  # a table function whose output columns are not known

    def known(self, name: str) -> bool:
        return self.columns is not None and name in self.columns


@dataclass
class Scope:
    sources: dict[str, Source]
    parent: Scope | None = None
    lateral: dict[str, OutCol] | None = None
    ctes: dict = field(default_factory=dict)
    windows: dict[str, exp.Window] | None = None  # named windows of the SELECT (WINDOW w AS (...))


class ColumnTracer:
    def __init__(self, dialect: str, default_schema: str | None, resolver: SchemaResolver | None):
        self.dialect = dialect
        self.default_schema = default_schema
        self.resolver = resolver
        self.reasons: list[str] = []
        self._dialect = Dialect.get_or_raise(dialect)
        self._generator = self._dialect.generator()

    # ------------------------------------------------------------------ helpers
    def reason(self, text: str) -> None:
        if text not in self.reasons:
            self.reasons.append(text)

    def sql(self, node: exp.Expression) -> str:
        """SQL text of ``node`` (copying it first, so the tree is never touched)."""
        try:
            return self._dialect.generate(node, copy=True)
        except Exception:  # pragma: no cover - generator gaps
            return str(node)

    def text(self, expression) -> str:
        """Final SQL text of an OutCol expression.

        Expressions are kept as nodes during the walk and rendered once at the end without the
        (costly) defensive deep copy; the tree is not walked again afterwards.
        """
        if isinstance(expression, str):
            return expression
        try:
            return self._generator.generate(expression, copy=False)
        except Exception:  # pragma: no cover - generator gaps
            return str(expression)

    def table_source(self, node: exp.Table, alias: str) -> Source:
        name = table_name(node, self.dialect, self.default_schema)
        src = Source("table", alias, table=name)
        cols = self.resolver.columns(name) if self.resolver else None
        if cols is not None:
            ordered = [OutCol(c, frozenset({f"{name}.{c}"}), False, c) for c in cols]
            src.ordered = ordered
            src.columns = {c.name: c for c in ordered}
        return src

    # ------------------------------------------------------------------ queries
    def query(self, node: exp.Expression, ctes: dict, outer: Scope | None = None) -> QueryResult:
        if isinstance(node, exp.Subquery):
            ctes = self.with_ctes(node, ctes, outer)
            return self.query(node.this, ctes, outer)
        if isinstance(node, exp.Select):
            return self.select(node, ctes, outer)
        if isinstance(node, exp.SetOperation):
            return self.setop(node, ctes, outer)
        if isinstance(node, exp.Values):
            return self.values(node)
        if isinstance(node, (exp.Delete, exp.Update, exp.Insert)) and node.args.get("returning"):
            return self.returning(node, ctes, outer)
        self.reason(f"unsupported construct: {type(node).__name__.lower()} as query")
        return QueryResult([])

    def values(self, node: exp.Values) -> QueryResult:
        alias = node.args.get("alias")
        names = [ident(c, self.dialect) for c in alias.columns] if alias and alias.columns else []
        first = node.expressions[0] if node.expressions else None
        width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
        names += [f"column{i + 1}" for i in range(len(names), width)]
        cols = []
        for i, name in enumerate(names):
            expr = first.expressions[i] if isinstance(first, exp.Tuple) and i < width else first
            srcs = self.expr_sources(expr, Scope({}), None) if expr is not None else frozenset()
            cols.append(OutCol(name, srcs, True, expr if expr is not None else ""))
        return QueryResult(cols)

    def with_ctes(self, node: exp.Expression, ctes: dict, outer: Scope | None) -> dict:
        with_ = node.args.get("with_")
        if not with_:
            return ctes
        ctes = dict(ctes)
        recursive = bool(with_.args.get("recursive"))
        for cte in with_.expressions:
            name = ident(cte.args.get("alias").this if cte.args.get("alias") else None, self.dialect)
            body = cte.this
            alias_cols = (
                [ident(c, self.dialect) for c in cte.args["alias"].columns] if cte.args.get("alias") else []
            )
            if recursive and isinstance(body, exp.SetOperation):
                anchor = self.query(body.this, ctes, outer)
                ctes[name] = self._rename(anchor, alias_cols)
            result = self._rename(self.query(body, ctes, outer), alias_cols)
            ctes[name] = result
        return ctes

    @staticmethod
    def _rename(result: QueryResult, names: list[str]) -> QueryResult:
        if not names:
            return result
        cols = [
            OutCol(names[i], c.sources, c.transformed, c.expression) if i < len(names) else c
            for i, c in enumerate(result.columns)
        ]
        return QueryResult(cols, result.unexpanded, result.star_at)

    def setop(self, node: exp.SetOperation, ctes: dict, outer: Scope | None) -> QueryResult:
        ctes = self.with_ctes(node, ctes, outer)
        left = self.query(node.this, ctes, outer)
        right = self.query(node.expression, ctes, outer)
        if node.args.get("by_name"):
            by_name = {c.name: c for c in right.columns}
            pairs = [(c, by_name.get(c.name)) for c in left.columns]
        else:
            if len(left.columns) != len(right.columns) and not (left.unexpanded or right.unexpanded):
                self.reason("set operation branches have different column counts")
            pairs = [
                (c, right.columns[i] if i < len(right.columns) else None) for i, c in enumerate(left.columns)
            ]
        cols = []
        for lcol, rcol in pairs:
            if rcol is None:
                cols.append(lcol)
                continue
            cols.append(
                OutCol(
                    lcol.name,
                    lcol.sources | rcol.sources,
                    lcol.transformed or rcol.transformed,
                    lcol.expression,
                )
            )
        stars = [r.star_at for r in (left, right) if r.star_at is not None]
        return QueryResult(cols, left.unexpanded + right.unexpanded, min(stars) if stars else None)

    # ------------------------------------------------------------------ FROM items
    def from_items(self, node: exp.Expression) -> list[exp.Expression]:
        items = []
        from_ = node.args.get("from_")
        if from_ is not None:
            items.append(from_.this)
        for join in node.args.get("joins") or []:
            items.append(join.this)
        for lateral in node.args.get("laterals") or []:
            items.append(lateral)
        out = []
        for item in items:
            out.append(item)
            # Joins may hang off a Table node (mysql UPDATE t JOIN s, tsql FROM t JOIN s).
            for join in item.args.get("joins") or [] if isinstance(item, exp.Table) else []:
                out.append(join.this)
        return out

    def build_scope(self, items: list[exp.Expression], ctes: dict, outer: Scope | None) -> Scope:
        scope = Scope({}, parent=outer, ctes=ctes)
        for item in items:
            src = self.source_for(item, ctes, scope)
            if src is not None:
                key = src.alias
                n = 1
                while key in scope.sources and src.kind == "function":
                    n += 1  # two unaliased table functions: keep both
                    key = f"{src.alias}#{n}"
                scope.sources[key] = src
        return scope

    def source_for(self, item: exp.Expression, ctes: dict, scope: Scope) -> Source | None:
        alias_node = item.args.get("alias")
        alias = ident(alias_node.this, self.dialect) if isinstance(alias_node, exp.TableAlias) else ""
        alias_cols = (
            [ident(c, self.dialect) for c in alias_node.columns]
            if isinstance(alias_node, exp.TableAlias)
            else []
        )
        if isinstance(item, exp.Table):
            if is_physical_table(item):
                name = ident(item.this, self.dialect)
                if not item.args.get("db") and name in ctes:
                    res = self._rename(ctes[name], alias_cols)
                    return self._derived(alias or name, res)
                src = self.table_source(item, alias or name)
                if alias_cols and src.ordered:
                    res = self._rename(QueryResult(src.ordered), alias_cols)
                    src.ordered = res.columns
                    src.columns = {c.name: c for c in res.columns}
                return src
            if isinstance(item.this, (exp.Identifier, exp.Var)) or item.this is None:
                return None  # DUAL, stages
            return self.function_source(item.this, alias, alias_cols, scope)
        if isinstance(item, exp.Subquery):
            res = self._rename(self.query(item, ctes, scope), alias_cols)
            return self._derived(alias, res)
        if isinstance(item, exp.Lateral):
            inner = item.this
            if isinstance(inner, (exp.Subquery, exp.Select)):
                res = self._rename(self.query(inner, ctes, scope), alias_cols)
                return self._derived(alias, res)
            return self.function_source(inner, alias, alias_cols, scope)
        if isinstance(item, exp.Values):
            res = self.values(item)
            return self._derived(alias, res, kind="values")
        if isinstance(item, (exp.Unnest, exp.TableFromRows)) or isinstance(item, exp.Func):
            return self.function_source(item, alias, alias_cols, scope)
        self.reason(f"unsupported construct: {type(item).__name__.lower()} in FROM")
        return None

    def _derived(self, alias: str, res: QueryResult, kind: str = "derived") -> Source:
        cols: dict[str, OutCol] = {}
        for c in res.columns:
            cols.setdefault(c.name, c)
        return Source(kind, alias, columns=cols, ordered=res.columns, unexpanded=res.unexpanded)

    def function_source(
        self, func: exp.Expression, alias: str, alias_cols: list[str], scope: Scope
    ) -> Source:
        """A table function in FROM: its output columns all come from its arguments.

        The columns are the alias column list (plus the WITH OFFSET / WITH ORDINALITY column), or the
        implicit columns of FLATTEN / explode, or, when nothing names them, unknown: such an *open*
        source may provide any column, so a bare name that no source knows is not pinned on a
        physical table beside it (see :meth:`resolve_name`).
        """
        if isinstance(func, exp.TableFromRows) and isinstance(func.this, exp.Expression):
            func = func.this  # TABLE(FLATTEN(...)) / TABLE(udtf(...))
        args = self.expr_sources(func, scope, None)
        implicit: tuple[str, ...] = ()
        is_open = False
        if not alias_cols:
            if isinstance(func, exp.Explode) or func.name.lower() in EXPLODING_FUNCTIONS:
                implicit = (*FLATTEN_COLUMNS, "col", "pos")  # FLATTEN (snowflake), explode (spark, hive)
            elif isinstance(func, exp.Unnest):
                if alias:
                    alias_cols = [alias]  # unnest(arr) AS x: one column named x
                elif self.dialect == "bigquery":
                    is_open = True  # UNNEST(array of STRUCTs): one column per field
                else:
                    implicit = ("unnest",)  # postgres/duckdb name the column after the function
            else:
                if alias:
                    alias_cols = [alias]  # postgres: generate_series(1, 3) g has one column named g
                # A user-defined (or struct-exploding) function may return more columns than that.
                is_open = not alias or isinstance(func, (exp.Inline, exp.Anonymous))
        names = list(alias_cols)
        offset = func.args.get("offset") if isinstance(func, exp.Unnest) else None
        if isinstance(offset, exp.Identifier):  # BigQuery WITH OFFSET [AS] x, WITH ORDINALITY AS t(a, n)
            names.append(ident(offset, self.dialect))
        elif offset:
            names.append("ordinality")  # postgres: WITH ORDINALITY without a column alias
        text = func
        ordered = [OutCol(c, args, True, text) for c in names]
        columns = {c.name: c for c in ordered}
        for c in implicit:
            columns.setdefault(c, OutCol(c, args, True, text))
        if not alias and isinstance(func, exp.Unnest) and alias_cols:
            alias = alias_cols[0]  # BigQuery UNNEST(arr) AS x: x names both the relation and its column
        src = Source("function", alias or func.key, columns=columns, ordered=ordered)
        src.arg_sources = args
        src.open = is_open
        return src

    # ------------------------------------------------------------------ SELECT
    def select(self, node: exp.Select, ctes: dict, outer: Scope | None) -> QueryResult:
        ctes = self.with_ctes(node, ctes, outer)
        scope = self.build_scope(self.from_items(node), ctes, outer)
        named = node.args.get("windows")
        if named:
            scope.windows = {ident(w.this, self.dialect): w for w in named if isinstance(w, exp.Window)}
        return self.project(node.expressions, scope)

    def returning(self, node: exp.Expression, ctes: dict, outer: Scope | None) -> QueryResult:
        """`DELETE/UPDATE/INSERT ... RETURNING` used as a query (postgres data-modifying CTE)."""
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        items = [target] if isinstance(target, exp.Table) else []
        items += [i for i in self.from_items(node) if i is not target]
        using = node.args.get("using")
        items += [u for u in (using if isinstance(using, list) else [using]) if isinstance(u, exp.Expression)]
        scope = self.build_scope(items, ctes, outer)
        return self.project(node.args["returning"].expressions, scope)

    def project(self, projections: list[exp.Expression], scope: Scope) -> QueryResult:
        """Trace a select list (or RETURNING list) in ``scope``."""
        lateral_ok = self.dialect in LATERAL_ALIAS_DIALECTS
        if lateral_ok:
            scope.lateral = {}
        out: list[OutCol] = []
        unexpanded: list[Source] = []
        star_at: int | None = None
        for proj in projections:
            if isinstance(proj, exp.Star) or (
                isinstance(proj, exp.Column) and isinstance(proj.this, exp.Star)
            ):
                before, pos = len(unexpanded), len(out)
                out.extend(self.expand_star(proj, scope, unexpanded))
                if len(unexpanded) > before and star_at is None:
                    star_at = pos
                continue
            name = proj.alias_or_name if isinstance(proj, (exp.Alias, exp.Column)) else ""
            if isinstance(proj, exp.Alias):
                name = ident(proj.args.get("alias"), self.dialect)
            elif isinstance(proj, exp.Column):
                name = ident(proj.this, self.dialect)
            else:
                name = self.sql(proj).lower()
            expr = proj.this if isinstance(proj, exp.Alias) else proj
            srcs = self.expr_sources(expr, scope, name)
            transformed = True
            if isinstance(expr, exp.Column):
                target = self.resolve(expr, scope, name)
                transformed = target.transformed if target is not None else False
            col = OutCol(name, srcs, transformed, proj)
            out.append(col)
            if scope.lateral is not None and name:
                scope.lateral.setdefault(name, col)
        return QueryResult(out, unexpanded, star_at)

    def expand_star(self, proj: exp.Expression, scope: Scope, unexpanded: list[Source]) -> list[OutCol]:
        star = proj.this if isinstance(proj, exp.Column) else proj
        if isinstance(proj, exp.Column):
            qualifier = [ident(p, self.dialect) for p in proj.parts[:-1]]
            src = self.find_source(scope, qualifier) if qualifier else None
            if src is None:
                self.reason(f"unknown table: {'.'.join(qualifier)}")
                return []
            sources = [src]
        else:
            sources = list(scope.sources.values())
        cols: list[OutCol] = []
        for src in sources:
            if src.ordered is not None and (src.ordered or src.kind != "function"):
                cols.extend(
                    OutCol(c.name, c.sources, c.transformed if src.kind != "table" else False, c.name)
                    for c in src.ordered
                )
                unexpanded.extend(src.unexpanded)
            elif src.kind == "table":
                unexpanded.append(src)
            else:
                self.reason(f"unexpanded * from table function {src.alias}")
        return self.star_modifiers(star, cols, scope)

    def star_modifiers(self, star: exp.Star, cols: list[OutCol], scope: Scope) -> list[OutCol]:
        """Apply EXCEPT/EXCLUDE, REPLACE and RENAME of `SELECT * ...`."""
        excluded = {
            ident(e.this if isinstance(e, exp.Column) else e, self.dialect)
            for e in star.args.get("except_") or []
        }
        if excluded:
            cols = [c for c in cols if c.name not in excluded]
        for alias in star.args.get("replace") or []:
            name = ident(alias.args.get("alias"), self.dialect)
            new = OutCol(name, self.expr_sources(alias.this, scope, None), True, alias)
            cols = [new if c.name == name else c for c in cols]
        for alias in star.args.get("rename") or []:
            old = ident(alias.this.this if isinstance(alias.this, exp.Column) else alias.this, self.dialect)
            new_name = ident(alias.args.get("alias"), self.dialect)
            cols = [
                OutCol(new_name, c.sources, c.transformed, c.expression) if c.name == old else c for c in cols
            ]
        return cols

    # ------------------------------------------------------------------ expressions
    def expr_sources(self, expr: exp.Expression, scope: Scope, own_name: str | None) -> frozenset:
        found: set[str] = set()
        stack = [expr]
        seen_windows: set[str] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, exp.Window) and scope.windows:
                # OVER w / OVER (w ORDER BY ...): the named window's PARTITION BY / ORDER BY feed in
                # too (and a named window may itself build on another one).
                ref = node.args.get("alias")
                name = ident(ref, self.dialect) if isinstance(ref, exp.Identifier) else ""
                if name and name not in seen_windows and name in scope.windows:
                    seen_windows.add(name)
                    stack.append(scope.windows[name])
            if isinstance(node, exp.Column):
                if isinstance(node.this, exp.Star):
                    continue
                target = self.resolve(node, scope, own_name)
                if target is not None:
                    found.update(target.sources)
                continue
            if isinstance(node, QUERY_TYPES) and not isinstance(node, exp.Values):
                res = self.query(node, scope.ctes, scope)
                for c in res.columns:
                    found.update(c.sources)
                continue
            if isinstance(node, exp.Lambda):
                # Lambda parameters are not columns; only descend into the body, skipping params.
                params = {ident(p, self.dialect) for p in node.expressions}
                for sub in node.this.find_all(exp.Column):
                    if ident(sub.this, self.dialect) in params and not sub.args.get("table"):
                        continue
                    t = self.resolve(sub, scope, own_name)
                    if t is not None:
                        found.update(t.sources)
                continue
            stack.extend(node.iter_expressions())
        return frozenset(found)

    def find_source(self, scope: Scope, qualifier: list[str]) -> Source | None:
        """Find the FROM item named by ``qualifier`` (alias, table name, or schema.table)."""
        last = qualifier[-1]
        src = scope.sources.get(last)
        if src is not None:
            if len(qualifier) == 1 or src.table is None or src.table.endswith(".".join(qualifier)):
                return src
        joined = ".".join(qualifier)
        for src in scope.sources.values():
            if src.table and (src.table == joined or src.table.endswith("." + joined)):
                return src
        return None

    def resolve(self, col: exp.Column, scope: Scope, own_name: str | None) -> OutCol | None:
        parts = [ident(p, self.dialect) for p in col.parts]
        if len(parts) >= 2:
            s: Scope | None = scope
            while s is not None:
                for k in range(len(parts) - 1, 0, -1):
                    src = self.find_source(s, parts[:k])
                    if src is not None:
                        return self.column_of(src, parts[k], col)
                s = s.parent
            # Not a known qualifier: struct field access on an unqualified column (a.b.c).
        return self.resolve_name(parts[0], scope, own_name, col)

    def column_of(self, src: Source, name: str, col: exp.Column) -> OutCol | None:
        if src.columns is not None and name in src.columns:
            return src.columns[name]
        if src.kind == "table":
            if src.columns is not None:
                self.reason(f"unresolved column {src.table}.{name}")
            return OutCol(name, frozenset({f"{src.table}.{name}"}), False, name)
        if src.kind == "function":
            return OutCol(name, src.arg_sources, True, name)
        if len(src.unexpanded) == 1:
            # Derived table selecting `*` from one unexpandable table: the column comes from it.
            return self.column_of(src.unexpanded[0], name, col)
        self.reason(f"unresolved column {src.alias}.{name}" if src.alias else f"unresolved column {name}")
        return None

    def resolve_name(self, name: str, scope: Scope, own_name: str | None, col: exp.Column) -> OutCol | None:
        s: Scope | None = scope
        while s is not None:
            srcs = list(s.sources.values())
            known = [src for src in srcs if src.known(name)]
            if len(known) == 1:
                return known[0].columns[name]
            if len(known) > 1:
                self.reason(f"ambiguous column {name}")
                return None
            if s is scope and s.lateral and name in s.lateral and name != own_name:
                return s.lateral[name]
            candidates = [
                src for src in srcs if src.columns is None or (src.kind == "derived" and src.unexpanded)
            ]
            opened = [src for src in srcs if src.open]
            if opened:
                # A table function with unknown columns may provide the name: only it can be meant
                # when nothing else could be; beside a table of unknown columns, do not guess.
                if len(opened) == 1 and not candidates:
                    return OutCol(name, opened[0].arg_sources, True, name)
                self.reason(f"unresolved column {name}")
                return None
            if len(candidates) == 1:
                return self.column_of(candidates[0], name, col)
            if len(candidates) > 1:
                self.reason(f"unresolved column {name}")
                return None
            if s is scope and s.lateral and name in s.lateral:
                return s.lateral[name]
            s = s.parent
        self.reason(f"unresolved column {name}")
        return None

"""Per-statement dispatch: find the target, the read tables and the column lineage."""

from __future__ import annotations

from sqlglot import exp

from .columns import ColumnTracer, OutCol, QueryResult, Scope, Source
from .names import ident, is_physical_table, table_name
from .result import ColumnLineage, StatementLineage
from .tables import read_tables, table_names
from .validate import malformed, malformed_command

# Statement types that carry no lineage at all.
NO_LINEAGE = {
    exp.Drop: "drop",
    exp.Grant: "grant",
    exp.Revoke: "revoke",
    exp.Alter: "alter",
    exp.Set: "set",
    exp.Use: "use",
    exp.Comment: "comment",
    exp.Analyze: "analyze",
    exp.TruncateTable: "truncate",
    exp.Describe: "describe",
    exp.Show: "show",
    exp.Transaction: "transaction",
    exp.Commit: "commit",
    exp.Rollback: "rollback",
    exp.Pragma: "pragma",
    exp.Cache: "cache",
    exp.Uncache: "uncache",
    exp.Refresh: "refresh",
}
BARE_EXPRESSIONS = (exp.Condition, exp.Alias, exp.Identifier, exp.Paren, exp.Tuple, exp.Star)
# Leading keywords of statements sqlglot keeps as raw commands that have no lineage.
NO_LINEAGE_COMMANDS = {
    "ALTER", "ANALYZE", "BEGIN", "CALL", "COMMENT", "COMMIT", "DECLARE", "DESC", "DESCRIBE", "DROP",
    "EXEC", "EXECUTE", "EXPLAIN", "GO", "GRANT", "LOCK", "MSCK", "OPTIMIZE", "PRINT", "PUT", "GET",
    "REFRESH", "REMOVE", "REVOKE", "ROLLBACK", "SET", "SHOW", "START", "TRUNCATE", "UNDROP", "UNLOAD",
    "USE", "VACUUM", "RAISERROR", "RETURN", "LIST", "LS", "RM", "REINDEX", "CLUSTER", "CHECKPOINT",
}  # fmt: skip


class StatementExtractor:
    def __init__(self, dialect: str, default_schema: str | None, resolver):
        self.dialect = dialect
        self.default_schema = default_schema.lower() if default_schema else None
        self.resolver = resolver

    # ------------------------------------------------------------------ entry point
    def extract(self, stmt: exp.Expression, sql: str) -> StatementLineage:
        self.tracer = ColumnTracer(self.dialect, self.default_schema, self.resolver)
        self._stmt: exp.Expression | None = None
        self._tables: list[exp.Table] = []
        result = StatementLineage(sql=sql)
        if isinstance(stmt, exp.Command):
            problem = malformed_command(stmt, sql, self.dialect)
            if problem:
                return self._fail(result, problem)
            stmt = self._reparse_command(stmt, result)
            if stmt is None:
                return result
        if isinstance(stmt, BARE_EXPRESSIONS) and not isinstance(stmt, exp.Query):
            # e.g. "SELEC x" parses as the alias expression `SELEC AS x`: not a statement at all.
            kind = type(stmt).__name__.lower()
            return self._fail(result, f"not a SQL statement: parsed as a bare {kind} expression")
        self._stmt, self._tables = stmt, []
        problem = malformed(stmt, self.dialect, self._tables)
        if problem:
            return self._fail(result, problem)
        handler = getattr(self, "_" + type(stmt).__name__.lower(), None)
        if handler is None:
            if isinstance(stmt, exp.Query):
                handler = self._select
            else:
                result.kind = NO_LINEAGE.get(type(stmt), type(stmt).__name__.lower())
                if type(stmt) not in NO_LINEAGE:
                    result.add_reason(f"unsupported construct: {type(stmt).__name__.lower()} statement")
                return self._finish(result)
        handler(stmt, result)
        for reason in self.tracer.reasons:
            result.add_reason(reason)
        return self._finish(result)

    @staticmethod
    def _fail(result: StatementLineage, error: str) -> StatementLineage:
        """A statement that parsed but is not valid SQL: no lineage at all."""
        result.status = "failed"
        result.kind = "invalid"
        result.error = error
        result.reasons = []
        return result

    def _finish(self, result: StatementLineage) -> StatementLineage:
        result.sources = sorted(result.sources)
        if result.reasons:
            result.status = "partial"
        return result

    def _reparse_command(self, stmt: exp.Command, result: StatementLineage) -> exp.Expression | None:
        keyword = str(stmt.this).upper()
        rest = stmt.expression.name if isinstance(stmt.expression, exp.Literal) else ""
        if keyword == "REPLACE" and rest.upper().startswith("INTO"):
            import sqlglot

            try:
                return sqlglot.parse_one("INSERT " + rest, read=self.dialect)
            except Exception:
                pass
        result.kind = keyword.lower() or "command"
        if keyword not in NO_LINEAGE_COMMANDS:
            result.add_reason(f"unsupported construct: {keyword} statement")
        self._finish(result)
        return None

    # ------------------------------------------------------------------ helpers
    def read_tables(self, roots: list[exp.Expression | None], exclude: set[int] | None = None) -> set[str]:
        """Physical tables read under ``roots``; the whole statement's were collected during validation."""
        if len(roots) == 1 and roots[0] is self._stmt:
            return table_names(self._tables, self.dialect, self.default_schema, exclude)
        return read_tables(roots, self.dialect, self.default_schema, exclude)

    def name(self, table: exp.Table) -> str:
        return table_name(table, self.dialect, self.default_schema)

    def map_columns(self, res: QueryResult, target_cols: list[str] | None) -> list[ColumnLineage]:
        outs = res.columns
        if res.unexpanded:
            for src in res.unexpanded:
                self.tracer.reason(f"unexpanded * from {src.table} (no schema for it)")
        if target_cols:
            if not res.unexpanded and len(target_cols) != len(outs):
                self.tracer.reason("column count mismatch between target column list and query")
            limit = (
                len(target_cols) if not res.unexpanded else min(len(target_cols), self._star_free_prefix(res))
            )
            outs = [
                OutCol(target_cols[i], c.sources, c.transformed, c.expression)
                for i, c in enumerate(outs[:limit])
            ]
        merged: dict[str, ColumnLineage] = {}
        for c in outs:
            existing = merged.get(c.name)
            if existing is None:
                merged[c.name] = ColumnLineage(
                    c.name, sorted(c.sources), c.transformed, self.tracer.text(c.expression)
                )
            else:
                existing.sources = sorted(set(existing.sources) | c.sources)
                existing.transformed = existing.transformed or c.transformed
        return list(merged.values())

    @staticmethod
    def _star_free_prefix(res: QueryResult) -> int:
        return len(res.columns) if res.star_at is None else res.star_at

    def target_columns(self, node: exp.Expression) -> list[str] | None:
        if isinstance(node, exp.Schema) and node.expressions:
            cols = []
            for e in node.expressions:
                if isinstance(e, (exp.ColumnDef, exp.Column)):
                    cols.append(ident(e.this, self.dialect))
                elif isinstance(e, exp.Identifier):
                    cols.append(ident(e, self.dialect))
            return cols or None
        return None

    def query_columns(self, query: exp.Expression, stmt: exp.Expression, target_cols=None):
        ctes = self.tracer.with_ctes(stmt, {}, None) if stmt is not query else {}
        res = self.tracer.query(query, ctes, None)
        return self.map_columns(res, target_cols)

    # ------------------------------------------------------------------ statements
    def _select(self, stmt: exp.Expression, result: StatementLineage) -> None:
        into = stmt.args.get("into")
        exclude: set[int] = set()
        result.kind = "select"
        if isinstance(into, exp.Into) and isinstance(into.this, exp.Table):
            result.kind = "select_into"
            result.target = self.name(into.this)
            exclude.add(id(into.this))
        result.sources = self.read_tables([stmt], exclude)
        result.columns = self.query_columns(stmt, stmt)

    def _insert(self, stmt: exp.Insert, result: StatementLineage) -> None:
        result.kind = "insert"
        this = stmt.this
        table = this.this if isinstance(this, exp.Schema) else this
        exclude: set[int] = set()
        if isinstance(table, exp.Table) and is_physical_table(table):
            result.target = self.name(table)
            exclude.add(id(table))
        elif not isinstance(table, exp.Directory):
            result.add_reason(f"unsupported construct: insert into {type(table).__name__.lower()}")
        target_cols = self.target_columns(this)
        query = stmt.expression
        result.sources = self.read_tables([stmt], exclude)
        if isinstance(query, exp.Values) or query is None:
            result.columns = [ColumnLineage(c, [], True, "") for c in target_cols] if target_cols else None
            return
        if stmt.args.get("by_name"):
            target_cols = None
        result.columns = self.query_columns(query, stmt, target_cols)

    def _multitableinserts(self, stmt: exp.Expression, result: StatementLineage) -> None:
        """Hive `FROM src INSERT ... SELECT ...` and Snowflake `INSERT ALL INTO ...`."""
        inserts = [i for i in stmt.expressions if isinstance(i, exp.Insert)]
        source = stmt.args.get("source")
        if not inserts:
            result.add_reason("unsupported construct: multi-table insert without targets")
            return
        targets: list[str] = []
        sources: set[str] = set()
        first_columns = None
        for n, ins in enumerate(inserts):
            ins = ins.copy()
            query = ins.expression
            if (
                isinstance(query, exp.Select)
                and not query.args.get("from_")
                and isinstance(source, exp.Table)
            ):
                query.set("from_", exp.From(this=source.copy()))
            elif not isinstance(query, exp.Query) and isinstance(source, exp.Expression):
                result.add_reason("unsupported construct: multi-table insert with VALUES")
                ins.set("expression", None)
            sub = StatementLineage(sql="")
            self._insert(ins, sub)
            if sub.target:
                targets.append(sub.target)
            sources |= set(sub.sources)
            if n == 0:
                first_columns = sub.columns
        if source is not None:
            sources |= self.read_tables([source])
        result.kind = "insert"
        result.target = targets[0] if targets else None
        result.sources = sources
        result.columns = first_columns
        if len(set(targets)) > 1:
            result.add_reason("multiple targets, only the first is reported: " + ", ".join(targets))

    def _create(self, stmt: exp.Create, result: StatementLineage) -> None:
        kind = (stmt.args.get("kind") or "").upper()
        this = stmt.this
        table = this.this if isinstance(this, exp.Schema) else this
        if kind not in ("TABLE", "VIEW") or not isinstance(table, exp.Table):
            result.kind = "create_" + kind.lower() if kind else "create"
            return
        result.target = self.name(table)
        query = stmt.expression
        clone = stmt.args.get("clone")
        props = stmt.args.get("properties")
        materialized = bool(props and props.find(exp.MaterializedProperty))
        if kind == "VIEW":
            result.kind = "materialized_view" if materialized else "view"
        elif clone is not None:
            result.kind = "clone"
            if isinstance(clone.this, exp.Table):
                result.sources = {self.name(clone.this)}
            return
        else:
            result.kind = "ctas" if query is not None else "create_table"
        if query is None or not isinstance(query, exp.Query):
            return
        result.sources = self.read_tables([query, stmt.args.get("with_")])
        result.columns = self.query_columns(query, stmt, self.target_columns(this))

    def _copy(self, stmt: exp.Copy, result: StatementLineage) -> None:
        result.kind = "copy"
        this = stmt.this
        loading = bool(stmt.args.get("kind"))  # True: COPY [INTO] x FROM ...; False: COPY x TO ...
        query = None
        if loading:
            if isinstance(this, exp.Table) and is_physical_table(this):
                result.target = self.name(this)
                return  # loading files into a table: no table sources
            for f in stmt.args.get("files") or []:
                if isinstance(f, exp.Subquery):
                    query = f
                elif isinstance(f, exp.Table) and is_physical_table(f):
                    result.sources = set(result.sources) | {self.name(f)}
        else:
            if isinstance(this, exp.Subquery):
                query = this
            elif isinstance(this, exp.Table) and is_physical_table(this):
                result.sources = {self.name(this)}
        if query is not None:
            result.sources = self.read_tables([query])
            result.columns = self.query_columns(query, query)

    def _scope_for(self, stmt: exp.Expression, target: exp.Table) -> tuple[Scope, str, set[int]]:
        """Scope of an UPDATE/DELETE with the target resolved through FROM aliases.

        Returns (scope, target name, ids of FROM nodes that are the target itself).
        """
        items = self.tracer.from_items(stmt)
        using = stmt.args.get("using")
        items += [u for u in (using if isinstance(using, list) else [using]) if isinstance(u, exp.Expression)]
        target_ids = {id(target)}
        target_name = self.name(target)
        target_key = ident(target.this, self.dialect)
        matched = False
        for item in items:
            if item is target or not isinstance(item, exp.Table) or not is_physical_table(item):
                continue
            if target.args.get("db"):
                continue
            alias = item.args.get("alias")
            key = ident(alias.this, self.dialect) if alias is not None else ident(item.this, self.dialect)
            if key == target_key:  # tsql/mysql: UPDATE alias ... FROM real_table alias
                target_name = self.name(item)
                target_ids.add(id(item))
                matched = True
        ctes = self.tracer.with_ctes(stmt, {}, None)
        joins = [j.this for j in target.args.get("joins") or []]
        scope_items = ([] if matched else [target]) + joins + [i for i in items if i is not target]
        scope = self.tracer.build_scope(scope_items, ctes, None)
        return scope, target_name, target_ids

    def _update(self, stmt: exp.Update, result: StatementLineage) -> None:
        result.kind = "update"
        target = stmt.this
        if not isinstance(target, exp.Table):
            result.add_reason("unsupported construct: update target")
            return
        scope, result.target, target_ids = self._scope_for(stmt, target)
        result.sources = self.read_tables([stmt], target_ids)
        columns: list[OutCol] = []
        for assignment in stmt.expressions:
            if not isinstance(assignment, exp.EQ):
                continue
            columns.extend(self._assign(assignment.this, assignment.expression, scope))
        result.columns = self.map_columns(QueryResult(columns), None)

    def _assign(self, left: exp.Expression, right: exp.Expression, scope: Scope) -> list[OutCol]:
        if isinstance(left, exp.Tuple):  # SET (a, b) = (SELECT x, y ...) / (x, y)
            names = [
                ident(c.this if isinstance(c, exp.Column) else c, self.dialect) for c in left.expressions
            ]
            if isinstance(right, exp.Tuple):
                return [
                    o
                    for n, r in zip(names, right.expressions, strict=False)
                    for o in self._assign_one(n, r, scope)
                ]
            query = right.this if isinstance(right, exp.Subquery) else right
            res = self.tracer.query(query, scope.ctes, scope)
            return [
                OutCol(n, c.sources, c.transformed, c.expression)
                for n, c in zip(names, res.columns, strict=False)
            ]
        name = ident(left.this if isinstance(left, exp.Column) else left, self.dialect)
        return self._assign_one(name, right, scope)

    def _assign_one(self, name: str, expr: exp.Expression, scope: Scope) -> list[OutCol]:
        srcs = self.tracer.expr_sources(expr, scope, None)
        transformed = True
        if isinstance(expr, exp.Column):
            t = self.tracer.resolve(expr, scope, None)
            transformed = t.transformed if t is not None else False
        return [OutCol(name, srcs, transformed, expr)]

    def _delete(self, stmt: exp.Delete, result: StatementLineage) -> None:
        result.kind = "delete"
        tables = stmt.args.get("tables") or []
        target = tables[0] if tables else stmt.this
        if not isinstance(target, exp.Table):
            result.add_reason("unsupported construct: delete target")
            return
        _, result.target, target_ids = self._scope_for(stmt, target)
        if tables and isinstance(stmt.this, exp.Table):
            this = stmt.this
            alias = ident(this.args["alias"].this, self.dialect) if this.args.get("alias") else ""
            if ident(target.this, self.dialect) in (alias, ident(this.this, self.dialect)):
                result.target = self.name(this)
                target_ids.add(id(this))
        target_ids.update(id(t) for t in tables)
        result.sources = self.read_tables([stmt], target_ids)

    def _merge(self, stmt: exp.Merge, result: StatementLineage) -> None:
        result.kind = "merge"
        target = stmt.this
        if not isinstance(target, exp.Table):
            result.add_reason("unsupported construct: merge target")
            return
        result.target = self.name(target)
        result.sources = self.read_tables([stmt], {id(target)})
        ctes = self.tracer.with_ctes(stmt, {}, None)
        using = stmt.args.get("using")
        scope = self.tracer.build_scope([target, using], ctes, None)
        using_src: Source | None = list(scope.sources.values())[-1] if len(scope.sources) > 1 else None
        # INSERT VALUES of a MERGE can only see the source relation.
        insert_scope = Scope({using_src.alias: using_src} if using_src else {}, ctes=ctes)
        columns: list[OutCol] = []
        whens = stmt.args.get("whens")
        for when in whens.expressions if whens else []:
            then = when.args.get("then")
            if isinstance(then, exp.Update):
                for a in then.expressions:
                    if isinstance(a, exp.EQ):
                        columns.extend(self._assign(a.this, a.expression, scope))
                    elif isinstance(a, exp.Star):
                        columns.extend(self._merge_star(using_src))
            elif isinstance(then, exp.Insert):
                cols, vals = then.this, then.expression
                if isinstance(cols, exp.Star) or (isinstance(cols, exp.Var) and cols.name.upper() == "ROW"):
                    columns.extend(self._merge_star(using_src))
                    continue
                names = (
                    cols.expressions
                    if isinstance(cols, (exp.Tuple, exp.Schema))
                    else ([cols] if cols else [])
                )
                values = vals.expressions if isinstance(vals, exp.Tuple) else ([vals] if vals else [])
                if not names and values:
                    self.tracer.reason("unsupported construct: merge insert without column list")
                for n, v in zip(names, values, strict=False):
                    columns.extend(self._assign(n, v, insert_scope))
        result.columns = self.map_columns(QueryResult(columns), None)

    def _merge_star(self, using_src: Source | None) -> list[OutCol]:
        if using_src is None or using_src.ordered is None:
            self.tracer.reason("unexpanded * in merge (no schema for the source)")
            return []
        return [OutCol(c.name, c.sources, c.transformed, c.name) for c in using_src.ordered]

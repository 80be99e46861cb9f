"""Table-level reads: every physical table referenced anywhere in a statement except the target.

CTE references are recognised by walking up the tree to the WITH clauses that are visible from
the reference (a CTE sees the CTEs before it, and itself only when the WITH is RECURSIVE), so a
CTE that shadows a real table hides it exactly where SQL would.
"""

from __future__ import annotations

from sqlglot import exp

from .names import ident, is_physical_table, table_name


def _cte_name(cte: exp.CTE, dialect: str) -> str:
    alias = cte.args.get("alias")
    return ident(alias.this, dialect) if alias is not None else ""


def is_cte_reference(table: exp.Table, dialect: str) -> bool:
    if table.args.get("db") or table.args.get("catalog"):
        return False
    name = ident(table.this, dialect)
    child: exp.Expression = table
    node = table.parent
    while node is not None:
        if isinstance(node, exp.With):
            recursive = bool(node.args.get("recursive"))
            for cte in node.expressions:
                if cte is child:
                    if recursive and _cte_name(cte, dialect) == name:
                        return True
                    break
                if _cte_name(cte, dialect) == name:
                    return True
        else:
            with_ = node.args.get("with_")
            if with_ is not None and with_ is not child:
                if any(_cte_name(cte, dialect) == name for cte in with_.expressions):
                    return True
        child = node
        node = node.parent
    return False


def read_tables(
    roots: list[exp.Expression | None],
    dialect: str,
    default_schema: str | None,
    exclude: set[int] | None = None,
) -> set[str]:
    """Qualified names of the physical tables under ``roots``, minus nodes whose id is in ``exclude``."""
    tables = [t for root in roots if root is not None for t in root.find_all(exp.Table)]
    return table_names(tables, dialect, default_schema, exclude)


def table_names(
    tables: list[exp.Table], dialect: str, default_schema: str | None, exclude: set[int] | None = None
) -> set[str]:
    """Qualified names of the physical, non-CTE ``tables`` whose id is not in ``exclude``."""
    exclude = exclude or set()
    found: set[str] = set()
    for table in tables:
        if id(table) in exclude or not is_physical_table(table):
            continue
        if is_cte_reference(table, dialect):
            continue
        found.add(table_name(table, dialect, default_schema))
    return found

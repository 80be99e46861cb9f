"""Identifier normalisation.

Policy (documented in docs/lineage.md): every identifier is lowercased, except a *quoted*
identifier with mixed case in a dialect where quoted identifiers are case-sensitive
(postgres, snowflake and their close relatives). Snowflake quoted identifiers written fully in
upper case are the same as unquoted ones, so they are lowercased too.
"""

from __future__ import annotations

from sqlglot import exp

# Dialects where "Quoted" identifiers keep their case.
CASE_SENSITIVE_QUOTED = frozenset({"postgres", "snowflake", "oracle", "materialize", "risingwave"})

# Dialects where a select-list alias can be referenced by later select-list items.
LATERAL_ALIAS_DIALECTS = frozenset(
    {"snowflake", "redshift", "spark", "spark2", "databricks", "duckdb", "clickhouse", "teradata", "athena"}
)


def normalize(name: str, quoted: bool, dialect: str) -> str:
    if quoted and dialect in CASE_SENSITIVE_QUOTED and name != name.lower():
        if dialect in ("snowflake", "oracle") and name == name.upper():
            return name.lower()
        return name
    return name.lower()


def ident(node: exp.Expression | None, dialect: str) -> str:
    """Normalised text of an identifier-like node ('' for None)."""
    if node is None:
        return ""
    if isinstance(node, exp.Identifier):
        return normalize(node.this, bool(node.args.get("quoted")), dialect)
    if isinstance(node, exp.Star):
        return "*"
    return normalize(node.name, False, dialect)


def table_name(table: exp.Table, dialect: str, default_schema: str | None) -> str:
    """Qualified name of a physical table: catalog.db.name / db.name / name.

    Unqualified tables get ``default_schema`` when one is given; nothing else is invented.
    """
    parts = [ident(p, dialect) for p in table.parts]
    parts = [p for p in parts if p]
    this = table.this
    if isinstance(this, exp.Identifier) and (this.args.get("temporary") or this.args.get("global_")):
        parts[-1] = ("##" if this.args.get("global_") else "#") + parts[-1]  # tsql temp tables
        return ".".join(parts)
    if len(parts) == 1 and default_schema:
        parts.insert(0, default_schema.lower())
    return ".".join(parts)


def is_physical_table(table: exp.Table) -> bool:
    """True for a plain named table (not a table function, stage, or DUAL)."""
    this = table.this
    if not isinstance(this, exp.Identifier):
        return False
    if not table.args.get("db") and not this.args.get("quoted") and this.this.lower() == "dual":
        return False
    return True

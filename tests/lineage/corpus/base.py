"""Helper to build corpus cases."""


def case(dialect, sql, target, sources, columns, *, id, default_schema=None, schema=None, error=False):
    """One labelled statement; ``error=True`` marks SQL that must come back failed, with no lineage."""
    if error:
        assert (target, list(sources), columns) == (None, [], None), "a failed statement has no lineage"
    return {
        "id": id,
        "dialect": dialect,
        "sql": sql,
        "target": target,
        "sources": sorted(sources),
        "columns": columns,
        "default_schema": default_schema,
        "schema": schema,
        "error": error,
    }

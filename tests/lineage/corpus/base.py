"""Helper to build corpus cases."""


def case(dialect, sql, target, sources, columns, *, id, default_schema=None, schema=None):
    return {
        "id": id,
        "dialect": dialect,
        "sql": sql,
        "target": target,
        "sources": sorted(sources),
        "columns": columns,
        "default_schema": default_schema,
        "schema": schema,
    }


def actual_of(stmt) -> dict:
    """The comparable shape of one StatementLineage."""
    columns = None
    if stmt.columns is not None:
        columns = {c.target: sorted(c.sources) for c in stmt.columns}
    return {"target": stmt.target, "sources": sorted(stmt.sources), "columns": columns}


def expected_of(c: dict) -> dict:
    columns = None if c["columns"] is None else {k: sorted(v) for k, v in c["columns"].items()}
    return {"target": c["target"], "sources": sorted(c["sources"]), "columns": columns}


def edges(shape: dict) -> set:
    found = set()
    for col, sources in (shape["columns"] or {}).items():
        for src in sources:
            found.add((col, src))
    return found


def table_edges(shape: dict) -> set:
    found = {("source", s) for s in shape["sources"]}
    if shape["target"]:
        found.add(("target", shape["target"]))
    return found


def f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0 and fp == 0 and fn == 0:
        return 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(pairs) -> dict:
    """Micro F1 over column edges and table edges, plus the share of statements with all tables right."""
    ctp = cfp = cfn = ttp = tfp = tfn = 0
    all_right = 0
    n = 0
    for expected, actual in pairs:
        n += 1
        e, a = edges(expected), edges(actual)
        ctp += len(e & a)
        cfp += len(a - e)
        cfn += len(e - a)
        te, ta = table_edges(expected), table_edges(actual)
        ttp += len(te & ta)
        tfp += len(ta - te)
        tfn += len(te - ta)
        all_right += te == ta
    return {
        "statements": n,
        "column_f1": f1(ctp, cfp, cfn),
        "table_f1": f1(ttp, tfp, tfn),
        "all_tables_right": all_right / n if n else 1.0,
    }

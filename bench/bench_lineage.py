"""Benchmark: column-level lineage extraction, ours vs sqllineage 1.5.9, in the same run.

    .venv/bin/pip install -r requirements-bench.txt
    .venv/bin/python bench/bench_lineage.py [--statements 300] [--skip-sqllineage]

Generates deterministic mid-size statements (a CTE, 2-4 joins, 10-20 output columns, CASE,
window and aggregate expressions, INSERT/CTAS/VIEW/SELECT) and measures statements per second of
column-level extraction without a schema resolver, in one process.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from lineage.extraction import extract_lineage  # noqa: E402

TABLES = [
    "sales.orders",
    "sales.order_items",
    "crm.customers",
    "crm.regions",
    "fin.payments",
    "ops.shipments",
]
COLUMNS = [
    "id",
    "customer_id",
    "amount",
    "status",
    "created_at",
    "region_id",
    "price",
    "qty",
    "name",
    "email",
]
DIALECTS = ["postgres", "snowflake", "bigquery", "spark", "mysql", "tsql", "redshift", "duckdb", "hive"]


def _expr(rng: random.Random, alias: str) -> str:
    c1, c2 = rng.sample(COLUMNS, 2)
    choice = rng.randrange(6)
    if choice == 0:
        return f"{alias}.{c1}"
    if choice == 1:
        return f"{alias}.{c1} + {alias}.{c2}"
    if choice == 2:
        return f"CASE WHEN {alias}.{c1} > 10 THEN {alias}.{c2} ELSE 0 END"
    if choice == 3:
        return f"COALESCE({alias}.{c1}, {alias}.{c2})"
    if choice == 4:
        return f"ROW_NUMBER() OVER (PARTITION BY {alias}.{c1} ORDER BY {alias}.{c2})"
    return f"UPPER({alias}.{c1})"


def make_statement(n: int) -> tuple[str, str]:
    rng = random.Random(n)
    dialect = DIALECTS[n % len(DIALECTS)]
    joins = rng.randint(2, 4)
    tables = rng.sample(TABLES, joins + 1)
    aliases = [f"t{i}" for i in range(joins + 1)]
    cte_cols = rng.sample(COLUMNS, 5)
    cte = f"WITH base AS (SELECT {', '.join(cte_cols)} FROM {tables[0]} WHERE status = 'open')"
    width = rng.randint(10, 20)
    projections = []
    for i in range(width):
        k = rng.randrange(joins + 1)
        if k == 0:
            projections.append(f"{aliases[0]}.{rng.choice(cte_cols)} AS c{i}")
        else:
            projections.append(f"{_expr(rng, aliases[k])} AS c{i}")
    from_ = f"FROM base {aliases[0]}"
    for k in range(1, joins + 1):
        from_ += (
            f" LEFT JOIN {tables[k]} {aliases[k]} ON {aliases[k]}.id = {aliases[k - 1]}.{rng.choice(COLUMNS)}"
        )
    select = f"SELECT {', '.join(projections)} {from_} WHERE {aliases[1]}.amount > 0"
    kind = n % 4
    if kind == 0:
        sql = f"INSERT INTO mart.out_{n} {cte} {select}"
    elif kind == 1:
        sql = f"CREATE TABLE mart.ctas_{n} AS {cte} {select}"
    elif kind == 2:
        sql = f"CREATE VIEW mart.v_{n} AS {cte} {select}"
    else:
        sql = f"{cte} {select}"
    return dialect, sql


def bench_ours(statements) -> tuple[float, int]:
    start = time.perf_counter()
    failed = 0
    for dialect, sql in statements:
        for result in extract_lineage(sql, dialect):
            failed += result.status == "failed"
            for col in result.columns or []:
                col.expression  # noqa: B018 - the text is part of the result
    return time.perf_counter() - start, failed


SQLLINEAGE_DIALECTS = {"postgres": "postgres", "snowflake": "snowflake", "bigquery": "bigquery",
                       "spark": "sparksql", "mysql": "mysql", "tsql": "tsql", "redshift": "redshift",
                       "duckdb": "duckdb", "hive": "hive"}  # fmt: skip


def bench_sqllineage(statements) -> tuple[float, int, str]:
    try:
        from sqllineage.runner import LineageRunner
    except ImportError:
        return 0.0, 0, "not installed (pip install -r requirements-bench.txt)"
    logging.getLogger("sqllineage").setLevel(logging.CRITICAL)
    failed = 0
    start = time.perf_counter()
    for dialect, sql in statements:
        try:
            LineageRunner(sql, dialect=SQLLINEAGE_DIALECTS[dialect]).get_column_lineage()
        except Exception:
            failed += 1
    return time.perf_counter() - start, failed, ""


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--skip-sqllineage", action="store_true")
    args = parser.parse_args()
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    import sqlglot
    from sqlglot.tokens import SQLGLOTC_INSTALLED

    statements = [make_statement(n) for n in range(args.statements)]
    for dialect in DIALECTS:  # warm up imports and per-dialect tokenizer/parser class set-up
        extract_lineage("SELECT a FROM b", dialect)
    ours, ours_failed = bench_ours(statements)
    rows = [("ours (sqlglot scope walk)", args.statements / ours, ours_failed, "")]
    if not args.skip_sqllineage:
        theirs, theirs_failed, note = bench_sqllineage(statements)
        if theirs:
            rows.append(("sqllineage 1.5.9", args.statements / theirs, theirs_failed, note))
        else:
            rows.append(("sqllineage 1.5.9", 0.0, 0, note))
    print(f"machine: {machine()}; sqlglot {sqlglot.__version__}, C tokenizer: {SQLGLOTC_INSTALLED}")
    print(
        f"{args.statements} generated statements, {len(set(d for d, _ in statements))} dialects, no resolver"
    )
    print(f"{'tool':<28}{'statements/s':>14}{'failed':>8}  note")
    for name, rate, failed, note in rows:
        print(f"{name:<28}{rate:>14.1f}{failed:>8}  {note}")
    print("target: >= 400 statements/s (ours)")


if __name__ == "__main__":
    main()

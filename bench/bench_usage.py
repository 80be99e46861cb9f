"""Benchmark: ingesting a query log into a PostgreSQL catalog, against plain sqlglot in the same run.

    .venv/bin/python -m bench usage              # 100,000 executions over 2,000 shapes, 1,000 tables
    BENCH_FULL=1 .venv/bin/python -m bench usage # 1,000,000 executions over 20,000 shapes, 10,000 tables
    .venv/bin/python -m bench usage --executions 300000 --shapes 5000 --tables 10000

Creates a fresh PostgreSQL catalog database and migrates it, then in a child process (so that its
peak RSS is the ingestion's own): writes the catalog rows of a source shaped like
bench/large_source.py (tables of 20 columns in schemas of 200; rows written directly, no crawl:
this measures ingestion, not crawling), generates a log (Zipf-like popularity over the shapes,
literals varying per execution, 12 users, joins, filters, CTEs, INSERT … SELECT), and measures:

* parsing: usage's per-shape analysis (fingerprint, parse, name resolution, joins, filters) on each
  distinct shape, against plain ``sqlglot.parse_one`` on the same texts: the ratio is the target;
* end to end: ``ingest_log`` on the file (read, fingerprint every line, analyse each shape once,
  count per shape, user and day, write in batches): executions per second and peak memory.

Prints a table, writes bench/results/usage-<time>.json and drops the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import large_source  # noqa: E402
from bench.bench_crawl import ADMIN, _db_url, _django_env, machine, maxrss_bytes, verdict  # noqa: E402
from bench.catalog_rows import TABLES_PER_SCHEMA, catalog_rows  # noqa: E402

USERS = [f"analyst{n:02d}" for n in range(12)]
TARGETS = {"executions_per_s": 20_000, "parse_ratio": 1.5, "memory_gib": 1.0}


# --- the log ---------------------------------------------------------------------------------------


def _table(rng: random.Random, tables: int) -> tuple[str, str]:
    index = rng.randrange(tables)
    return large_source.schema_name(index // TABLES_PER_SCHEMA), large_source.table_name(index)


def shape_templates(shapes: int, tables: int, seed: int = 7) -> list[str]:
    """Distinct statement shapes with `{}` where each execution puts its own literals."""
    rng = random.Random(seed)
    columns = large_source.column_names()[2:]
    out = []
    for n in range(shapes):
        (s1, t1), (s2, t2) = _table(rng, tables), _table(rng, tables)
        c1, c2, c3 = rng.sample(columns, 3)
        kind = n % 10
        if kind < 4:
            sql = (
                f"SELECT a.id, a.{c1}, b.{c2} FROM {s1}.{t1} a JOIN {s2}.{t2} b ON a.parent_id = b.id"
                f" WHERE a.{c3} = {{}} AND b.id > {{}}"
            )
        elif kind < 6:
            sql = (
                f"SELECT {c1}, count(*) FROM {s1}.{t1} WHERE id IN ({{}}, {{}}) AND {c2} IS NOT NULL"
                f" GROUP BY {c1} ORDER BY 2 DESC LIMIT 50"
            )
        elif kind < 8:
            sql = (
                f"WITH recent AS (SELECT id, parent_id, {c1} FROM {s1}.{t1} WHERE id >= {{}})"
                f" SELECT r.{c1}, p.{c2} FROM recent r LEFT JOIN {s2}.{t2} p ON p.id = r.parent_id"
                f" WHERE p.{c3} <> {{}}"
            )
        elif kind == 8:
            sql = (
                f"INSERT INTO {s2}.{t2} (id, parent_id) SELECT id + {{}}, parent_id FROM {s1}.{t1}"
                f" WHERE id < {{}}"
            )
        else:
            sql = f"SELECT * FROM {s1}.{t1} WHERE id BETWEEN {{}} AND {{}}"
        out.append(sql)
    return out


def write_log(path: Path, templates: list[str], executions: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    # Zipf-like popularity: a few shapes run very often, most rarely, every one at least once.
    weights = [1.0 / (rank + 1) for rank in range(len(templates))]
    order = list(range(len(templates))) + rng.choices(
        range(len(templates)), weights=weights, k=max(0, executions - len(templates))
    )
    rng.shuffle(order)
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with path.open("w") as fh:
        for n, index in enumerate(order):
            literals = (rng.randrange(1, 10_000), rng.randrange(1, 10_000))
            line = {
                "sql": templates[index].format(*literals),
                "user": USERS[(index + n % 3) % len(USERS)],
                "start_time": (start + dt.timedelta(seconds=n * 2)).isoformat(),
                "duration_ms": rng.randrange(1, 5000),
            }
            fh.write(json.dumps(line) + "\n")


# --- the child: catalog rows, parsing, ingestion ---------------------------------------------------


def _parse_ratio(source, templates: list[str]) -> dict:
    import sqlglot

    from usage.analysis import QueryRecord, ShapeAnalyzer
    from usage.services.ingest import catalog_of

    texts = [template.format(17, 42) for template in templates]
    catalog = catalog_of(source)[0]
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    records = [QueryRecord(n, sql, "u", when) for n, sql in enumerate(texts)]
    rounds = {"parse_one": float("inf"), "usage": float("inf")}
    for _ in range(3):  # interleaved, best of three: neither side gets the warm caches alone
        for name, work in (
            ("parse_one", lambda: [sqlglot.parse_one(sql, read="postgres") for sql in texts]),
            ("usage", lambda: [ShapeAnalyzer(catalog).facts(record) for record in records]),
        ):
            start = time.perf_counter()
            work()
            rounds[name] = min(rounds[name], time.perf_counter() - start)
    return {
        "shapes": len(texts),
        "parse_one_per_s": len(texts) / rounds["parse_one"],
        "usage_per_s": len(texts) / rounds["usage"],
        "ratio": rounds["usage"] / rounds["parse_one"],
    }


def child(args) -> None:
    import django

    django.setup()
    from catalog.permissions import SYSTEM
    from usage.models import QueryShape
    from usage.services.ingest import ingest_log

    start = time.perf_counter()
    source = catalog_rows(args.tables, name="Usage bench")
    catalog_seconds = time.perf_counter() - start
    templates = shape_templates(args.shapes, args.tables)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        start = time.perf_counter()
        write_log(path, templates, args.executions)
        log_seconds = time.perf_counter() - start
        parse = _parse_ratio(source, templates)
        start = time.perf_counter()
        with path.open("rb") as stream:
            run = ingest_log(source=source, stream=stream, fmt="jsonl", user=SYSTEM, name="bench.jsonl")
        seconds = time.perf_counter() - start
        size = path.stat().st_size
    print(
        json.dumps(
            {
                "catalog_rows_seconds": catalog_seconds,
                "log_write_seconds": log_seconds,
                "log_bytes": size,
                "parse": parse,
                "ingest_seconds": seconds,
                "executions": run.executions,
                "distinct_shapes": QueryShape.objects.filter(source=source).count(),
                "unparseable": run.unparseable,
                "executions_per_s": run.executions / seconds,
                "maxrss_bytes": maxrss_bytes(),
            }
        )
    )


# --- the parent -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict | None:
    full = bool(os.environ.get("BENCH_FULL"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=1_000_000 if full else 100_000)
    parser.add_argument("--shapes", type=int, default=20_000 if full else 2_000)
    parser.add_argument("--tables", type=int, default=10_000 if full else 1_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return None
    import psycopg

    name = f"bench_usage_{os.getpid()}"
    catalog_url = _db_url(name)
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        env = _django_env(catalog_url)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        options = [
            "--executions",
            str(args.executions),
            "--shapes",
            str(args.shapes),
            "--tables",
            str(args.tables),
        ]
        proc = subprocess.run(
            [sys.executable, "-m", "bench.bench_usage", "--child", *options],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"usage bench child failed:\n{proc.stderr[-4000:]}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    result.update({"args": vars(args), "machine": machine(), "at": dt.datetime.now(dt.UTC).isoformat()})
    _report(result)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"usage-{dt.datetime.now():%Y%m%d-%H%M%S}.json").write_text(json.dumps(result, indent=2))
    return result


def _report(r: dict) -> None:
    parse, gib = r["parse"], r["maxrss_bytes"] / 1024**3
    rate = r["executions_per_s"]
    a = r["args"]
    print(f"{a['executions']:,} executions over {a['shapes']:,} shapes, {a['tables']:,} catalog tables")
    print(f"{'measure':<44}{'figure':>16}  target")
    rows = [
        (
            "end to end, executions/s",
            f"{r['executions_per_s']:,.0f}",
            f">= {TARGETS['executions_per_s']:,}: {verdict(rate >= TARGETS['executions_per_s'])}",
        ),
        ("  ingest seconds", f"{r['ingest_seconds']:.1f}", ""),
        ("plain sqlglot.parse_one, shapes/s", f"{parse['parse_one_per_s']:,.0f}", ""),
        ("usage analysis, shapes/s", f"{parse['usage_per_s']:,.0f}", ""),
        (
            "  analysis time / parse_one time",
            f"{parse['ratio']:.2f}x",
            f"<= {TARGETS['parse_ratio']}x: {verdict(parse['ratio'] <= TARGETS['parse_ratio'])}",
        ),
        (
            "peak memory (child), GiB",
            f"{gib:.2f}",
            f"< {TARGETS['memory_gib']}: {verdict(gib < TARGETS['memory_gib'])}",
        ),
    ]
    for label, figure, target in rows:
        print(f"{label:<44}{figure:>16}  {target}")


if __name__ == "__main__":
    main()

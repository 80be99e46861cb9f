"""Benchmark: search indexing throughput (documents/s) on both catalog databases.

    .venv/bin/python -m bench indexing                   # 10,000 tables / about 210,000 documents
    .venv/bin/python -m bench.bench_indexing --tables 2000 --backend sqlite --profile /tmp/idx.prof

For each catalog database (a fresh PostgreSQL database on BENCH_PG_ADMIN, default
postgresql://postgres@127.0.0.1:5432/postgres, and the embedded SQLite in a temporary folder), in a
child process of its own: migrate, write the large catalog of bench/bench_search.py (generated
tables, about 20 columns each, descriptions on some) with bulk_create, then time

* a full build: index_source of the whole source into an empty index (what a first crawl waits for);
* an unchanged re-index: index_source again, which must write nothing (what a recrawl that changed
  nothing costs).

The feature apps' enrichers (governance tags and flags, glossary terms, usage popularity) run as in
production. Target (issue 14): 25,000 documents/s on both. Prints a table, writes
bench/results/indexing-<time>.json and drops the databases it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child_env import django_env  # noqa: E402

ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_DOCS_PER_S = 25_000
BACKENDS = ("postgresql", "sqlite")


def _child(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.bench_search import load_large_catalog
    from catalog.models import SearchDocument
    from catalog.search import index_source

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    source, _ = load_large_catalog(args.tables)
    load_s = time.perf_counter() - started
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    written = index_source(source)
    index_s = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(f"{args.profile}.{connection.vendor}")
    started = time.perf_counter()
    rewritten = index_source(source)
    reindex_s = time.perf_counter() - started
    documents = SearchDocument.objects.count()
    return {
        "vendor": connection.vendor,
        "tables": args.tables,
        "documents": documents,
        "load_s": round(load_s, 2),
        "index_s": round(index_s, 2),
        "index_docs_per_s": round(written / index_s),
        "index_rows_written": written,
        "reindex_unchanged_s": round(reindex_s, 2),
        "reindex_docs_per_s": round(documents / reindex_s),
        "reindex_rows_written": rewritten,
    }


def _run_child(args, env) -> dict:
    command = [sys.executable, "-m", "bench.bench_indexing", "--tables", str(args.tables), "--child", "1"]
    if args.profile:
        command += ["--profile", args.profile]
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"indexing benchmark failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return json.loads(line[len("RESULT ") :])


def _on_postgresql(args) -> dict:
    import psycopg

    name = f"catalog_bench_indexing_{os.getpid()}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        result = _run_child(args, django_env(DATABASE_URL=ADMIN.rsplit("/", 1)[0] + f"/{name}"))
        with psycopg.connect(ADMIN) as conn:
            result["server"] = "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]
        return result
    finally:
        if not args.keep:
            with psycopg.connect(ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_sqlite(args) -> dict:
    import sqlite3

    with tempfile.TemporaryDirectory(prefix="bench-indexing-") as folder:
        env = django_env(CATALOG_VAR_DIR=folder)
        env.pop("DATABASE_URL", None)  # the embedded default: a SQLite catalog under CATALOG_VAR_DIR
        result = _run_child(args, env)
    result["server"] = f"SQLite {sqlite3.sqlite_version}"
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench indexing", description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--profile", help="write a cProfile of each full build to PROFILE.<vendor>")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL catalog database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        print("RESULT " + json.dumps(_child(args)))
        return

    runs = {"postgresql": _on_postgresql, "sqlite": _on_sqlite}
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    results = [runs[backend](args) for backend in backends]
    machine = (
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(f"Indexing benchmark: {args.tables:,} tables ({machine})")
    for r in results:
        print(
            f"  {r['server']:<18} {r['documents']:>8,} documents: full build {r['index_s']} s "
            f"({r['index_docs_per_s']:,}/s, target {TARGET_DOCS_PER_S:,}/s); unchanged re-index "
            f"{r['reindex_unchanged_s']} s ({r['reindex_docs_per_s']:,}/s, "
            f"{r['reindex_rows_written']} written)"
        )
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    path = results_dir / f"indexing-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({"machine": machine, "tables": args.tables, "runs": results}, indent=2))
    print(f"  written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

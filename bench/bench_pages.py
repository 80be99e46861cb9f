"""Benchmark: every main page and API list, timed with a logged-in user, on a large catalog.

    .venv/bin/python -m bench pages                            # 10,000 tables, PostgreSQL and SQLite
    .venv/bin/python -m bench pages --tables 2000 --db sqlite

For each catalog database asked for (a fresh PostgreSQL database on BENCH_PG_ADMIN, or the
embedded SQLite default in a scratch directory), a child process migrates it, writes the catalog
rows of a source (bench/catalog_rows.py: schemas of 200 tables of 20 columns) plus one schema of
500 tables, indexes it for search as a crawl would, and then asks every route below `--repeat`
times through Django's test client, logged in as a Viewer (session, middleware, templates and
serialisers included; no network). Each route is asked for different objects in turn where it
has any (tables, columns, pages of a list). Prints p50/p95 per route and its SQL query count,
against the target (p95 < 50 ms at 10,000 tables), writes bench/results/pages-<time>.json and
drops what it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child_env import django_env  # noqa: E402

ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_MS = 50
WIDE_SCHEMA_TABLES = 500
SEARCH_WORDS = ["orders", "customers payments", "t00042", "daily revenue", "hospital", "schools"]


def _build(tables: int):
    """The catalog rows, a schema of 500 tables, the search index and a Viewer."""
    from bench.catalog_rows import catalog_rows
    from catalog.models import Column, Schema, Table
    from catalog.roles import VIEWER
    from catalog.search import index_source
    from tests.factories import UserFactory

    source = catalog_rows(max(tables - WIDE_SCHEMA_TABLES, 0), name="Pages bench")
    wide = Schema.objects.create(source=source, name="wide_schema")
    made = Table.objects.bulk_create(
        [
            Table(source=source, schema=wide, name=f"wide_{i:04d}", description=f"Wide table {i}.")
            for i in range(WIDE_SCHEMA_TABLES)
        ]
    )
    Column.objects.bulk_create(
        (Column(table=t, name=f"col_{p}", position=p, data_type="text") for t in made for p in range(1, 21)),
        batch_size=5000,
    )
    index_source(source)
    return source, wide, UserFactory(username="pages.viewer", role=VIEWER)


def _routes(source, wide, rng: random.Random) -> dict[str, list[str]]:
    """Route name -> the URLs to ask for it (cycled through)."""
    from catalog.extensions import TABLE, tabs_for
    from catalog.models import Column, Schema, Table

    table_ids = list(Table.objects.filter(source=source).values_list("id", flat=True))
    column_ids = list(Column.objects.filter(table__source=source).values_list("id", flat=True)[:50_000])
    schema_ids = list(Schema.objects.filter(source=source).exclude(pk=wide.pk).values_list("id", flat=True))
    tables = [rng.choice(table_ids) for _ in range(20)]
    columns = [rng.choice(column_ids) for _ in range(20)]
    list_pages = max(1, len(table_ids) // 50)
    routes = {
        "home": ["/"],
        "table list (browse)": [f"/browse/?page={rng.randint(1, list_pages)}" for _ in range(10)],
        "source list": ["/sources/"],
        "source page": [f"/sources/{source.slug}/"],
        f"schema page ({WIDE_SCHEMA_TABLES} tables)": [f"/schemas/{wide.pk}/"],
        "schema page (200 tables)": [f"/schemas/{rng.choice(schema_ids)}/" for _ in range(5)],
        "search page": [f"/search/?q={word}" for word in SEARCH_WORDS],
        "column page": [f"/columns/{pk}/" for pk in columns],
    }
    for tab in tabs_for(TABLE):
        routes[f"table page: {tab.key}"] = [f"/tables/{pk}/{tab.key}/" for pk in tables]
    routes["table page"] = [f"/tables/{pk}/" for pk in tables]
    api_pages = max(1, len(table_ids) // 50)
    routes.update(
        {
            "api sources": ["/api/sources/"],
            "api schemas": ["/api/schemas/"],
            "api tables": [f"/api/tables/?page={rng.randint(1, api_pages)}" for _ in range(10)],
            "api tables, first page": ["/api/tables/"],
            "api table": [f"/api/tables/{pk}/" for pk in tables],
            "api columns": [f"/api/columns/?page={rng.randint(1, 100)}" for _ in range(10)],
            "api crawl runs": ["/api/crawl-runs/"],
            "api search": [f"/api/search?q={word}" for word in SEARCH_WORDS],
            "api autocomplete": [f"/api/search/autocomplete?q={word[:4]}" for word in SEARCH_WORDS],
        }
    )
    return routes


def _percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _child(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    source, wide, user = _build(args.tables)
    build_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client()
    client.force_login(user)
    routes = _routes(source, wide, random.Random(3))
    measured = {}
    for name, urls in routes.items():
        for url in urls[:2]:  # warm: templates, content types, connections
            client.get(url)
        times, queries = [], []
        for i in range(args.repeat):
            url = urls[i % len(urls)]
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
            queries.append(len(ctx.captured_queries))
        measured[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 95), 1),
            "queries": max(queries),
            "example": urls[0],
        }
    from catalog.models import SearchDocument, Table

    return {
        "db": connection.vendor,
        "tables": Table.objects.count(),
        "documents": SearchDocument.objects.count(),
        "build_s": round(build_s, 1),
        "routes": measured,
    }


def _run_one(args, db: str) -> dict:
    command = [sys.executable, "-m", "bench.bench_pages", "--tables", str(args.tables)]
    command += ["--repeat", str(args.repeat), "--child", "1"]
    name = f"catalog_bench_pages_{os.getpid()}"
    scratch = tempfile.TemporaryDirectory(prefix="bench-pages-")
    if db == "postgresql":
        import psycopg

        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env = django_env(DATABASE_URL=ADMIN.rsplit("/", 1)[0] + f"/{name}")
    else:  # the embedded default: no DATABASE_URL, its SQLite file in a scratch directory
        env = django_env(CATALOG_VAR_DIR=scratch.name)
    try:
        out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"pages benchmark failed on {db}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
        return json.loads(line[len("RESULT ") :])
    finally:
        scratch.cleanup()
        if db == "postgresql":
            import psycopg

            with psycopg.connect(ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench pages", description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=20, help="requests per route")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        print("RESULT " + json.dumps(_child(args)))
        return
    dbs = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    results = {db: _run_one(args, db) for db in dbs}
    first = results[dbs[0]]
    print(
        f"Pages benchmark: {first['tables']:,} tables, {first['documents']:,} search documents, "
        f"{args.repeat} requests per route ({os.cpu_count()} CPUs, Python {platform.python_version()}); "
        f"target p95 < {TARGET_MS} ms"
    )
    header = f"  {'route':<34}" + "".join(f"{db + ' p50/p95 ms (queries)':>34}" for db in dbs)
    print(header)
    for route in first["routes"]:
        cells = []
        for db in dbs:
            r = results[db]["routes"][route]
            mark = "" if r["p95_ms"] < TARGET_MS else " !"
            cells.append(f"{r['p50_ms']:>8} / {r['p95_ms']:<8} ({r['queries']:>2}){mark}")
        print(f"  {route:<34}" + "".join(f"{cell:>34}" for cell in cells))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps({"tables_asked": args.tables, "results": results}, indent=2))
    print(f"  written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Benchmark: search latency on a large catalog, and relevance on the demo catalog.

    .venv/bin/python -m bench search                     # 10,000 tables / 200,000 columns, PostgreSQL
    .venv/bin/python -m bench search --db sqlite         # the same on the embedded SQLite default
    .venv/bin/python -m bench.bench_search --tables 1000 --keep

Creates a fresh catalog database on the local PostgreSQL (BENCH_PG_ADMIN, default
postgresql://postgres@127.0.0.1:5432/postgres), or with --db sqlite the embedded default's SQLite
file in a scratch directory, migrates it, writes catalog rows directly with
bulk_create (generated names from a vocabulary, about 20 columns per table, descriptions on a
third of them) plus the demo source's schemas, tables and columns, and builds the index with
the same service a crawl calls. Then, in one process, through the API with a logged-in user:

* latency of 200 realistic searches (single words, several words, qualified names, misspellings,
  with facets) and 200 autocompletes (prefixes as typed): p50 and p95;
* relevance: the judged set below (query -> the asset that should rank first), as mean
  reciprocal rank on the demo catalog; tests/catalog/search/test_relevance.py checks it in CI.

Prints a table, writes bench/results/search-<time>.json and drops the database it created.
The targets are issue 14's: search p95 < 30 ms, autocomplete p95 < 10 ms, MRR >= 0.95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.child_env import django_env  # noqa: E402

ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")

# (query, extra API parameters, the qualified name of the asset that should rank first).
JUDGED: list[tuple[str, dict, str]] = [
    ("summ_top_drg", {}, "ipps.summ_top_drg"),
    ("top drg", {}, "ipps.summ_top_drg"),
    ("summ", {}, "ipps.summ_top_drg"),
    ("ipps.summ_top_drg", {}, "ipps.summ_top_drg"),
    ("demo/ipps.summ_top_drg", {}, "ipps.summ_top_drg"),
    ("summ_top_dgr", {}, "ipps.summ_top_drg"),
    ("drg lookup", {}, "ipps.lu_drg"),
    ("lu_drg", {}, "ipps.lu_drg"),
    ("diagnostic category", {}, "ipps.lu_drg.mdc"),
    ("average total payments", {}, "ipps.summ_top_drg.average_total_payments"),
    ("medicare payments", {}, "ipps.summ_top_drg.average_medicare_payments"),
    ("provider payments", {}, "ipps.v_provider_payments"),
    ("state drg summary", {}, "ipps.v_state_drg_summary"),
    ("hospitals paid", {}, "ipps.provider"),
    ("referral region", {}, "ipps.summ_top_drg.hospital_referral_region_descr"),
    ("nppes", {}, "npi.nppes_provider_identifier"),
    ("provider identifier", {}, "npi.nppes_provider_identifier"),
    ("organizations", {}, "npi.v_organizations"),
    ("taxonomy", {}, "npi.nppes_provider_identifier.primary_taxonomy"),
    ("credential", {}, "npi.nppes_provider_identifier.credential"),
    ("school", {}, "ed_stats.school"),
    ("school scores", {}, "ed_stats.v_school_scores"),
    ("student assessment", {}, "ed_stats.stu"),
    ("math score", {}, "ed_stats.stu.math_score"),
    ("attendance rate", {}, "ed_stats.stu.attendance_rate"),
    ("lunch", {}, "ed_stats.stu.lunch_status"),
    ("enrollment", {}, "ed_stats.school.enrollment"),
    ("enrolment", {}, "ed_stats.school.enrollment"),
    ("customer", {}, "bank.customer"),
    ("custmer", {}, "bank.customer"),
    ("customer balances", {}, "bank.v_customer_balances"),
    ("ssn", {}, "bank.customer.ssn"),
    ("social security", {}, "bank.customer.ssn"),
    ("credit score", {}, "bank.customer.credit_score"),
    ("merchant", {}, "bank.transaction.merchant"),
    ("bank.account", {}, "bank.account"),
    ("balance", {"type": "column"}, "bank.account.balance"),
    ("payments", {"type": "view"}, "ipps.v_provider_payments"),
    ("name", {"schema": "ed_stats"}, "ed_stats.school.school_name"),
    ("state", {"type": "table", "source": "demo"}, "ipps.provider"),
]


def load_demo_catalog(source_name: str = "Demo"):
    """The demo source's schemas, tables, views and columns as catalog rows (no crawl), indexed."""
    from catalog.models import Column, DataSource, Schema, Table
    from catalog.search import index_source
    from demo.data import SCHEMAS, generate

    dataset = generate()
    source = DataSource.objects.create(name=source_name, engine="sqlite", url="sqlite:///demo")
    schemas = {
        name: Schema.objects.create(source=source, name=name, comment=comment)
        for name, comment in SCHEMAS.items()
    }
    tables = {}
    for table in dataset.tables:
        tables[table.qualified_name] = Table(
            source=source, schema=schemas[table.schema], name=table.name, comment=table.comment
        )
    for view in dataset.views:
        tables[view.qualified_name] = Table(
            source=source, schema=schemas[view.schema], name=view.name, comment=view.comment, kind="view"
        )
    Table.objects.bulk_create(tables.values())
    Column.objects.bulk_create(
        Column(
            table=tables[table.qualified_name], name=c.name, position=i, data_type=c.type, comment=c.comment
        )
        for table in dataset.tables
        for i, c in enumerate(table.columns, 1)
    )
    index_source(source)
    return source


def reciprocal_ranks(client, judged=JUDGED, path="/api/search") -> list[tuple[str, int | None]]:
    """(query, rank of the expected asset in the first 20 hits or None) for each judged query."""
    ranks = []
    for q, params, expected in judged:
        body = client.get(path, {"q": q, **params, "page_size": 20}).json()
        found = [
            hit["qualified_name"] if hit["type"] not in ("source",) else hit["name"]
            for hit in body["results"]
        ]
        ranks.append((q, found.index(expected) + 1 if expected in found else None))
    return ranks


def mean_reciprocal_rank(ranks) -> float:
    return sum(1 / rank for _, rank in ranks if rank) / len(ranks)


# --- the large catalog ---------------------------------------------------------------------------

DOMAINS = ["sales", "finance", "hr", "marketing", "ops", "claims", "risk", "supply", "crm", "billing"]
ENTITIES = [
    "customer", "order", "invoice", "payment", "shipment", "product", "employee", "account", "claim",
    "policy", "provider", "member", "vendor", "contract", "campaign", "lead", "ticket", "asset",
    "transaction", "balance", "budget", "forecast", "inventory", "warehouse", "store", "region",
]  # fmt: skip
SUFFIXES = [
    "",
    "daily",
    "monthly",
    "history",
    "snapshot",
    "summary",
    "staging",
    "fact",
    "dim",
    "agg",
    "raw",
    "v2",
]
COLUMN_WORDS = [
    "id", "name", "code", "status", "type", "amount", "total", "net", "gross", "tax", "discount", "price",
    "quantity", "created_at", "updated_at", "start_date", "end_date", "email", "phone", "address", "city",
    "state", "zip", "country", "currency", "rate", "score", "category", "segment", "channel", "source",
    "owner", "description", "notes", "flag", "count", "balance", "limit", "due_date", "paid_at",
]  # fmt: skip
DESCRIPTIONS = [
    "One row per {e} and day, loaded nightly from the {d} system.",
    "Cleaned {e} records used by the {d} dashboards.",
    "Aggregated {e} metrics for reporting; do not join on raw keys.",
    "Slowly changing dimension of {e} attributes.",
]


def _names(rng: random.Random, tables: int) -> list[tuple[str, str]]:
    seen, names = set(), []
    while len(names) < tables:
        domain, entity, suffix = rng.choice(DOMAINS), rng.choice(ENTITIES), rng.choice(SUFFIXES)
        name = "_".join(p for p in (entity, rng.choice(ENTITIES) if rng.random() < 0.3 else "", suffix) if p)
        if rng.random() < 0.15:  # some camelCase, as BI tools and ORMs name things
            name = entity + "".join(p.capitalize() for p in name.split("_")[1:])
        if (domain, name) in seen:
            name = f"{name}_{len(names)}"
        seen.add((domain, name))
        names.append((domain, name))
    return names


def load_large_catalog(tables: int, columns_per_table: int = 20, seed: int = 7):
    from catalog.models import Column, DataSource, Schema, Table

    rng = random.Random(seed)
    source = DataSource.objects.create(name="Warehouse", engine="postgresql", url="postgresql://bench@h/wh")
    schemas = {d: Schema.objects.create(source=source, name=d) for d in DOMAINS}
    rows = []
    for domain, name in _names(rng, tables):
        entity = name.split("_")[0]
        description = rng.choice(DESCRIPTIONS).format(e=entity, d=domain) if rng.random() < 0.4 else ""
        rows.append(Table(source=source, schema=schemas[domain], name=name, description=description))
    Table.objects.bulk_create(rows, batch_size=2000)
    batch = []
    for table in rows:
        entity = table.name.split("_")[0]
        words = rng.sample(COLUMN_WORDS, columns_per_table - 1)
        for i, word in enumerate([f"{entity}_id", *words], 1):
            comment = f"The {word.replace('_', ' ')} of the {entity}." if rng.random() < 0.33 else ""
            batch.append(Column(table=table, name=word, position=i, data_type="text", comment=comment))
        if len(batch) >= 20_000:
            Column.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Column.objects.bulk_create(batch, batch_size=5000)
    return source, [name for _, name in _names(random.Random(seed), tables)]


def workload(rng: random.Random, names: list[str], n: int = 200) -> list[dict]:
    """Realistic searches: words, several words, qualified names, misspellings, facets."""
    queries = []
    for i in range(n):
        kind = i % 8
        name = rng.choice(names)
        if kind == 0:
            queries.append({"q": rng.choice(ENTITIES)})
        elif kind == 1:
            queries.append({"q": f"{rng.choice(ENTITIES)} {rng.choice(SUFFIXES[1:])}"})
        elif kind == 2:
            queries.append({"q": name})
        elif kind == 3:
            queries.append({"q": f"{rng.choice(DOMAINS)}.{name}"})
        elif kind == 4:  # a typo: two letters swapped
            word = rng.choice(ENTITIES)
            j = rng.randrange(1, len(word) - 1)
            queries.append({"q": word[:j] + word[j + 1] + word[j] + word[j + 2 :]})
        elif kind == 5:
            queries.append({"q": rng.choice(ENTITIES), "type": "table", "schema": rng.choice(DOMAINS)})
        elif kind == 6:
            queries.append({"q": f"{rng.choice(COLUMN_WORDS).replace('_', ' ')} {rng.choice(ENTITIES)}"})
        else:
            queries.append({"q": "loaded nightly " + rng.choice(ENTITIES), "source": "warehouse"})
    return queries


def prefixes(rng: random.Random, names: list[str], n: int = 200) -> list[str]:
    out = []
    for _ in range(n):
        word = rng.choice([rng.choice(names), rng.choice(ENTITIES), rng.choice(COLUMN_WORDS)])
        out.append(word[: rng.randint(2, max(2, min(len(word), 9)))])
    return out


def _percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _timed(client, path, params_list):
    times = []
    for params in params_list:
        start = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:300]
    return times


def _child(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.test import APIClient

    from catalog.models import SearchDocument
    from catalog.roles import VIEWER
    from catalog.search import index_source
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    user = UserFactory(username="bench.viewer", role=VIEWER)
    client = APIClient()
    client.force_login(user)
    load_demo_catalog()
    demo_ranks = reciprocal_ranks(client)  # the judged set on the demo catalog alone
    started = time.perf_counter()
    source, names = load_large_catalog(args.tables)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    index_source(source)
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    written = index_source(source)
    reindex_s = time.perf_counter() - started
    print(
        f"loaded {load_s:.1f} s, indexed {index_s:.1f} s, unchanged re-index {reindex_s:.1f} s",
        file=sys.stderr,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE catalog_searchdocument" if connection.vendor == "postgresql" else "ANALYZE"
        )
    rng = random.Random(11)
    searches, typed = workload(rng, names), prefixes(rng, names)
    _timed(client, "/api/search", searches[:20])  # warm caches and connections
    search_ms = _timed(client, "/api/search", searches)
    auto_ms = _timed(client, "/api/search/autocomplete", [{"q": q} for q in typed])
    mixed_ranks = reciprocal_ranks(client)  # the same queries with 10,000 more tables around
    slowest = sorted(zip(search_ms, searches, strict=True), key=lambda item: -item[0])[:5]
    return {
        "tables": args.tables,
        "documents": SearchDocument.objects.count(),
        "load_s": round(load_s, 1),
        "index_s": round(index_s, 1),
        "reindex_unchanged_s": round(reindex_s, 1),
        "reindex_rows_written": written,
        "search_p50_ms": round(statistics.median(search_ms), 1),
        "search_p95_ms": round(_percentile(search_ms, 95), 1),
        "autocomplete_p50_ms": round(statistics.median(auto_ms), 1),
        "autocomplete_p95_ms": round(_percentile(auto_ms, 95), 1),
        "slowest_searches": [[round(ms, 1), params] for ms, params in slowest],
        "mrr": round(mean_reciprocal_rank(demo_ranks), 3),
        "judged": len(demo_ranks),
        "misses": [[q, rank] for q, rank in demo_ranks if rank != 1],
        "mrr_mixed": round(mean_reciprocal_rank(mixed_ranks), 3),
        "misses_mixed": [[q, rank] for q, rank in mixed_ranks if rank != 1],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench search", description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the catalog database")
    parser.add_argument(
        "--db",
        choices=["postgresql", "sqlite"],
        default="postgresql",
        help="the catalog database: PostgreSQL, or the embedded SQLite default (in a scratch directory)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.child:
        print("RESULT " + json.dumps(_child(args)))
        return

    import tempfile

    import psycopg

    name = f"catalog_bench_search_{os.getpid()}"
    scratch = tempfile.mkdtemp(prefix="bench-search-")
    if args.db == "postgresql":
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database = {"DATABASE_URL": ADMIN.rsplit("/", 1)[0] + f"/{name}"}
    else:  # the embedded default: no DATABASE_URL, its SQLite file in the scratch directory
        database = {"CATALOG_VAR_DIR": scratch}
    env = django_env(**database)
    try:
        command = [sys.executable, "-m", "bench.bench_search", "--tables", str(args.tables), "--child", "1"]
        out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"search benchmark failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
        result = json.loads(line[len("RESULT ") :])
    finally:
        if args.keep:
            print(f"kept: {database}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            if args.db == "postgresql":
                with psycopg.connect(ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    result["machine"] = (
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    with psycopg.connect(ADMIN) as conn:
        result["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    result["db"] = args.db
    print(
        f"Search benchmark on {args.db}: {result['tables']:,} tables, {result['documents']:,} documents "
        f"({result['machine']})"
    )
    print(f"  index build {result['index_s']} s; unchanged re-index {result['reindex_unchanged_s']} s")
    print(
        f"  search       p50 {result['search_p50_ms']} ms   p95 {result['search_p95_ms']} ms"
        "   (target p95 < 30)"
    )
    print(
        f"  autocomplete p50 {result['autocomplete_p50_ms']} ms   p95 {result['autocomplete_p95_ms']} ms"
        "   (target p95 < 10)"
    )
    print(f"  relevance    MRR {result['mrr']} over {result['judged']} judged queries (target >= 0.95)")
    for q, rank in result["misses"]:
        print(f"    not first: {q!r} -> {rank}")
    print(f"  relevance    MRR {result['mrr_mixed']} with the large catalog loaded beside the demo")
    for q, rank in result["misses_mixed"]:
        print(f"    not first: {q!r} -> {rank}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"search-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(result, indent=2))
    print(f"  written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

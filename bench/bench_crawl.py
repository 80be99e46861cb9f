"""Benchmark: crawling a large PostgreSQL source into a PostgreSQL catalog, against the physical path.

    .venv/bin/python -m bench crawl                 # 10,000 tables / 204,000 columns (about 3-4 minutes)
    .venv/bin/python -m bench crawl --quick         # 1,000 tables
    .venv/bin/python -m bench.bench_crawl --tables 2000 --keep
    .venv/bin/python -m bench crawl --tables 100000 # optional: linear to 100,000 tables (over an hour)

Creates a source database (bench/large_source.py) and a fresh catalog database on the local
PostgreSQL (BENCH_PG_ADMIN, default postgresql://postgres@127.0.0.1:5432/postgres), migrates the
catalog, then measures in one run:

* the lean physical path (issue 14's reference): ONE pg_catalog query for tables, columns, keys,
  comments and view SQL without per-table size functions or pg_stats, sampling every relation
  (LIMIT 100, 4 threads), and one COPY of the table and column rows into scratch copies of
  catalog_table/catalog_column;
* the connector's own fetch (fetch_catalog: structure, then sizes and pg_stats; the crawl reads
  the latter beside sampling), and per-table SQLAlchemy inspector reflection on a subset,
  extrapolated linearly;
* the crawl (crawl_request + crawl_source) end to end, each in a fresh child process so that its
  peak RSS (ru_maxrss) is the crawl's own: first crawl, re-crawl with nothing changed, and a first
  crawl of a separate 1,000-table source. Each is timed to the end of the crawl and to
  "searchable" (the search indexing that follows the crawl, inline here as on the embedded
  default, has written its last document); the catalog rows each crawl wrote are read from
  PostgreSQL's own counters (pg_stat_user_tables n_tup_ins/upd/del, before and after).

Prints a table, writes bench/results/crawl-<time>.json and drops the databases it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from catalog.permissions import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import large_source  # noqa: E402

ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
SAMPLE_ROWS = 100
SAMPLE_THREADS = 4
GIB = 1024**3


def _db_url(name: str) -> str:
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def _django_env(catalog_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = catalog_url
    env.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
    env.setdefault("CATALOG_CREDENTIALS_KEY", "YPPTcBlmWdc5NIDS5KiigGV-fWUAfcf-dghhD-b6Fi4=")
    env.pop("CELERY_BROKER_URL", None)  # crawls run in this process
    env["CRAWL_SAMPLE_THREADS"] = str(SAMPLE_THREADS)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def _setup_django(catalog_url: str) -> None:
    os.environ.update(_django_env(catalog_url))
    import django

    django.setup()


def maxrss_bytes() -> int:
    # Linux reports kilobytes (macOS bytes)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


# --- raw steps -------------------------------------------------------------------------------------


def _connector(url: str):
    from catalog.services.connections import connector_for

    return connector_for(url, None)  # the crawl's own timeouts and URL guard


# The physical path's catalog read: every relation with its columns and keys (as JSON arrays),
# comments and view SQL, in one statement; no sizes and no pg_stats.
LEAN_QUERY = """
SELECT n.nspname, c.relname, c.relkind, obj_description(c.oid, 'pg_class'),
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, c.reltuples,
       (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                        pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)) ORDER BY a.attnum)
          FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::text,
       (SELECT json_agg(json_build_array(con.contype, con.conname, con.conkey,
                        con.confrelid::regclass::text, con.confkey))
          FROM pg_constraint con WHERE con.conrelid = c.oid AND con.contype IN ('p', 'u', 'f'))::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%s)
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition
ORDER BY n.nspname, c.relname"""


def lean_fetch(url: str):
    """The lean catalog read: seconds, and the relations as records (for sampling and COPY)."""
    import psycopg

    from catalog.connectors import CatalogSnapshot, ColumnRecord, TableRecord

    kinds = {"r": "table", "p": "table", "f": "table", "v": "view", "m": "materialized_view"}
    with _connector(url) as connector:
        schemas = connector.list_schemas()  # as the crawl lists them
    with psycopg.connect(url, autocommit=True) as conn:
        start = time.perf_counter()
        tables = []
        for nsp, rel, kind, comment, definition, reltuples, columns, _keys in conn.execute(
            LEAN_QUERY, (schemas,)
        ):
            rows = int(reltuples) if reltuples >= 0 else None
            fields = json.loads(columns or "[]")
            records = [ColumnRecord(c[0], i, c[1], not c[2], c[3], c[4]) for i, c in enumerate(fields, 1)]
            tables.append(TableRecord(nsp, rel, kinds[kind], comment, definition, rows, None, records))
        return time.perf_counter() - start, CatalogSnapshot(sorted({t.schema for t in tables}), tables)


def connector_fetch(url: str) -> dict:
    """The connector's own catalog read: the whole of it (fetch_catalog), and its two halves."""
    with _connector(url) as connector:
        schemas = connector.list_schemas()
        start = time.perf_counter()
        connector.fetch_catalog(schemas)
        whole = time.perf_counter() - start
        start = time.perf_counter()
        snapshot = connector.fetch_structure(schemas)
        structure = time.perf_counter() - start
        start = time.perf_counter()
        connector.fetch_statistics(snapshot)
        statistics = time.perf_counter() - start
    return {"fetch_catalog": whole, "structure": structure, "statistics": statistics}


def raw_sample(url: str, snapshot) -> tuple[float, int]:
    items = [(t.schema, t.name, [c.name for c in t.columns]) for t in snapshot.tables if t.columns]
    with _connector(url) as connector:
        start = time.perf_counter()
        ok = sum(
            1
            for item in connector.fetch_samples(items, SAMPLE_ROWS, threads=SAMPLE_THREADS)
            if type(item).__name__ == "SampleRecord"
        )
        return time.perf_counter() - start, ok


def raw_copy(catalog_url: str, snapshot) -> tuple[float, int, int]:
    """COPY the crawl's table and column rows into scratch tables shaped like the catalog's."""
    import psycopg

    now = dt.datetime.now(dt.UTC)
    with psycopg.connect(catalog_url) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench_scratch CASCADE; CREATE SCHEMA bench_scratch")
        for name in ("catalog_table", "catalog_column"):
            conn.execute(f"CREATE TABLE bench_scratch.{name} (LIKE public.{name} INCLUDING ALL)")
        conn.commit()
        start = time.perf_counter()
        with conn.cursor() as cur:
            table_cols = (
                "id, source_id, schema_id, name, kind, comment, definition, row_count, size_bytes,"
                " title, description, first_seen_at, hidden, last_crawled_at, structure_digest"
            )
            with cur.copy(f"COPY bench_scratch.catalog_table ({table_cols}) FROM STDIN") as copy:
                schema_ids: dict[str, int] = {}
                for n, t in enumerate(snapshot.tables, 1):
                    schema_id = schema_ids.setdefault(t.schema, len(schema_ids) + 1)
                    copy.write_row(
                        (n, 1, schema_id, t.name, t.kind, t.comment or "", t.definition or "", t.row_count,
                         t.size_bytes, "", "", now, False, now, "")
                    )  # fmt: skip
            column_cols = (
                'id, table_id, name, position, data_type, nullable, "default", comment, is_primary_key,'
                " title, description, first_seen_at, hidden"
            )
            columns = 0
            with cur.copy(f"COPY bench_scratch.catalog_column ({column_cols}) FROM STDIN") as copy:
                for n, t in enumerate(snapshot.tables, 1):
                    for c in t.columns:
                        columns += 1
                        copy.write_row(
                            (columns, n, c.name, c.position, c.data_type, c.nullable, c.default,
                             c.comment or "", c.name == "id", "", "", now, False)
                        )  # fmt: skip
        conn.commit()
        seconds = time.perf_counter() - start
        conn.execute("DROP SCHEMA bench_scratch CASCADE")
        conn.commit()
    return seconds, len(snapshot.tables), columns


def raw_reflect(url: str, snapshot, subset: int) -> tuple[float, int]:
    """Per-table SQLAlchemy inspector reflection of the first `subset` relations: seconds, relations."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    tables = snapshot.tables[:subset]
    try:
        inspector = sqlalchemy.inspect(engine)
        start = time.perf_counter()
        for t in tables:
            inspector.get_columns(t.name, schema=t.schema)
            inspector.get_pk_constraint(t.name, schema=t.schema)
            inspector.get_foreign_keys(t.name, schema=t.schema)
            inspector.get_unique_constraints(t.name, schema=t.schema)
            inspector.get_table_comment(t.name, schema=t.schema)
            if t.kind != "table":
                inspector.get_view_definition(t.name, schema=t.schema)
        return time.perf_counter() - start, len(tables)
    finally:
        engine.dispose()


# --- crawls, each in a child process ----------------------------------------------------------------


def child(source_id: int) -> None:
    """Run one crawl of `source_id`; print a JSON line with its time, writes and peak RSS."""
    started = time.perf_counter()
    import django

    django.setup()
    from django.db import connection

    from catalog.models import Column, CrawlRun, DataSource
    from catalog.services.crawl import crawl_request, crawl_source

    writes = {"INSERT": 0, "UPDATE": 0, "DELETE": 0, "COPY": 0}

    def count(execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper() if sql else ""
        if verb in writes:
            writes[verb] += 1
        return execute(sql, params, many, context)

    import catalog.services.crawl as crawl_module

    phases = {"read_source": 0.0, "sync_catalog": 0.0, "search_index": 0.0}
    peak_after = {}  # phase -> the process's peak RSS once it ended (MiB): which phase set the peak

    def timed(name, func):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phases[name] += time.perf_counter() - start
                peak_after[name] = maxrss_bytes() // 2**20

        return wrapper

    searchable = {}

    def stamped(func):
        # The moment the last search document is written, or the catalog is saved when a crawl
        # had nothing to index: from then on search finds what the crawl saw.
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            finally:
                searchable["at"] = time.perf_counter()

        return wrapper

    crawl_module._read_source = timed("read_source", crawl_module._read_source)
    crawl_module.sync_catalog = stamped(timed("sync_catalog", crawl_module.sync_catalog))
    # Search indexing follows the crawl as a task of its own (on a worker in production; inline here,
    # with no broker, as on the embedded default): timed apart so the crawl figure is the crawl's.
    crawl_module.index_after_crawl = stamped(timed("search_index", crawl_module.index_after_crawl))
    source = DataSource.objects.get(pk=source_id)
    ready = time.perf_counter()
    with connection.execute_wrapper(count):
        run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
        run = crawl_source(run_id=run.pk)
    seconds = time.perf_counter() - ready - phases["search_index"]
    to_searchable = searchable.get("at", ready) - ready
    tables = source.tables.count()
    columns = Column.objects.filter(table__source=source).count()
    print(
        json.dumps(
            {
                "status": run.status,
                "error": run.error,
                "seconds": seconds,
                "to_searchable_seconds": to_searchable,
                "setup_seconds": ready - started,
                "phases": {**phases, "other": seconds - phases["read_source"] - phases["sync_catalog"]},
                "maxrss_bytes": maxrss_bytes(),
                "maxrss_mib_after_phase": peak_after,
                "counts": run.counts,
                "write_statements": writes,
                "catalog_tables": tables,
                "catalog_columns": columns,
                "succeeded": run.status == CrawlRun.Status.SUCCEEDED,
            }
        )
    )


def _row_counters(catalog_url: str) -> dict[str, tuple[int, int, int]]:
    import psycopg

    with psycopg.connect(catalog_url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        rows = conn.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables"
            " WHERE schemaname = 'public'"
        ).fetchall()
    return {name: tuple(counts) for name, *counts in rows}


def settled_row_counters(catalog_url: str) -> dict[str, tuple[int, int, int]]:
    """PostgreSQL's per-table row-write counters once the sessions that wrote have flushed theirs
    (a session flushes when it ends, a moment after its client hangs up)."""
    from django.db import connections

    connections.close_all()  # this process's own session flushes too
    last = _row_counters(catalog_url)
    for _ in range(20):
        time.sleep(0.5)
        now = _row_counters(catalog_url)
        if now == last:
            return now
        last = now
    return last


def rows_written(before: dict, after: dict) -> dict[str, dict[str, int]]:
    """Rows inserted, updated and deleted per table between two counter readings (tables that moved)."""
    moved = {}
    for name, counts in after.items():
        delta = [a - b for a, b in zip(counts, before.get(name, (0, 0, 0)), strict=True)]
        if any(delta):
            moved[name] = dict(zip(("inserted", "updated", "deleted"), delta, strict=True))
    return moved


# What a crawl saves: every catalog table but the run record and the source's settings (the
# crawled rows, their history and their search documents).
NOT_CATALOG_ROWS = ("catalog_crawlrun", "catalog_datasource")


def is_catalog_row(table: str) -> bool:
    return table.startswith("catalog_") and table not in NOT_CATALOG_ROWS


def run_child(catalog_url: str, source_id: int) -> dict:
    counters = settled_row_counters(catalog_url)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_crawl", "--child", str(source_id)],
        cwd=ROOT,
        env=_django_env(catalog_url),
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"crawl child failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    if not result["succeeded"]:
        raise RuntimeError(f"crawl failed: {result['error']}")
    written = rows_written(counters, settled_row_counters(catalog_url))
    result["rows_written"] = written
    result["catalog_rows_written"] = sum(
        sum(counts.values()) for name, counts in written.items() if is_catalog_row(name)
    )
    return result


# --- report -----------------------------------------------------------------------------------------


def machine() -> dict:
    model, mem = "unknown CPU", 0
    try:
        with open("/proc/cpuinfo") as fh:
            model = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
        with open("/proc/meminfo") as fh:
            mem = int(next(line.split()[1] for line in fh if line.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    import psycopg

    with psycopg.connect(ADMIN) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem / GIB, 1),
        "postgresql": pg,
        "python": platform.python_version(),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 tables")
    parser.add_argument("--reflect", type=int, default=1000, help="relations to reflect one by one")
    parser.add_argument("--keep", action="store_true", help="keep the databases (names are printed)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return None
    tables = 1000 if args.quick else args.tables
    if tables > 10_000:
        # The connector's catalog queries grow with the source (about 10 s at 10,000 tables): at
        # 100,000 they outlast the default 30 s statement timeout. The crawl children inherit it.
        os.environ.setdefault("CRAWL_STATEMENT_TIMEOUT", str(tables // 100))
    tag = f"{os.getpid()}"
    names = {"source": f"bench_src_{tag}", "catalog": f"bench_cat_{tag}"}
    extra_1k = tables != 1000
    if extra_1k:
        names["source_1k"] = f"bench_src1k_{tag}"
    results: dict = {"tables_requested": tables, "machine": machine(), "databases": names}
    try:
        spec = large_source.Spec.for_tables(tables)
        for name in names.values():
            large_source.create_database(ADMIN, name)
        print(f"building {spec.tables} tables ({spec.schemas} schemas) in {names['source']}…", flush=True)
        results["build_seconds"] = large_source.build(_db_url(names["source"]), spec)
        results["expected"] = spec.expected()
        if extra_1k:
            results["build_1k_seconds"] = large_source.build(
                _db_url(names["source_1k"]), large_source.Spec.for_tables(1000)
            )
        catalog_url = _db_url(names["catalog"])
        _setup_django(catalog_url)
        from django.core.management import call_command

        from catalog.services.sources import source_save

        call_command("migrate", verbosity=0, interactive=False)

        def register(name, url):
            return source_save(user=SYSTEM, name=name, url=url, sample_rows=SAMPLE_ROWS)

        source = register("bench large", _db_url(names["source"]))
        source_1k = register("bench 1k", _db_url(names["source_1k"])) if extra_1k else None

        print("physical path and connector fetch…", flush=True)
        url = _db_url(names["source"])
        lean_s, snapshot = lean_fetch(url)
        sample_s, sampled = raw_sample(url, snapshot)
        copy_s, copy_tables, copy_columns = raw_copy(catalog_url, snapshot)
        fetch = connector_fetch(url)
        reflect_s, reflected = raw_reflect(url, snapshot, min(args.reflect, len(snapshot.tables)))
        relations = len(snapshot.tables)
        reflect_all = reflect_s * relations / reflected
        del snapshot
        raw = {
            "lean_fetch_seconds": lean_s,
            "sample_seconds": sample_s,
            "sampled_tables": sampled,
            "copy_seconds": copy_s,
            "copy_rows": {"tables": copy_tables, "columns": copy_columns},
            "lean_path_seconds": lean_s + sample_s + copy_s,
            "connector_fetch_seconds": fetch["fetch_catalog"],
            "connector_structure_seconds": fetch["structure"],
            "connector_statistics_seconds": fetch["statistics"],
            "reflect_subset_seconds": reflect_s,
            "reflect_subset_relations": reflected,
            "reflect_extrapolated_seconds": reflect_all,
        }
        results["raw"] = raw

        print(f"raw: {json.dumps(raw)}", flush=True)
        print("first crawl…", flush=True)
        first = results["first_crawl"] = run_child(catalog_url, source.pk)
        print(f"first crawl: {json.dumps(first)}", flush=True)
        print("re-crawl…", flush=True)
        again = results["recrawl"] = run_child(catalog_url, source.pk)
        print(f"re-crawl: {json.dumps(again)}", flush=True)
        one_k = results["crawl_1k"] = run_child(catalog_url, source_1k.pk) if extra_1k else first

        lean_path = raw["lean_path_seconds"]
        recrawl_limit = 1.5 * (lean_s + sample_s)
        targets = {
            "first_crawl_to_searchable": {
                "value": first["to_searchable_seconds"],
                "limit": 3 * lean_path,
                "ok": first["to_searchable_seconds"] <= 3 * lean_path,
            },
            "first_crawl_rss": {
                "value": first["maxrss_bytes"],
                "limit": GIB,
                "ok": first["maxrss_bytes"] < GIB,
            },
            "crawl_1k_to_searchable": {
                "value": one_k["to_searchable_seconds"],
                "limit": 3.0,
                "ok": one_k["to_searchable_seconds"] <= 3.0,
            },
            "recrawl": {
                "value": again["seconds"],
                "limit": recrawl_limit,
                "ok": again["seconds"] <= recrawl_limit,
            },
            "recrawl_catalog_rows_written": {
                "value": again["catalog_rows_written"],
                "limit": 0,
                "ok": again["catalog_rows_written"] == 0,
            },
        }
        results["ratios_to_lean_path"] = {
            "connector_fetch_vs_lean_fetch": fetch["fetch_catalog"] / lean_s,
            "connector_structure_vs_lean_fetch": fetch["structure"] / lean_s,
            "first_crawl_vs_lean_path": first["seconds"] / lean_path,
            "first_crawl_to_searchable_vs_lean_path": first["to_searchable_seconds"] / lean_path,
            "recrawl_vs_lean_fetch_and_samples": again["seconds"] / (lean_s + sample_s),
            "recrawl_to_searchable_vs_lean_fetch_and_samples": again["to_searchable_seconds"]
            / (lean_s + sample_s),
        }
        results["targets"] = targets
        results["tables_per_second"] = relations / first["seconds"]
        results["speedup_vs_reflection"] = reflect_all / first["seconds"]
        _report(results, relations)
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"crawl-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2, default=str))
        print(f"results: {path.relative_to(ROOT)}")
        return results
    finally:
        if args.keep:
            print(f"kept databases: {', '.join(names.values())}")
        else:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # Django may not be set up yet
                pass
            for name in names.values():
                large_source.drop_database(ADMIN, name)


def _report(r: dict, relations: int) -> None:
    m, raw, t, ratio = r["machine"], r["raw"], r["targets"], r["ratios_to_lean_path"]
    first, again, one_k = r["first_crawl"], r["recrawl"], r["crawl_1k"]
    print(
        f"machine: nproc={m['nproc']} {m['cpu']}, {m['ram_gib']} GiB RAM, PostgreSQL {m['postgresql']},"
        f" Python {m['python']}; load average at the end {os.getloadavg()[0]:.1f}"
    )
    print(
        f"source: {relations} relations, {first['catalog_columns']} columns;"
        f" built in {r['build_seconds']:.1f}s"
    )
    rows = [
        ("lean: one pg_catalog query (no sizes, no pg_stats)", raw["lean_fetch_seconds"], ""),
        ("lean: sample every relation (LIMIT 100, 4 thr)", raw["sample_seconds"], ""),
        (
            f"lean: COPY {raw['copy_rows']['tables']} tables + {raw['copy_rows']['columns']} columns",
            raw["copy_seconds"],
            "",
        ),
        ("LEAN PHYSICAL PATH (sum)", raw["lean_path_seconds"], ""),
        (
            "connector fetch_catalog (structure + statistics)",
            raw["connector_fetch_seconds"],
            f"{ratio['connector_fetch_vs_lean_fetch']:.1f}x lean fetch",
        ),
        (
            "  structure (what the crawl waits for)",
            raw["connector_structure_seconds"],
            f"{ratio['connector_structure_vs_lean_fetch']:.1f}x lean fetch",
        ),
        ("  sizes + pg_stats (read beside sampling)", raw["connector_statistics_seconds"], ""),
        (
            f"SQLAlchemy reflection ({raw['reflect_subset_relations']} rel, measured)",
            raw["reflect_subset_seconds"],
            "",
        ),
        (f"SQLAlchemy reflection ({relations} rel, extrapolated)", raw["reflect_extrapolated_seconds"], ""),
        (
            "first crawl (without indexing)",
            first["seconds"],
            f"{ratio['first_crawl_vs_lean_path']:.2f}x lean path",
        ),
        (
            "FIRST CRAWL TO SEARCHABLE",
            first["to_searchable_seconds"],
            f"{ratio['first_crawl_to_searchable_vs_lean_path']:.2f}x lean path; target <= 3x ="
            f" {t['first_crawl_to_searchable']['limit']:.1f}s:"
            f" {verdict(t['first_crawl_to_searchable']['ok'])}",
        ),
        (
            "  peak RSS of the crawl process (MiB)",
            first["maxrss_bytes"] / 2**20,
            f"target < 1024 MiB: {verdict(t['first_crawl_rss']['ok'])}",
        ),
        (
            "RE-CRAWL, nothing changed",
            again["seconds"],
            f"{ratio['recrawl_vs_lean_fetch_and_samples']:.2f}x lean fetch+samples; target <= 1.5x ="
            f" {t['recrawl']['limit']:.1f}s: {verdict(t['recrawl']['ok'])}",
        ),
        (
            "  catalog rows it wrote (pg_stat_user_tables)",
            again["catalog_rows_written"],
            f"target 0: {verdict(t['recrawl_catalog_rows_written']['ok'])}",
        ),
        (
            "first crawl of 1,000 tables to searchable",
            one_k["to_searchable_seconds"],
            f"target <= 3s (+ {one_k['process_seconds'] - one_k['to_searchable_seconds']:.1f}s process"
            f" start-up and after-crawl steps): {verdict(t['crawl_1k_to_searchable']['ok'])}",
        ),
    ]
    print(f"{'step':<58}{'seconds':>10}  note")
    for name, value, note in rows:
        print(f"{name:<58}{value:>10.2f}  {note}")
    for label, run in (("first crawl", first), ("re-crawl", again), ("1,000-table crawl", one_k)):
        phases = ", ".join(f"{name} {value:.2f}s" for name, value in run["phases"].items())
        peaks = ", ".join(f"{name} {mib} MiB" for name, mib in run["maxrss_mib_after_phase"].items())
        print(
            f"{label} phases: {phases}; peak RSS after {peaks}, at the end {run['maxrss_bytes'] // 2**20} MiB"
        )
        print(f"{label} rows written: {json.dumps(run['rows_written'])}")
    print(
        f"first crawl: {r['tables_per_second']:.0f} tables/s,"
        f" {r['speedup_vs_reflection']:.1f}x faster than per-table reflection (extrapolated);"
        f" re-crawl write statements: {again['write_statements']}"
    )


if __name__ == "__main__":
    main()

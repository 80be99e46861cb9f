"""Benchmark: several sources crawled at once by real Celery workers, against one worker in turn.

    .venv/bin/python -m bench concurrent                        # 4 sources of 1,000 tables
    .venv/bin/python -m bench concurrent --quick                # 4 sources of 300 tables
    .venv/bin/python -m bench.bench_concurrent --sources 4 --tables 1000 --workers 2

Builds ``--sources`` PostgreSQL source databases (bench/large_source.py, each its own database) and
one migrated catalog database used as a template, then measures two runs, each on a fresh copy of
the catalog, with real ``celery -A config worker`` processes (concurrency 1 each) on a Redis broker
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/14; a queue of its own):

* run A: one worker; every crawl queued, so the worker crawls (and indexes) them in turn;
* run B: ``--workers`` workers; every crawl queued at once.

Each run is timed from the first crawl queued to every run finished and every search document of
every source written (crawl to searchable). Meanwhile pg_locks is sampled every 100 ms for waits on
a lock (advisory, row, relation …) in the catalog database, which also logs lock waits past
``deadlock_timeout = 1s`` (``log_lock_waits``); deadlocks are the delta of pg_stat_database. After
each run every source must hold all its tables and columns, every run must have succeeded, and
each source must have one search document per source, schema, table and column: nothing lost.

Target (issue 14, #8): B within 1.3x of A, no deadlock, no lock wait over a second, nothing lost.
Prints a table, writes bench/results/concurrent-<time>.json and drops the databases it created.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import large_source  # noqa: E402
from bench.bench_crawl import ADMIN, SAMPLE_ROWS, SAMPLE_THREADS, _db_url, machine  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
TARGET_RATIO = 1.3
MAX_LOCK_WAIT = 1.0
SAMPLE_EVERY = 0.1
RUN_TIMEOUT = 3600
# Search indexing's advisory locks (catalog.search.indexing.INDEX_LOCK_SPACE): once one key per
# content type (7104001, content type), now the space plus the content type, then the source.
INDEX_LOCK_SPACE = 7_104_001


def _env(catalog_url: str, queue: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = catalog_url
    env.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
    env.setdefault("CATALOG_CREDENTIALS_KEY", "YPPTcBlmWdc5NIDS5KiigGV-fWUAfcf-dghhD-b6Fi4=")
    env["CELERY_BROKER_URL"] = REDIS_URL
    env["CELERY_TASK_DEFAULT_QUEUE"] = queue
    env["CRAWL_SAMPLE_THREADS"] = str(SAMPLE_THREADS)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


# --- lock waits ------------------------------------------------------------------------------------

LOCK_WAITS = """
SELECT l.pid, l.locktype, l.mode, l.classid, l.objid, l.relation::regclass::text,
       extract(epoch FROM now() - l.waitstart)::float8, l.waitstart, left(a.query, 300),
       pg_blocking_pids(l.pid)
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE NOT l.granted AND a.datname = current_database() AND l.waitstart IS NOT NULL
"""


class LockSampler(threading.Thread):
    """Samples the catalog database's lock waits every 100 ms; keeps the longest of each wait."""

    def __init__(self, url: str):
        super().__init__(name="lock-sampler", daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.waits: dict[tuple, dict] = {}  # (pid, waitstart) -> the wait at its longest seen
        self.samples = 0
        self.error = ""

    def run(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True) as conn:
                while not self.stop.wait(SAMPLE_EVERY):
                    self.samples += 1
                    for (
                        pid,
                        kind,
                        mode,
                        classid,
                        objid,
                        relation,
                        seconds,
                        since,
                        query,
                        blockers,
                    ) in conn.execute(LOCK_WAITS).fetchall():
                        wait = self.waits.setdefault(
                            (pid, since),
                            {"lock": describe_lock(kind, mode, classid, objid, relation), "query": query},
                        )
                        wait["seconds"] = max(wait.get("seconds", 0.0), seconds)
                        wait["blocked_by"] = sorted(set(wait.get("blocked_by", [])) | set(blockers))
        except Exception as exc:  # reported with the results: a run without lock figures says so
            self.error = f"{type(exc).__name__}: {exc}"

    def summary(self) -> dict:
        waits = sorted(self.waits.values(), key=lambda w: -w["seconds"])
        by_lock: dict[str, dict] = {}
        for wait in waits:
            entry = by_lock.setdefault(
                wait["lock"], {"waits": 0, "longest_seconds": 0.0, "total_seconds": 0.0}
            )
            entry["waits"] += 1
            entry["longest_seconds"] = max(entry["longest_seconds"], wait["seconds"])
            entry["total_seconds"] += wait["seconds"]
        return {
            "samples": self.samples,
            "waits": len(waits),
            "longest_seconds": waits[0]["seconds"] if waits else 0.0,
            "over_1s": sum(1 for w in waits if w["seconds"] > MAX_LOCK_WAIT),
            "by_lock": by_lock,
            "longest": waits[:5],
            "error": self.error,
        }


def describe_lock(kind: str, mode: str, classid, objid, relation) -> str:
    if kind == "advisory" and classid == INDEX_LOCK_SPACE:
        return f"advisory search index, content type {objid}, every source ({mode})"
    if kind == "advisory" and INDEX_LOCK_SPACE < classid < INDEX_LOCK_SPACE + 100_000:
        return f"advisory search index, content type {classid - INDEX_LOCK_SPACE} ({mode})"
    if kind == "advisory":
        return f"advisory {classid}/{objid} ({mode})"
    if relation:
        return f"{kind} {relation} ({mode})"
    return f"{kind} ({mode})"


# --- one run, in a child process with Django set up on its catalog ---------------------------------


def _start_worker(index: int, env: dict, queue: str, logs: Path) -> tuple[subprocess.Popen, Path]:
    log = logs / f"worker-{index}.log"
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--queues", queue,
        "--hostname", f"bench{index}-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", "INFO",
    ]  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def _wait_ready(workers: list[tuple[subprocess.Popen, Path]], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for proc, log in workers:
        while "ready." not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


def _stop_workers(workers: list[tuple[subprocess.Popen, Path]]) -> None:
    for proc, _ in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # warm shutdown: the current task finishes
    for proc, _ in workers:
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _queue_idle(queue: str) -> bool:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return client.llen(queue) == 0 and client.hlen("unacked") == 0
    finally:
        client.close()


def run_child(spec: dict) -> dict:
    """Register the sources, start the workers, queue every crawl, wait until all is searchable."""
    os.environ.update(_env(spec["catalog_url"], spec["queue"]))
    import django

    django.setup()
    from django.db import connection

    from catalog.models import Column, CrawlRun, DataSource, Schema, SearchDocument, Table
    from catalog.permissions import SYSTEM
    from catalog.services.crawl import crawl_request
    from catalog.services.sources import source_save

    sources = [
        source_save(user=SYSTEM, name=f"bench concurrent {i} {os.getpid()}", url=url, sample_rows=SAMPLE_ROWS)
        for i, url in enumerate(spec["source_urls"])
    ]
    logs = Path(tempfile.mkdtemp(prefix="bench-concurrent-"))
    workers = [
        _start_worker(i, _env(spec["catalog_url"], spec["queue"]), spec["queue"], logs)
        for i in range(spec["workers"])
    ]
    sampler = LockSampler(spec["catalog_url"])
    try:
        _wait_ready(workers)
        deadlocks_before = _deadlocks(connection)
        sampler.start()
        cpu_before = _machine_cpu()
        start = time.perf_counter()
        runs = [crawl_request(source=source, user=SYSTEM)[0] for source in sources]  # queued on commit
        finished_at: dict[int, float] = {}
        searchable_at: dict[int, float] = {}
        while len(searchable_at) < len(sources):
            if time.perf_counter() - start > RUN_TIMEOUT:
                raise RuntimeError(f"not searchable after {RUN_TIMEOUT} s:\n{_tails(workers)}")
            now = time.perf_counter() - start
            for run in CrawlRun.objects.filter(pk__in=[r.pk for r in runs]).exclude(finished_at=None):
                finished_at.setdefault(run.source_id, now)
                if run.status != CrawlRun.Status.SUCCEEDED:
                    raise RuntimeError(f"crawl of source {run.source_id} {run.status}: {run.error}")
            for source in sources:
                if source.pk in finished_at and source.pk not in searchable_at:
                    if SearchDocument.objects.filter(source=source).count() == _indexable(source):
                        searchable_at[source.pk] = now
            time.sleep(SAMPLE_EVERY)
        seconds = max(searchable_at.values())
        cpu_after = _machine_cpu()
        # Nothing else is left to run (a document count can be right before its task is acked).
        while not _queue_idle(spec["queue"]):
            time.sleep(SAMPLE_EVERY)
        sampler.stop.set()
        sampler.join(5)
        deadlocks = _deadlocks(connection) - deadlocks_before
    finally:
        sampler.stop.set()
        _stop_workers(workers)
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers and their pool processes

    checks = []
    expected = spec["expected"]
    for source, run in zip(sources, runs, strict=True):
        run.refresh_from_db()
        tables = Table.objects.filter(source=source, removed_at=None).count()
        columns = Column.objects.filter(table__source=source, removed_at=None).count()
        documents = SearchDocument.objects.filter(source=source).count()
        indexable = _indexable(source)
        ok = (
            run.status == CrawlRun.Status.SUCCEEDED
            and tables == expected["relations"]
            and columns == expected["columns"]
            and documents == indexable
            and Schema.objects.filter(source=source).count() >= expected["schemas"]
        )
        checks.append(
            {
                "source": source.name,
                "status": run.status,
                "tables": tables,
                "columns": columns,
                "documents": documents,
                "indexable": indexable,
                "crawl_seconds": (run.finished_at - run.started_at).total_seconds(),
                "queued_seconds": (run.started_at - run.queued_at).total_seconds(),
                "finished_at": finished_at[source.pk],
                "searchable_at": searchable_at[source.pk],
                "ok": ok,
            }
        )
    total_documents = SearchDocument.objects.filter(source__in=sources).count()
    return {
        "workers": spec["workers"],
        "seconds": seconds,
        "crawls_finished_seconds": max(finished_at.values()),
        "sources": checks,
        "documents": total_documents,
        "all_ok": all(c["ok"] for c in checks) and DataSource.objects.count() == len(sources),
        "deadlocks": deadlocks,
        "locks": sampler.summary(),
        "loadavg": os.getloadavg(),
        # Busy share of every CPU of the machine while the run was timed (PostgreSQL, the workers,
        # and anything else running): near 1.0 means more workers cannot go faster.
        "machine_cpu_busy": _busy_share(cpu_before, cpu_after),
        "workers_cpu_seconds": children.ru_utime + children.ru_stime,
    }


def _machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _busy_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    busy, total = after[0] - before[0], after[1] - before[1]
    return busy / total if total else 0.0


def _indexable(source) -> int:
    """Search documents a crawled source must have: itself, and each schema, table and column."""
    from catalog.models import Column, Schema, Table

    return (
        1
        + Schema.objects.filter(source=source).count()
        + Table.objects.filter(source=source).count()
        + Column.objects.filter(table__source=source).count()
    )


def _deadlocks(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _tails(workers) -> str:
    return "\n".join(log.read_text()[-2000:] for _, log in workers)


# --- the parent: databases, runs, report ------------------------------------------------------------


def _fresh_catalog(template: str, name: str) -> str:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        # Database settings are not copied from a template. Waits past a second are logged.
        conn.execute(f'ALTER DATABASE "{name}" SET log_lock_waits = on')
        conn.execute(f"ALTER DATABASE \"{name}\" SET deadlock_timeout = '1s'")
    return _db_url(name)


def _run(label: str, catalog_url: str, source_urls: list[str], workers: int, expected: dict) -> dict:
    spec = {
        "catalog_url": catalog_url,
        "source_urls": source_urls,
        "workers": workers,
        "queue": f"bench-concurrent-{os.getpid()}-{label}",
        "expected": expected,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_concurrent", "--child", json.dumps(spec)],
        cwd=ROOT,
        env=_env(catalog_url, spec["queue"]),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"run {label} failed:\n{proc.stderr[-6000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=4)
    parser.add_argument("--tables", type=int, default=1000, help="tables of each source")
    parser.add_argument("--quick", action="store_true", help="300 tables a source")
    parser.add_argument("--workers", type=int, default=2, help="workers of run B")
    parser.add_argument("--runs", default="AB", help="which runs, in order (e.g. ABAB to repeat)")
    parser.add_argument("--keep", action="store_true", help="keep the databases (names are printed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(json.loads(args.child)), default=str))
        return None
    tables = 300 if args.quick else args.tables
    tag = os.getpid()
    sources = [f"bench_csrc{i}_{tag}" for i in range(args.sources)]
    template = f"bench_ccat_{tag}"
    catalogs: list[str] = []
    spec = large_source.Spec.for_tables(tables)
    results: dict = {
        "sources": args.sources,
        "tables_per_source": spec.tables,
        "expected_per_source": spec.expected(),
        "machine": machine(),
        "redis": REDIS_URL,
        "runs": [],
    }
    try:
        for name in [*sources, template]:
            large_source.create_database(ADMIN, name)
        started = time.perf_counter()
        for name in sources:
            large_source.build(_db_url(name), spec)
        results["build_seconds"] = time.perf_counter() - started
        built = results["build_seconds"]
        print(f"built {args.sources} sources of {spec.tables} tables in {built:.1f}s", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0", "--no-input"],
            cwd=ROOT,
            env=_env(_db_url(template), "unused"),
            check=True,
        )
        for n, label in enumerate(args.runs):
            workers = 1 if label == "A" else args.workers
            name = f"{template}_{label.lower()}{n}"
            catalogs.append(name)
            url = _fresh_catalog(template, name)
            print(f"run {label}: {workers} worker(s), {args.sources} crawls queued…", flush=True)
            found = _run(label, url, [_db_url(s) for s in sources], workers, spec.expected())
            found["label"] = label
            results["runs"].append(found)
            _print_run(found)
            large_source.drop_database(ADMIN, name)
        _verdict(results)
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"concurrent-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2, default=str))
        print(f"results: {path.relative_to(ROOT)}")
        return results
    finally:
        names = [*sources, template, *catalogs]
        if args.keep:
            print(f"kept databases: {', '.join(names)}")
        else:
            for name in names:
                large_source.drop_database(ADMIN, name)


def _print_run(run: dict) -> None:
    locks = run["locks"]
    print(
        f"  run {run['label']} ({run['workers']} worker(s)): searchable after {run['seconds']:.1f}s"
        f" (crawls finished {run['crawls_finished_seconds']:.1f}s); {run['documents']} documents;"
        f" nothing lost: {run['all_ok']}; deadlocks {run['deadlocks']};"
        f" lock waits {locks['waits']} (longest {locks['longest_seconds']:.2f}s, {locks['over_1s']} over 1s);"
        f" machine CPU busy {run['machine_cpu_busy']:.0%}, workers' CPU {run['workers_cpu_seconds']:.1f}s"
        f"{'; sampler: ' + locks['error'] if locks['error'] else ''}",
        flush=True,
    )
    for source in run["sources"]:
        print(
            f"    {source['source']}: queued {source['queued_seconds']:.1f}s,"
            f" crawl {source['crawl_seconds']:.1f}s,"
            f" finished {source['finished_at']:.1f}s, searchable {source['searchable_at']:.1f}s,"
            f" {source['tables']} tables / {source['columns']} columns / {source['documents']} documents"
            f" {'ok' if source['ok'] else 'LOST'}"
        )
    for lock, entry in sorted(locks["by_lock"].items(), key=lambda item: -item[1]["longest_seconds"]):
        print(
            f"    waits on {lock}: {entry['waits']}, longest {entry['longest_seconds']:.2f}s,"
            f" total {entry['total_seconds']:.1f}s"
        )


def _verdict(results: dict) -> None:
    one = [r["seconds"] for r in results["runs"] if r["label"] == "A"]
    many = [r["seconds"] for r in results["runs"] if r["label"] != "A"]
    concurrent = [r for r in results["runs"] if r["label"] != "A"]
    m = results["machine"]
    print(
        f"machine: nproc={m['nproc']} {m['cpu']}, {m['ram_gib']} GiB RAM, PostgreSQL {m['postgresql']},"
        f" Python {m['python']}"
    )
    if one and many:
        ratio = min(many) / min(one)
        results["ratio"] = ratio
        print(
            f"B/A = {min(many):.1f}s / {min(one):.1f}s = {ratio:.2f}"
            f" (target <= {TARGET_RATIO}): {'met' if ratio <= TARGET_RATIO else 'MISSED'}"
        )
    if concurrent:
        longest = max(r["locks"]["longest_seconds"] for r in concurrent)
        deadlocks = sum(r["deadlocks"] for r in concurrent)
        lost = not all(r["all_ok"] for r in results["runs"])
        print(
            f"concurrent runs: longest lock wait {longest:.2f}s (target <= {MAX_LOCK_WAIT}s):"
            f" {'met' if longest <= MAX_LOCK_WAIT else 'MISSED'}; deadlocks {deadlocks}:"
            f" {'met' if not deadlocks else 'MISSED'}; lost updates: {'MISSED' if lost else 'none, met'}"
        )


if __name__ == "__main__":
    main()

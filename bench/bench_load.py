"""Load: concurrent clients against gunicorn and a PostgreSQL catalog, reads and writes mixed.

    .venv/bin/python -m bench load                   # 1,000 tables, 16 clients, 20 s (make load)
    BENCH_FULL=1 .venv/bin/python -m bench load      # 10,000 tables, 16 clients, 60 s
    .venv/bin/python -m bench load --tables 10000 --clients 16 --seconds 60 --workers 4

Creates a fresh PostgreSQL catalog database, migrates it, writes the catalog rows of a source
(bench/catalog_rows.py) and indexes them for search, starts gunicorn on 127.0.0.1 with the
production settings (DEBUG off), and drives it from this process with `--clients` threads, each
logged in (a session cookie for pages, a token for the API): search API 40 %, table pages 25 %,
lineage graph API 15 %, table list API 10 %, description edits through the API 10 %. Meanwhile
a PostgreSQL source of `--crawl-tables` tables (bench/large_source.py) is crawled again and again
with `manage.py crawl --wait`, as production's worker would (0 turns it off). Prints throughput,
p50/p95/p99 per kind, errors (any status other than 200, or a failed request) and the crawls,
writes bench/results/load-<time>.json and drops the databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_crawl import ADMIN, _db_url, _django_env, machine, verdict  # noqa: E402
from bench.catalog_rows import WORDS  # noqa: E402

MIX = [("search", 40), ("table_page", 25), ("lineage", 15), ("table_list", 10), ("edit", 10)]
TARGETS = {"errors": 0, "p95_ms": 200}


def setup_child(tables: int) -> None:
    """In the catalog's environment: rows, search documents, a user; prints what clients need."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from bench.catalog_rows import catalog_rows
    from catalog.models import Table
    from catalog.roles import CONTRIBUTOR
    from catalog.search import index_source
    from tests.factories import UserFactory

    start = time.perf_counter()
    source = catalog_rows(tables, name="Load bench")
    index_source(source)
    user = UserFactory(username="load.client", role=CONTRIBUTOR)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]  # a session names a backend in use
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    ids = list(Table.objects.filter(source=source).values_list("id", flat=True))
    print(
        json.dumps(
            {
                "session": session.session_key,
                "token": Token.objects.create(user=user).key,
                "table_ids": ids,
                "setup_seconds": time.perf_counter() - start,
            }
        )
    )


class Client(threading.Thread):
    def __init__(self, port, auth, table_ids, stop_at, seed):
        super().__init__(daemon=True)
        self.port, self.auth, self.table_ids, self.stop_at = port, auth, table_ids, stop_at
        self.rng = random.Random(seed)
        self.samples: list[tuple[str, float, int]] = []  # (kind, seconds, status or 0 on failure)
        self.first_errors: dict[str, str] = {}  # kind -> what the first failure said, to diagnose

    def request(self, kind: str) -> tuple[str, str, bytes | None, dict]:
        table = self.rng.choice(self.table_ids)
        api = {"Authorization": f"Token {self.auth['token']}"}
        if kind == "search":
            word = self.rng.choice([*WORDS, f"t{self.rng.randrange(len(self.table_ids)):05d}"])
            return "GET", f"/api/search/?q={word}", None, api
        if kind == "table_page":
            return "GET", f"/tables/{table}/", None, {"Cookie": f"sessionid={self.auth['session']}"}
        if kind == "lineage":
            return "GET", f"/api/lineage/graph/?table={table}", None, api
        if kind == "table_list":
            pages = max(1, (len(self.table_ids) + 49) // 50)  # 50 per page: every page asked for exists
            return "GET", f"/api/tables/?page={self.rng.randrange(1, pages + 1)}", None, api
        body = json.dumps({"description": f"Edited under load {self.rng.random():.6f}."}).encode()
        return "PATCH", f"/api/tables/{table}/", body, {**api, "Content-Type": "application/json"}

    def run(self):
        kinds = [kind for kind, weight in MIX for _ in range(weight)]
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.stop_at:
            kind = self.rng.choice(kinds)
            method, path, body, headers = self.request(kind)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
                response = conn.getresponse()
                content = response.read()
                status = response.status
                if status != 200 and kind not in self.first_errors:
                    where = response.getheader("Location") or ""
                    self.first_errors[kind] = f"{status} {path} {where}: {content[:300]!r}"
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.samples.append((kind, time.perf_counter() - start, status))
        conn.close()


class Crawler(threading.Thread):
    """Crawls the source again and again until the clients stop: the catalog under write load."""

    def __init__(self, env, name: str, stop_at: float):
        super().__init__(daemon=True)
        self.env, self.name, self.stop_at = env, name, stop_at
        self.runs: list[tuple[float, int]] = []  # (seconds, exit code)

    def run(self):
        while time.monotonic() < self.stop_at:
            start = time.monotonic()
            done = subprocess.run(
                [sys.executable, "manage.py", "crawl", self.name, "--wait"],
                cwd=ROOT, env=self.env, capture_output=True, text=True,
            )  # fmt: skip
            self.runs.append((time.monotonic() - start, done.returncode))


def _add_crawled_source(env, tables: int) -> tuple[str, str]:
    """A PostgreSQL source of `tables` tables, registered in the catalog; (database, source name)."""
    from bench.large_source import Spec, build, create_database

    database = f"bench_load_src_{os.getpid()}"
    create_database(ADMIN, database)
    build(_db_url(database), Spec.for_tables(tables))
    subprocess.run(
        [sys.executable, "manage.py", "add_source", "Crawled under load", _db_url(database)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return database, "Crawled under load"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def summarize(samples: list[tuple[str, float, int]], seconds: float) -> dict:
    out = {"requests": len(samples), "per_s": len(samples) / seconds, "kinds": {}}
    out["errors"] = sum(1 for _, _, status in samples if status != 200)
    for kind in ["all", *(k for k, _ in MIX)]:
        chosen = [s for s in samples if kind == "all" or s[0] == kind]
        times = [t * 1000 for _, t, _ in chosen]
        out["kinds"][kind] = {
            "requests": len(chosen),
            "errors": sum(1 for _, _, status in chosen if status != 200),
            "statuses": sorted({status for _, _, status in chosen}),
            "p50_ms": _percentile(times, 0.50),
            "p95_ms": _percentile(times, 0.95),
            "p99_ms": _percentile(times, 0.99),
        }
    return out


def main(argv: list[str] | None = None) -> dict | None:
    full = bool(os.environ.get("BENCH_FULL"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=10_000 if full else 1_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60 if full else 20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--crawl-tables", type=int, default=500, help="source crawled meanwhile (0: none)")
    parser.add_argument("--setup-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup_child:
        setup_child(args.tables)
        return None
    import psycopg

    name = f"bench_load_{os.getpid()}"
    env = _django_env(_db_url(name))
    env.update({"DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT)})
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    server, crawler, source_db = None, None, None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        setup = subprocess.run(
            [sys.executable, "-m", "bench.bench_load", "--setup-child", "--tables", str(args.tables)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        auth = json.loads(setup.stdout.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(args.workers), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        _wait_for(port)
        if args.crawl_tables:
            source_db, source_name = _add_crawled_source(env, args.crawl_tables)
        stop_at = time.monotonic() + args.seconds
        if args.crawl_tables:
            crawler = Crawler(env, source_name, stop_at)
            crawler.start()
        clients = [Client(port, auth, auth["table_ids"], stop_at, seed) for seed in range(args.clients)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        if crawler is not None:
            crawler.join()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            if source_db:
                conn.execute(f"DROP DATABASE IF EXISTS {source_db} WITH (FORCE)")
    result = summarize([s for client in clients for s in client.samples], elapsed)
    result["first_errors"] = {kind: said for client in clients for kind, said in client.first_errors.items()}
    result.update(
        {
            "args": {k: v for k, v in vars(args).items() if k != "setup_child"},
            "setup_seconds": auth["setup_seconds"],
            "crawls": [
                {"seconds": round(t, 1), "exit": code} for t, code in (crawler.runs if crawler else [])
            ],
            "machine": machine(),
            "at": dt.datetime.now(dt.UTC).isoformat(),
        }
    )
    _report(result)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"load-{dt.datetime.now():%Y%m%d-%H%M%S}.json").write_text(json.dumps(result, indent=2))
    return result


def _report(r: dict) -> None:
    a = r["args"]
    print(
        f"{a['clients']} clients for {a['seconds']:.0f} s against gunicorn ({a['workers']} workers),"
        f" {a['tables']:,} tables: {r['requests']:,} requests, {r['per_s']:.0f}/s, {r['errors']} errors"
    )
    print(f"{'kind':<12}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, k in r["kinds"].items():
        print(
            f"{kind:<12}{k['requests']:>10,}{k['errors']:>8}{k['p50_ms']:>9.0f}{k['p95_ms']:>9.0f}{k['p99_ms']:>9.0f}"
        )
    for kind, said in r.get("first_errors", {}).items():
        print(f"first {kind} error: {said}")
    if r.get("crawls"):
        failed = sum(1 for c in r["crawls"] if c["exit"])
        times = ", ".join(f"{c['seconds']:.1f} s" for c in r["crawls"])
        print(
            f"meanwhile {len(r['crawls'])} crawls of {a['crawl_tables']:,} tables ({times}), {failed} failed"
        )
    overall = r["kinds"]["all"]
    crawl_failures = sum(1 for c in r.get("crawls", []) if c["exit"])
    print(
        f"targets: zero errors: {verdict(r['errors'] == TARGETS['errors'] and not crawl_failures)};", end=" "
    )
    print(f"p95 under {TARGETS['p95_ms']} ms: {verdict(overall['p95_ms'] < TARGETS['p95_ms'])}")


if __name__ == "__main__":
    main()

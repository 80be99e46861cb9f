"""Faults of the production services, for real: a Celery worker *process* killed with SIGKILL in
the middle of a crawl, the Redis broker restarted, the catalog database's connections dropped (what
clients see when it restarts). A private redis-server per test, so the machine's shared one is never
touched; the worker reads the test's own catalog database (PostgreSQL or the SQLite file).

After each: the run says what happened, nothing is marked removed, curated text stays, a redelivered
message does not crawl twice, and the next crawl succeeds.
"""

import os
import signal
import socket
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection

from catalog.models import CrawlRun, Table
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from tests.catalog.crawl.conftest import celery_sending_to

pytestmark = pytest.mark.django_db(transaction=True)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"gave up after {seconds} s waiting for {what}")


class RedisServer:
    def __init__(self, workdir):
        self.port, self.workdir, self.process = _free_port(), workdir, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait(self._answers, 10, "redis-server to start")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        with celery_sending_to(server.url):
            yield server
    finally:
        server.stop()


def _catalog_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{os.path.abspath(db['NAME'])}"
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker` in its own process, as production runs it (solo pool: the process that
    crawls is the one we kill)."""

    def __init__(self, broker_url: str, var_dir):
        self.env = {
            **os.environ,
            "DATABASE_URL": _catalog_url(),
            "CELERY_BROKER_URL": broker_url,
            "CATALOG_VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",  # the log is read while it runs, and shown whole when a test fails
            "CRAWL_HEARTBEAT_SECONDS": "1",
            "CELERY_VISIBILITY_TIMEOUT": "5",  # a lost message comes back in seconds, not minutes
            "SOURCE_ALLOWED_HOSTS": ",".join(django_settings.SOURCE_ALLOWED_HOSTS),
        }
        self.process = None
        self.log = var_dir / f"worker-{time.monotonic_ns()}.log"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--concurrency", "1",
             "--queues", django_settings.CELERY_TASK_DEFAULT_QUEUE, "--without-gossip", "--without-mingle",
             "--loglevel", "INFO"],
            env=self.env, cwd=django_settings.BASE_DIR, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self) -> None:
        """Until the worker consumes from the broker: a worker still booting has no connection to lose."""
        _wait(lambda: " ready." in self.log.read_text(), 60, "the worker to connect to the broker")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture
def workers(redis_server, tmp_path):
    started = []

    def start() -> Worker:
        worker = Worker(redis_server.url, tmp_path)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()
        print(f"--- {worker.log.name}\n{worker.log.read_text()[-3000:]}")  # shown when a test fails


@pytest.fixture
def shop(postgres_database):
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA shop")
        for name in ("orders", "customers"):
            conn.execute(f"CREATE TABLE shop.{name} (id integer PRIMARY KEY, note text)")
            conn.execute(f"INSERT INTO shop.{name} SELECT g, 'n' || g FROM generate_series(1, 20) g")
    source = source_save(user=SYSTEM, name="Shop", url=postgres_database, include_schemas=["shop"])
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    assert crawl_source(run_id=run.pk).status == CrawlRun.Status.SUCCEEDED
    Table.objects.filter(source=source, name="orders").update(description="Curated: one row per order.")
    source.database_url = postgres_database
    return source


def _intact(source) -> None:
    present = set(Table.objects.filter(source=source, removed_at__isnull=True).values_list("name", flat=True))
    assert present == {"orders", "customers"}
    assert Table.objects.get(source=source, name="orders").description == "Curated: one row per order."


def _finished(run):
    def check():
        run.refresh_from_db()
        return run if not run.is_active else None

    return check


def test_a_worker_killed_mid_crawl_is_noticed_and_the_next_crawl_succeeds(shop, workers, settings):
    settings.CRAWL_LOST_AFTER = 4
    blocker = psycopg.connect(shop.database_url)  # holds a lock so the crawl waits in the middle
    blocker.execute("LOCK TABLE shop.orders IN ACCESS EXCLUSIVE MODE")
    try:
        worker = workers()
        run, created = crawl_request(user=SYSTEM, source=shop)
        assert created

        def reading():
            run.refresh_from_db()
            return run.status == CrawlRun.Status.RUNNING and run.progress >= 10

        _wait(reading, 60, "the worker to start reading the source")
        time.sleep(1)  # blocked on the lock, beating
        worker.kill()
    finally:
        blocker.close()
    # The run still says "running" until its heartbeat is old enough; then a new request fails it.
    time.sleep(settings.CRAWL_LOST_AFTER + 1)
    retry, created = crawl_request(user=SYSTEM, source=shop)
    run.refresh_from_db()
    assert created and retry.pk != run.pk
    assert run.status == CrawlRun.Status.FAILED and "worker running this crawl stopped" in run.error
    _intact(shop)

    workers()  # a new worker takes the new crawl, and the killed one's message when it comes back
    retry = _wait(_finished(retry), 90, "the next crawl to finish")
    assert retry.status == CrawlRun.Status.SUCCEEDED, retry.error
    time.sleep(7)  # past the visibility timeout: the lost message is redelivered to the new worker
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.FAILED, "a redelivered message must not crawl a finished run again"
    assert CrawlRun.objects.filter(source=shop).count() == 3  # the fixture's, the killed one, the retry
    _intact(shop)


def test_redis_restarted_a_crawl_requested_meanwhile_fails_clearly_and_the_next_one_runs(
    shop, redis_server, workers
):
    workers().wait_ready()  # a running worker loses its broker, as in production
    redis_server.stop()
    run, created = crawl_request(user=SYSTEM, source=shop)  # no exception reaches the user
    assert created and run.status == CrawlRun.Status.FAILED
    assert "task queue could not be reached" in run.error
    run.refresh_from_db()
    assert run.status == CrawlRun.Status.FAILED  # and the database says so too: nothing waits for it

    redis_server.start()  # the worker reconnects by itself
    again, created = crawl_request(user=SYSTEM, source=shop)
    assert created
    again = _wait(_finished(again), 90, "the crawl after Redis came back")
    assert again.status == CrawlRun.Status.SUCCEEDED, again.error
    _intact(shop)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the catalog database restarts on PostgreSQL only"
)
def test_the_catalog_database_dropping_its_connections_costs_no_crawl(shop, workers):
    worker = workers()
    first, _ = crawl_request(user=SYSTEM, source=shop)
    assert _wait(_finished(first), 90, "a first crawl on the worker").status == CrawlRun.Status.SUCCEEDED
    # What a restart looks like to the worker: every connection it holds is cut.
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (connection.settings_dict["NAME"],),
        )
    connection.close()  # ours went too: reconnect
    assert worker.process.poll() is None, "the worker must survive its database connections dropping"
    after, created = crawl_request(user=SYSTEM, source=shop)
    assert created
    assert _wait(_finished(after), 90, "a crawl after the drop").status == CrawlRun.Status.SUCCEEDED, (
        after.error
    )
    _intact(shop)

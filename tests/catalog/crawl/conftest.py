"""Real source databases for crawl tests: SQLite folders, and PostgreSQL / MariaDB databases.

Each is created by the test that needs it and dropped afterwards.
"""

import secrets
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pymysql
import pytest

from catalog.permissions import SYSTEM
from catalog.services.sources import source_save

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


class SqliteSource:
    """A folder of SQLite files, one per schema, that a test changes between crawls."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.folder}"

    def execute(self, schema: str, *statements: str) -> None:
        with sqlite3.connect(self.folder / f"{schema}.sqlite") as conn:
            for statement in statements:
                conn.execute(statement)


@pytest.fixture
def sqlite_source(tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    return SqliteSource(tmp_path / "source")


@pytest.fixture
def register(db):
    def _register(name, url, **options):
        return source_save(user=SYSTEM, name=name, url=url, **options)

    return _register


@pytest.fixture
def postgres_database():
    """An empty PostgreSQL database; yields its URL."""
    name = f"catalog_src_crawl_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def mysql_prefix():
    """A prefix for MariaDB databases the test creates; they are dropped afterwards."""
    prefix = f"crawl_{secrets.token_hex(3)}_"
    yield prefix
    conn = pymysql.connect(host="127.0.0.1", user="root", autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SHOW DATABASES")
        for (name,) in cur.fetchall():
            if name.startswith(prefix):
                cur.execute(f"DROP DATABASE `{name}`")
    conn.close()


@contextmanager
def celery_sending_to(broker_url: str, **conf):
    """This process's Celery app sends tasks to `broker_url` (not eagerly) until the block ends.
    The write and read URLs were filled in from the first broker URL, so all three move; the
    queues, router and connection pools built from the old settings are dropped (the same reset
    Celery does after a fork)."""
    from config.celery import app

    conf = {"broker_url": broker_url, "broker_write_url": broker_url, "broker_read_url": broker_url,
            "task_always_eager": False, **conf}  # fmt: skip
    saved = {key: app.conf[key] for key in conf}

    def point(settings: dict) -> None:
        app.conf.update(settings)
        app.amqp.__dict__.pop("queues", None)
        app.amqp.__dict__.pop("router", None)
        app.amqp._rtable = None
        app._after_fork()

    point(conf)
    try:
        yield
    finally:
        point(saved)

"""Indexing runs at once: several sources crawled together on several workers, and edits made while
a source is being indexed. Each run is one transaction holding its locks until it commits, so the
order in which runs take them decides between waiting and a deadlock.

PostgreSQL only: SQLite lets one writer in at a time, so its runs never overlap.
"""

import threading

import pytest
from django.db import connection

from catalog.models import Column, SearchDocument
from catalog.search import index_asset, index_source
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time"),
]


def _source(name: str):
    """A source of two tables of three columns: four batches for index_source (source, schema,
    tables, columns), each small."""
    source = DataSourceFactory(name=name)
    schema = SchemaFactory(source=source, name=f"{name.lower()}_sales")
    for table in ("orders", "refunds"):
        table = TableFactory(schema=schema, name=f"{name.lower()}_{table}")
        for column in ("id", "amount", "note"):
            ColumnFactory(table=table, name=f"{column}_of_{table.name}")
    return source


def _documents(source) -> int:
    return SearchDocument.objects.filter(source=source).count()


class Paused:
    """index_source in a thread of its own, paused (its transaction open, holding what it locked)
    once the documents of the source, its schemas and its tables are written, while `meanwhile`
    runs in a second thread; it goes on when `meanwhile` has finished or waits for a lock."""

    def __init__(self, source, meanwhile):
        self.source, self.meanwhile = source, meanwhile
        self.batches = 0
        self.errors: list[BaseException] = []
        self.other_done = threading.Event()
        self.other_finished_while_paused: bool | None = None

    def run(self) -> None:
        first = threading.Thread(
            target=self._guard(lambda: index_source(self.source, progress=self._progress))
        )
        first.start()
        first.join(60)
        assert not first.is_alive(), "index_source never finished"

    def _progress(self, _written: int) -> None:
        self.batches += 1
        if self.batches != 3:  # after the batches of the source, the schema, the tables
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            paused_pid = cursor.fetchone()[0]
        other = threading.Thread(target=self._guard(self._meanwhile))
        other.start()
        for _ in range(300):  # until the other run is done or blocked (at most 30 s)
            if self.other_done.wait(0.1) or _waiting_for_a_lock(except_pid=paused_pid):
                break
        self.other_finished_while_paused = self.other_done.is_set()
        self.joined = other

    def _meanwhile(self) -> None:
        try:
            self.meanwhile()
        finally:
            self.other_done.set()

    def _guard(self, target):
        def run():
            try:
                target()
            except BaseException as error:  # reported by the test
                self.errors.append(error)
            finally:
                connection.close()

        return run


def _waiting_for_a_lock(*, except_pid: int) -> bool:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    ) as conn:
        return conn.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE NOT l.granted AND l.pid <> %s AND a.datname = current_database())",
            [except_pid],
        ).fetchone()[0]


def test_a_column_edited_while_its_source_is_indexed_waits_instead_of_deadlocking():
    # An edited column reindexes its table too (its document lists the columns). The source's run
    # holds its tables and goes on to the columns: the edit must not hold a column while it waits
    # for that table, or each waits for the other until PostgreSQL kills one.
    source = _source("Shop")
    column = Column.objects.filter(table__source=source).first()
    paused = Paused(source, lambda: index_asset(column))
    paused.run()
    paused.joined.join(60)
    assert not paused.errors, paused.errors
    assert _documents(source) == 1 + 1 + 2 + 6


def test_sources_are_indexed_at_the_same_time_without_waiting_for_each_other():
    # Two first crawls on two workers: neither source's documents can clash with the other's.
    first, second = _source("Shop"), _source("Bank")
    paused = Paused(first, lambda: index_source(second))
    paused.run()
    paused.joined.join(60)
    assert not paused.errors, paused.errors
    assert paused.other_finished_while_paused, "the second source waited for the first one's indexing"
    assert _documents(first) == _documents(second) == 1 + 1 + 2 + 6

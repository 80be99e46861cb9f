"""Every Celery task, run twice or twice at once, gives the same catalog as run once: a message is
redelivered (acks_late), a beat fires while the last run still works, two workers take copies.

Each registered task has an entry in TASKS (how to call it on a fresh world); a task without one
fails the suite, so a task added later must say how it is run here. The comparison is of what users
see — tables, columns and their text, profiles, samples, history, search documents, crawl runs,
emails — named within the world, so two worlds built the same way compare equal.
"""

import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.utils import timezone

from catalog.models import Column, ColumnProfile, CrawlRun, SearchDocument, Table, TableChange
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from config.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


class World:
    """A crawled two-table source, its search documents gone (for the indexing task to write),
    a crawl queued, a lost one, and a notification waiting to be emailed."""

    def __init__(self, folder, name: str):
        import sqlite3

        folder.mkdir(parents=True)
        with sqlite3.connect(folder / "shop.sqlite") as conn:
            conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL, note TEXT)")
            conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)")
            conn.executemany(
                "INSERT INTO orders VALUES (?, ?, ?)", [(i, i * 1.5, f"n{i}") for i in range(40)]
            )
        self.source = source_save(user=SYSTEM, name=name, url=f"sqlite:///{folder}")
        first, _ = crawl_request(user=SYSTEM, source=self.source, enqueue=False)
        assert crawl_source(run_id=first.pk).status == CrawlRun.Status.SUCCEEDED
        Table.objects.filter(source=self.source, name="orders").update(description="One row per order.")
        SearchDocument.objects.filter(source=self.source).delete()
        self.run, _ = crawl_request(user=SYSTEM, source=self.source, enqueue=False)  # queued
        lost_source = source_save(user=SYSTEM, name=f"{name} lost", url=f"sqlite:///{folder}")
        an_hour_ago = timezone.now() - timezone.timedelta(hours=1)
        self.lost = CrawlRun.objects.create(
            source=lost_source, status=CrawlRun.Status.RUNNING, heartbeat_at=an_hour_ago
        )
        self.notifications = self._notification(name)

    def _notification(self, name: str) -> list[int]:
        from discussions.models import Notification
        from tests.factories import UserFactory

        person = UserFactory(username=f"reader-{name}".lower().replace(" ", "-"), email=f"{name}@example.com")
        table = Table.objects.filter(source=self.source).first()
        mention = Notification.objects.create(
            user=person, kind="mention", asset_kind="table", asset_id=table.pk
        )
        return [mention.pk]

    def snapshot(self) -> dict:
        tables = Table.objects.filter(source=self.source)
        return {
            "tables": sorted(tables.values_list("name", "description", "removed_at", "row_count")),
            "columns": sorted(
                Column.objects.filter(table__source=self.source).values_list(
                    "table__name", "name", "data_type", "removed_at"
                )  # fmt: skip
            ),
            "profiles": sorted(
                ColumnProfile.objects.filter(column__table__source=self.source).values_list(
                    "column__table__name", "column__name", "distinct_count", "null_fraction"
                )
            ),
            "samples": sorted(
                (t.name, len(t.sample.rows)) for t in tables.select_related("sample") if t.sample
            ),
            "history": sorted(
                TableChange.objects.filter(table__source=self.source).values_list("table__name", "kind")
            ),
            "documents": sorted(
                SearchDocument.objects.filter(source=self.source).values_list(
                    "asset_type", "qualified_name", "summary"
                )
            ),
            "runs": sorted(
                CrawlRun.objects.filter(source__in=[self.source, self.lost.source]).values_list(
                    "source__name", "status"
                )
            ),  # fmt: skip
            "emails": sorted(m.to[0] for m in mail.outbox if m.to[0].startswith(self.source.name)),
        }


TASKS = {
    "catalog.tasks.crawl_source_task": lambda w: [w.run.pk],
    "catalog.tasks.index_crawl_changes_task": lambda w: [w.source.pk, None],
    "catalog.tasks.fail_lost_crawls_task": lambda w: [],
    "discussions.tasks.email_notifications": lambda w: [w.notifications],
}
# A scheduled crawl fired twice is two crawls by design (two run records); what they read must
# still be the same catalog.
SCHEDULED = "catalog.tasks.crawl_scheduled_source"
TASKS[SCHEDULED] = lambda w: [w.source.pk]


def _ours(name: str) -> bool:
    return not name.startswith("celery.")


def test_every_task_has_an_entry():
    app.loader.import_default_modules()  # every app's tasks module, as a worker loads them
    assert {name for name in app.tasks if _ours(name)} == set(TASKS)


@pytest.fixture
def eager(settings):
    """Tasks a task queues run in place, and emails go to Django's locmem outbox."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CATALOG_NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield
    app.conf.task_always_eager = saved


def _run(name: str, args: list) -> None:
    app.loader.import_default_modules()
    result = app.tasks[name].apply(args=args)
    if result.failed():
        raise AssertionError(f"{name}{args!r} failed: {result.result!r}")


def _comparable(world: World, name: str) -> dict:
    """The snapshot with the world's own name (in source names, summaries, addresses) taken out."""
    found = world.snapshot()
    if name == SCHEDULED:
        found.pop("runs")
    own = world.source.name

    def neutral(value):
        if isinstance(value, str):
            return value.replace(own, "S").replace(own.lower(), "s")
        if isinstance(value, list | tuple):
            return type(value)(neutral(item) for item in value)
        return value

    return {key: neutral(rows) for key, rows in found.items()}


@pytest.mark.parametrize("name", sorted(TASKS))
def test_a_task_run_twice_gives_what_once_gives(name, tmp_path, settings, eager):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    once, twice = World(tmp_path / "once", "Once"), World(tmp_path / "twice", "Twice")
    _run(name, TASKS[name](once))
    _run(name, TASKS[name](twice))
    _run(name, TASKS[name](twice))
    assert _comparable(twice, name) == _comparable(once, name)


@pytest.mark.parametrize("name", sorted(TASKS))
def test_a_task_run_twice_at_once_gives_what_once_gives(name, tmp_path, settings, eager):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    once, both = World(tmp_path / "once", "Once"), World(tmp_path / "both", "Both")
    _run(name, TASKS[name](once))
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait(10)
            _run(name, TASKS[name](both))
        except BaseException as error:  # reported below, with the task's name
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, f"{name} run twice at once: {errors!r}"
    assert _comparable(both, name) == _comparable(once, name)

"""Crawling a source: queue a run, read the source in bulk, save the diff, record the outcome.

A source is never crawled twice at once: the database refuses a second active run (a partial
unique constraint), so two requests racing on two workers still make one crawl. A crawl that
fails leaves the catalog as it was, because everything it read is saved in one transaction
after all reading is done.
"""

import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from catalog.connectors import ConnectorError, SampleError, SampleRecord
from catalog.connectors.base import SampleHint
from catalog.connectors.profiling import profile_sample, sample_digest
from catalog.models import CrawlRun, DataSource
from catalog.permissions import MANAGE_SOURCES, recorded, require
from catalog.services.catalog_sync import (
    UNCHANGED_EXACT,
    UNCHANGED_SAMPLE,
    CrawlData,
    PackedSample,
    load_sample_digests,
    sync_catalog,
)
from catalog.services.connections import open_connector
from catalog.services.jobs import enqueue_task
from catalog.services.search_sync import index_after_crawl
from catalog.services.source_filter import SourceFilter
from catalog.signals import crawl_succeeded

logger = logging.getLogger(__name__)

# Failures worth another try later: the source may be back in a minute.
TRANSIENT_CODES = {"unreachable", "timeout"}
ProgressCallback = Callable[[CrawlRun], None]


class TransientCrawlError(Exception):
    """The source could not be reached; the task retries with backoff."""


def crawl_request(*, source: DataSource, user, enqueue: bool = True) -> tuple[CrawlRun, bool]:
    """Queue a crawl of `source`, or return the one already queued or running (created=False).

    enqueue=False creates the run for the caller to execute itself (`manage.py crawl --wait`).
    Schedules and commands pass SYSTEM as the user.
    """
    require(user, MANAGE_SOURCES, "Only admins start crawls.")
    fail_lost_runs(source)
    # Two requests at once: the unique index on a source's active run lets one create it; the other
    # returns that run, or (when it finished in between) tries once more.
    for _ in range(3):
        try:
            with transaction.atomic():
                run = CrawlRun.objects.create(source=source, triggered_by=recorded(user))
            break
        except IntegrityError:
            active = CrawlRun.objects.active().filter(source=source).first()
            if active is not None:
                return active, False
    else:
        raise RuntimeError(f"Could not queue a crawl of source {source.pk}")

    if not enqueue:
        return run, True
    enqueue_task("catalog.tasks.crawl_source_task", run.pk, on_failure=lambda exc: _not_queued(run, exc))
    return run, True


def _not_queued(run: CrawlRun, exc: Exception) -> None:
    """The task queue is down: the run fails at once with the reason, rather than waiting for a
    worker that will never hear of it."""
    _finish(
        run,
        CrawlRun.Status.FAILED,
        error=f"The task queue could not be reached ({type(exc).__name__}), so nothing was crawled. "
        "Crawl again once it is back.",
    )


def fail_lost_runs(source: DataSource | None = None) -> int:
    """Fail the runs whose worker stopped: running without a heartbeat for CRAWL_LOST_AFTER
    seconds, or queued past the task time limit without a worker taking them. Returns how many."""
    now = timezone.now()
    active = CrawlRun.objects.active()
    if source is not None:
        active = active.filter(source=source)
    silent = now - timedelta(seconds=settings.CRAWL_LOST_AFTER)
    lost = active.filter(status=CrawlRun.Status.RUNNING, heartbeat_at__lt=silent).update(
        status=CrawlRun.Status.FAILED,
        finished_at=now,
        error=f"The worker running this crawl stopped (no heartbeat for over {settings.CRAWL_LOST_AFTER} s): "
        "it was killed or lost its connection. Nothing was changed by this run; crawl again.",
    )
    waited = now - timedelta(seconds=settings.CRAWL_TIME_LIMIT + 60)
    lost += active.filter(status=CrawlRun.Status.QUEUED, queued_at__lt=waited).update(
        status=CrawlRun.Status.FAILED, finished_at=now, error="No worker picked this crawl up in time."
    )
    return lost


@contextmanager
def _heartbeat(run: CrawlRun):
    """Beat while the crawl works, also through long phases that report no progress."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.CRAWL_HEARTBEAT_SECONDS):
                CrawlRun.objects.filter(pk=run.pk, status=CrawlRun.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"crawl-{run.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _update(run: CrawlRun, **fields) -> None:
    """Write progress outside any transaction, so the browser and CLI see it live."""
    fields["heartbeat_at"] = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    CrawlRun.objects.filter(pk=run.pk).update(**fields)


def crawl_source(
    *, run_id: int, final_attempt: bool = True, on_progress: ProgressCallback | None = None
) -> CrawlRun:
    """Run one crawl. With final_attempt=False a transient failure raises TransientCrawlError."""
    run = CrawlRun.objects.select_related("source").get(pk=run_id)
    if not _claim(run):
        # Finished already (a redelivered task), or another worker crawls it right now (a
        # redelivered or duplicated message): crawling again could only repeat its work.
        run.refresh_from_db()
        return run

    def progress(percent: int, phase: str) -> None:
        _update(run, progress=percent, phase=phase)
        if on_progress:
            on_progress(run)

    with _heartbeat(run):
        return _crawl(run, final_attempt, progress, on_progress)


def _claim(run: CrawlRun) -> bool:
    """Take the run for this worker in one conditional UPDATE, so that of two task runs for the
    same crawl (a redelivered message, two workers at once) exactly one crawls: a queued run, or a
    running one whose worker stopped beating."""
    now = timezone.now()
    silent = now - timedelta(seconds=settings.CRAWL_LOST_AFTER)
    lost = Q(status=CrawlRun.Status.RUNNING) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=silent))
    taken = (
        CrawlRun.objects.filter(pk=run.pk)
        .filter(Q(status=CrawlRun.Status.QUEUED) | lost)
        .update(
            status=CrawlRun.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            error="",
        )
    )
    if taken:
        run.refresh_from_db(fields=["status", "started_at", "heartbeat_at", "attempts", "error"])
    return bool(taken)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while a crawl builds and diffs its records: hundreds of thousands
    of tuples, lists and dicts (none of them in cycles) made it walk every one of them again and
    again, a third of the save. Cycles made meanwhile are collected as soon as it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _crawl(run: CrawlRun, final_attempt: bool, progress, on_progress) -> CrawlRun:
    try:
        with _no_cycle_collection():
            data, warnings = _read_source(run.source, progress)
            progress(85, "saving")
            result = sync_catalog(run=run, data=data, source_filter=SourceFilter.for_source(run.source))
            del data
    except ConnectorError as exc:
        if exc.code in TRANSIENT_CODES and not final_attempt:
            _update(run, status=CrawlRun.Status.QUEUED, phase=f"retrying: {exc.message}")
            raise TransientCrawlError(exc.message) from None
        _finish(run, CrawlRun.Status.FAILED, error=exc.message)
    except Exception as exc:
        logger.exception("Crawl %s of source %s failed", run.pk, run.source_id)
        _finish(
            run, CrawlRun.Status.FAILED, error=f"Unexpected error ({type(exc).__name__}); see the worker log."
        )
    else:
        if any(result.changed.values()):  # a crawl that changed nothing has nothing to index
            index_after_crawl(source=run.source, changed=result.changed)
        warnings += result.warnings + _after_crawl(run, frozenset(result.changed_tables))
        _finish(run, CrawlRun.Status.SUCCEEDED, counts=dict(result.counts), warnings=warnings)
    if on_progress:
        on_progress(run)
    return run


def _after_crawl(run: CrawlRun, changed_tables: frozenset[int]) -> list[dict]:
    """Let other apps react to the new catalog (view lineage, …); their failures become warnings,
    and so do the warnings they return ([{code, message, object}])."""
    warnings = []
    outcomes = crawl_succeeded.send_robust(sender=CrawlRun, run=run, changed_tables=changed_tables)
    for receiver, outcome in outcomes:
        if isinstance(outcome, list):
            warnings += [
                {
                    "code": str(w.get("code", "")),
                    "message": str(w.get("message", "")),
                    "object": str(w.get("object", "")),
                }  # fmt: skip
                for w in outcome
                if isinstance(w, dict)
            ]
        elif isinstance(outcome, Exception):
            logger.error("After-crawl step %s failed", receiver, exc_info=outcome)
            warnings.append(
                {
                    "code": "after_crawl_failed",
                    "message": f"{type(outcome).__name__}: {outcome}",
                    "object": "",
                }
            )
    return warnings


def _finish(run: CrawlRun, status: str, **fields) -> None:
    done = {"status": status, "finished_at": timezone.now()}
    if status == CrawlRun.Status.SUCCEEDED:
        done.update(progress=100, phase="done")
    _update(run, **done, **fields)


def _exact_profiles(item: SampleRecord, stored_digest: str | None) -> dict:
    """A small table read whole is profiled exactly, unless its rows are those its stored profiles
    were made from; its rows are dropped after: only the spread sample is kept until the sync."""
    item.digest = sample_digest(item)
    whole = SampleRecord(item.schema, item.table, item.columns, item.all_rows)
    item.all_rows = None
    if item.digest == stored_digest:
        return _keyed(item, dict.fromkeys(item.columns, UNCHANGED_EXACT))
    return _keyed(item, profile_sample(whole, source="exact"))


def _sample_profiles(item: SampleRecord, statistics, stored_digest: str | None) -> dict:
    """A profile of the sample, for the columns the engine's statistics do not describe, unless
    the sample and those columns are the ones its stored profiles were made from."""
    covered = {c for c in item.columns if (item.schema, item.table, c) in statistics}
    item.digest = sample_digest(item, covered)
    if item.digest == stored_digest:
        return _keyed(item, {c: UNCHANGED_SAMPLE for c in item.columns if c not in covered})
    return _keyed(item, profile_sample(item, skip=covered))


def _packed(item: SampleRecord, stored_digest: str | None) -> PackedSample:
    """The sample as the save takes it. Rows with the stored digest are the stored ones: the save
    leaves that sample as it is, so they are neither serialised nor kept until then."""
    if item.digest and item.digest == stored_digest:
        return PackedSample(item.columns, None, item.digest)
    return PackedSample.of(item.columns, item.rows, item.digest)


def _keyed(item: SampleRecord, profiles: dict) -> dict:
    return {(item.schema, item.table, column): profile for column, profile in profiles.items()}


def _read_source(source: DataSource, progress) -> tuple[CrawlData, list[dict]]:
    warnings: list[dict] = []
    source_filter = SourceFilter.for_source(source)
    stored_digests = load_sample_digests(source)
    with open_connector(source) as connector, ThreadPoolExecutor(1, "crawl-statistics") as beside:
        connector.exact_profile_rows = settings.CRAWL_EXACT_PROFILE_ROWS
        progress(5, "listing schemas")
        listed = connector.list_schemas()
        included = [name for name in listed if source_filter.includes_schema(name)]
        progress(10, "reading the catalog")
        snapshot = connector.fetch_structure(included)
        samples, sample_profiles, to_profile, counted = {}, {}, [], {}
        to_sample = [
            (table.schema, table.name, [column.name for column in table.columns])
            for table in snapshot.tables
            if source_filter.includes_table(table.schema, table.name) and table.columns
        ]
        sampling = bool(source.sample_enabled and source.sample_rows and to_sample)
        hints = {(t.schema, t.name): SampleHint(t.kind, t.row_count) for t in snapshot.tables}
        # The engine's column statistics are read only where they can serve: views have none, and
        # the tables read whole get exact profiles, which win over them (a table that turns out
        # bigger than its estimate gets its statistics after sampling, below).
        whole = {(schema, table) for schema, table, _ in to_sample} if sampling else set()
        whole = {key for key in whole if connector.reads_whole(hints[key])}
        profile_tables = [key for key, hint in hints.items() if key not in whole and hint.kind != "view"]
        # Sizes and engine statistics are read on a connection of their own while the tables are
        # sampled: on PostgreSQL they cost more than the rest of the catalog together.
        statistics = beside.submit(connector.fetch_statistics, snapshot, profile_tables=profile_tables)
        if sampling:
            progress(30, "sampling")
            items = connector.fetch_samples(
                to_sample, source.sample_rows, threads=settings.CRAWL_SAMPLE_THREADS, hints=hints
            )
            # About ten progress reports on a small source, one per 200 tables on a big one.
            step = max(1, min(200, len(to_sample) // 10))
            for done, item in enumerate(items, 1):
                if isinstance(item, SampleError):
                    warnings.append(
                        {
                            "code": "sample_failed",
                            "message": item.message,
                            "object": f"{item.schema}.{item.table}",
                        }
                    )
                elif isinstance(item, SampleRecord):
                    if item.all_rows is not None:
                        digest = stored_digests.get((item.schema, item.table))
                        sample_profiles.update(_exact_profiles(item, digest))
                        counted[(item.schema, item.table)] = item.population
                        samples[(item.schema, item.table)] = _packed(item, digest)
                    else:
                        to_profile.append(item)  # once the statistics say which columns they cover
                if done % step == 0:
                    progress(30 + 55 * done // len(to_sample), f"sampling {done}/{len(to_sample)}")
        statistics.result().apply_to(snapshot)
        if not_whole := whole - counted.keys():  # bigger than their estimate, or not sampled
            connector.fetch_statistics(snapshot, profile_tables=not_whole, sizes=False).apply_to(snapshot)
        for table in snapshot.tables:  # read whole: the exact count beats no estimate
            if table.row_count is None and (table.schema, table.name) in counted:
                table.row_count = counted[(table.schema, table.name)]
        for item in to_profile:
            digest = stored_digests.get((item.schema, item.table))
            sample_profiles.update(_sample_profiles(item, snapshot.profiles, digest))
            samples[(item.schema, item.table)] = _packed(item, digest)
    return CrawlData(listed, snapshot, samples, sample_profiles), warnings

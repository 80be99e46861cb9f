"""Keeping search current after a crawl: a task of its own, queued when the crawl commits.

A crawl's transaction holds only catalog writes; indexing follows right after, in-process on the
embedded default and on a worker in production, so a large first crawl does not wait for it.
"""

from catalog.models import Column, DataSource, Schema, Table
from catalog.search import index_objects, index_source
from catalog.services.jobs import enqueue_task

# Past this many changed objects, comparing all of the source's documents beats a list of ids.
INDEX_BY_ID_LIMIT = 20_000
MODELS = {"schema": Schema, "table": Table, "column": Column}


def index_after_crawl(*, source: DataSource, changed: dict[str, set[int]]) -> None:
    """Queue the indexing of what a crawl changed, once its transaction has committed."""
    total = sum(len(ids) for ids in changed.values())
    changes = None if total > INDEX_BY_ID_LIMIT else {kind: sorted(ids) for kind, ids in changed.items()}
    # The queue down (Redis restarting) must not leave the new tables unfindable: index here.
    enqueue_task(
        "catalog.tasks.index_crawl_changes_task",
        source.pk,
        changes,
        on_failure=lambda exc: index_crawl_changes(source=source, changes=changes),
    )


def index_crawl_changes(*, source: DataSource, changes: dict[str, list[int]] | None) -> None:
    if changes is None:
        index_source(source)
        return
    index_objects(DataSource, [source.pk])
    for kind, model in MODELS.items():
        if changes.get(kind):
            index_objects(model, changes[kind])

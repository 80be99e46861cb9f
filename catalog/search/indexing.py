"""Keeping the search index current, incrementally: write the documents of what changed.

Every write goes through `_write_batch`: documents are built in batches, compared with what is
stored by a content hash, and only new or changed rows are written (bulk_create / bulk_update);
objects that are gone or hidden lose their document. The backends' full-text structures follow
the rows by themselves (PostgreSQL: a generated tsvector column; SQLite: FTS5 triggers).
"""

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import timezone

from catalog.models import Column, DataSource, Schema, SearchDocument, SearchFacet, Table
from catalog.search import ranking, vocabulary
from catalog.search.registry import (
    AssetType,
    Document,
    asset_type_for,
    asset_types,
    enrichers_for,
    multi_facets,
)
from catalog.search.text import fold, joined, name_words

BATCH = 500
# Search indexing's advisory locks: the first key is this plus the content type, the second the source.
INDEX_LOCK_SPACE = 7_104_001
MAX_TEXT = 100_000
ROW_FIELDS = [
    "asset_type",
    "category",
    "source_id",
    "schema_name",
    "name",
    "title",
    "qualified_name",
    "url",
    "name_key",
    "qualified_key",
    "full_key",
    "words_key",
    "text_a",
    "text_b",
    "text_c",
    "text_d",
    "summary",
    "facets",
    "signals",
    "removed",
    "boost",
]


def index_objects(model: type[Model], ids: Iterable[int]) -> int:
    """(Re)index these objects of a registered model, and the documents that depend on them.
    Objects that no longer exist or are hidden lose their document. Returns rows written."""
    asset = asset_type_for(model)
    ids = sorted(set(ids))
    written = 0
    with transaction.atomic(), _learning_at_the_end():
        # Dependents first (a column's table before the column): every run then locks kinds in the
        # order asset types are registered, as index_source does, and two runs wait, not deadlock.
        if asset.dependents and ids:
            for other, other_ids in asset.dependents(ids):
                written += index_objects(other, other_ids)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            built = list(asset.build(model._default_manager.filter(pk__in=chunk)))
            seen = {pk for pk, _ in built}
            built += [(pk, None) for pk in chunk if pk not in seen]
            written += _write_batch(asset, built)
    return written


def index_asset(asset: Model) -> int:
    """Reindex one edited asset (and, for a column, its table, whose document lists its columns)."""
    return index_objects(type(asset), [asset.pk])


def remove_objects(model: type[Model], ids: Iterable[int]) -> int:
    """Drop the documents of these objects (for apps whose objects are deleted outright)."""
    content_type = ContentType.objects.get_for_model(model)
    deleted, _ = SearchDocument.objects.filter(content_type=content_type, object_id__in=list(ids)).delete()
    return deleted


def index_source(source: DataSource, progress: Callable[[int], None] | None = None) -> int:
    """Reindex everything crawled from one source: after each crawl, and by rebuild_search_index.

    Unchanged documents are compared, not rewritten, so a recrawl that changed nothing writes nothing.
    """
    written = 0
    with transaction.atomic(), _learning_at_the_end():
        scopes = [
            (DataSource, DataSource.objects.filter(pk=source.pk)),
            (Schema, Schema.objects.filter(source=source)),
            (Table, Table.objects.filter(source=source)),
            (Column, Column.objects.filter(table__source=source)),
        ]
        for model, queryset in scopes:
            written += _index_queryset(asset_type_for(model), queryset, progress)
            content_type = ContentType.objects.get_for_model(model)
            SearchDocument.objects.filter(content_type=content_type, source=source).exclude(
                _exists(model)
            ).delete()
    return written


def rebuild_index(progress: Callable[[int], None] | None = None) -> int:
    """Index every registered asset, and drop documents of anything else: on demand only.

    The vocabulary is emptied first and learnt again from every document, changed or not, so the
    words of documents long gone leave it."""
    written = 0
    vocabulary.forget_all()
    content_types = []
    for asset in asset_types():
        model = asset.model
        content_type = ContentType.objects.get_for_model(model)
        content_types.append(content_type.pk)
        queryset = model._default_manager.all()
        with transaction.atomic(), _learning_at_the_end():
            written += _index_queryset(asset, queryset, progress, relearn=True)
            SearchDocument.objects.filter(content_type=content_type).exclude(_exists(model)).delete()
    SearchDocument.objects.exclude(content_type__in=content_types).delete()
    return written


def _exists(model):
    # NOT EXISTS plans as an anti-join; NOT IN (subquery) over 200,000 ids does not.
    return Exists(model._default_manager.filter(pk=OuterRef("object_id")))


def count_indexable() -> int:
    return sum(asset.model._default_manager.count() for asset in asset_types())


def _index_queryset(asset: AssetType, queryset: QuerySet, progress, *, relearn: bool = False) -> int:
    written, batch = 0, []
    for item in asset.build(queryset):
        batch.append(item)
        if len(batch) >= BATCH:
            written += _write_batch(asset, batch, relearn=relearn)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        written += _write_batch(asset, batch, relearn=relearn)
        if progress:
            progress(len(batch))
    return written


def _row(asset: AssetType, doc: Document, extra: dict) -> dict:
    facets = {key: sorted({str(v) for v in values if v}) for key, values in doc.facets.items()}
    for key, values in extra.get("facets", {}).items():
        facets[key] = sorted(set(facets.get(key, [])) | {str(v) for v in values if v})
    facets = {key: values for key, values in sorted(facets.items()) if values}
    signals = {**doc.signals, **extra.get("signals", {})}
    signals = {key: value for key, value in sorted(signals.items()) if value not in (None, 0, "", [], {})}
    qualified_key = fold(doc.qualified_name)
    tags = [value for facet in multi_facets() if facet.searchable for value in facets.get(facet.key, [])]
    return {
        "asset_type": doc.asset_type,
        "category": asset.category,
        "source_id": doc.source_id,
        "schema_name": doc.schema_name[:255],
        "name": doc.name[:500],
        "title": doc.title[:300],
        "qualified_name": doc.qualified_name[:1000],
        "url": doc.url[:500],
        "name_key": fold(doc.name)[:500],
        "qualified_key": qualified_key[:1000],
        "full_key": f"{doc.source_slug}/{qualified_key}"[:1000]
        if doc.source_slug and doc.schema_name
        else "",
        "words_key": name_words(doc.name)[:500],
        "text_a": joined(doc.name, *doc.names)[:MAX_TEXT],
        "text_b": joined(doc.title)[:MAX_TEXT],
        "text_c": joined(*doc.column_text, *tags, *extra.get("terms", []))[:MAX_TEXT],
        "text_d": joined(*doc.body, *extra.get("text", []))[:MAX_TEXT],
        "summary": (doc.summary or "")[:2000],
        "facets": facets,
        "signals": signals,
        "removed": doc.removed,
        "boost": ranking.static_boost(
            type_weight=asset.weights.get(doc.asset_type, 1.0), signals=signals, removed=doc.removed
        ),
    }


def _hash(row: dict) -> str:
    return hashlib.md5(
        json.dumps(row, sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()


def _write_batch(asset: AssetType, built: list[tuple[int, Document | None]], *, relearn: bool = False) -> int:
    content_type = ContentType.objects.get_for_model(asset.model)
    with transaction.atomic():
        _lock_documents_of(content_type, {doc.source_id or 0 for _, doc in built if doc is not None})
        return _write_locked_batch(asset, content_type, built, relearn=relearn)


def _lock_documents_of(content_type: ContentType, source_ids: set[int]) -> None:
    """Two indexing runs at once (a redelivered task, a crawl's and a rebuild's) would both see a
    document missing and both insert it. Their batches of one kind of asset of one source take
    turns: on PostgreSQL through transaction-scoped advisory locks, one per kind and source (0 for
    assets of no source), taken in order; SQLite's IMMEDIATE transactions already let one writer
    in at a time. Documents of different sources never clash, so sources crawled at once on
    several workers are indexed at once. Removing a document needs no lock: deleting twice is
    deleting once."""
    if connection.vendor == "postgresql" and source_ids:
        with connection.cursor() as cursor:
            for source_id in sorted(source_ids):
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [INDEX_LOCK_SPACE + content_type.pk, source_id]
                )


def _write_locked_batch(
    asset: AssetType, content_type: ContentType, built: list[tuple[int, Document | None]], *, relearn: bool
) -> int:
    pks = [pk for pk, doc in built if doc is not None]
    extras: dict[int, dict] = {}
    for enricher in enrichers_for(asset.model):
        for pk, data in (enricher(pks) if pks else {}).items():
            merged = extras.setdefault(pk, {})
            for key, value in data.items():
                if key in ("facets", "signals"):
                    merged.setdefault(key, {}).update(value)
                else:
                    merged[key] = value
    rows = {pk: _row(asset, doc, extras.get(pk, {})) for pk, doc in built if doc is not None}
    existing = {
        object_id: (doc_id, content_hash)
        for object_id, doc_id, content_hash in SearchDocument.objects.filter(
            content_type=content_type, object_id__in=[pk for pk, _ in built]
        ).values_list("object_id", "id", "content_hash")
    }
    now = timezone.now()
    new, changed, written = [], [], set()
    for pk, row in rows.items():
        content_hash = _hash(row)
        if pk not in existing or existing[pk][1] != content_hash:
            written.add(pk)
        if pk not in existing:
            new.append(
                SearchDocument(
                    content_type=content_type, object_id=pk, content_hash=content_hash, updated_at=now, **row
                )
            )
        elif existing[pk][1] != content_hash:
            changed.append(
                SearchDocument(id=existing[pk][0], content_hash=content_hash, updated_at=now, **row)
            )
    gone = [existing[pk][0] for pk, doc in built if doc is None and pk in existing]
    if gone:
        SearchDocument.objects.filter(id__in=gone).delete()
    SearchDocument.objects.bulk_create(new, batch_size=BATCH)
    SearchDocument.objects.bulk_update(changed, [*ROW_FIELDS, "content_hash", "updated_at"], batch_size=100)
    _write_facets(new, changed)
    # Words new to the index join the vocabulary (stems, spelling corrections): those of the rows
    # written (of every row on a rebuild), one query per 500 words when nothing is new.
    learnt = [row for pk, row in rows.items() if relearn or pk in written]
    _learn(" ".join((row["text_a"], row["text_b"], row["text_c"], row["text_d"])) for row in learnt)
    return len(new) + len(changed) + len(gone)


def _write_facets(new: list[SearchDocument], changed: list[SearchDocument]) -> None:
    if changed:
        SearchFacet.objects.filter(document_id__in=[doc.id for doc in changed]).delete()
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document_id=doc.id, name=key[:40], value=value[:255])
            for doc in (*new, *changed)
            for key, values in doc.facets.items()
            for value in values
        ],
        batch_size=BATCH,
    )


_words_to_learn = threading.local()


@contextmanager
def _learning_at_the_end():
    """Words new to the vocabulary are learnt once, when an indexing run has written all its
    documents, right before its transaction commits. Two runs inserting the same new word wait for
    each other's commit (the word is unique): learnt batch by batch, a run would wait for another
    run's whole indexing, and two runs learning shared words in different orders would deadlock.
    At the end each run inserts its words sorted in one pass, and commits at once."""
    if getattr(_words_to_learn, "words", None) is not None:  # a nested run: the outer one learns
        yield
        return
    _words_to_learn.words = set()
    try:
        yield
        vocabulary.learn_words(_words_to_learn.words)
    finally:
        _words_to_learn.words = None


def _learn(texts: Iterable[str]) -> None:
    words = getattr(_words_to_learn, "words", None)
    if words is None:
        vocabulary.learn(texts)
    else:
        for text in texts:
            words |= vocabulary.learnable(text)

"""Keeping the search index current, incrementally: write the documents of what changed.

Every write goes through `_write_locked_batch`: documents are built in batches, compared with what
is stored by a content hash, and only new or changed rows are written; objects that are gone or
hidden lose their document. Rows are plain tuples written by the backend the fastest way its
database takes them (PostgreSQL: COPY; SQLite: executemany, with the FTS5 entries of new and
changed rows written per set), never model instances: at 200,000 documents the ORM's per-field work cost more
than the database's. The full-text structures follow the rows (PostgreSQL: a generated tsvector
column; SQLite: FTS5 tables, kept by triggers for every other write).
"""

import hashlib
import json
import math
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from json.encoder import encode_basestring_ascii
from operator import itemgetter

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import timezone

from catalog.models import Column, DataSource, Schema, SearchDocument, SearchFacet, Table
from catalog.search import names, ranking, vocabulary
from catalog.search.backends import get_backend
from catalog.search.builders import IdsIn
from catalog.search.registry import (
    AssetType,
    Document,
    asset_type_for,
    asset_types,
    enrichers_for,
    multi_facets,
)
from catalog.search.text import fold, joined, joined_words, name_words

# Documents per batch: large enough that per-query costs (enrichers, lookups) fade, small enough
# that SQLite's IN lists stay far below its variable limit and a batch's rows a few MB.
BATCH = 2000
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
ROW_COLUMNS = [*ROW_FIELDS, "content_hash", "updated_at"]  # attnames and column names alike
FACETS, SIGNALS = ROW_FIELDS.index("facets"), ROW_FIELDS.index("signals")


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
            built = list(asset.build(model._default_manager.filter(IdsIn("pk", chunk))))
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
    with transaction.atomic(), _learning_at_the_end():
        return _delete_documents(
            SearchDocument.objects.filter(content_type=content_type, object_id__in=list(ids))
        )


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
            written += _index_queryset(asset_type_for(model), queryset, {source.pk}, progress)
            content_type = ContentType.objects.get_for_model(model)
            _delete_documents(
                SearchDocument.objects.filter(content_type=content_type, source=source).exclude(
                    _exists(model)
                )
            )
    return written


def rebuild_index(progress: Callable[[int], None] | None = None) -> int:
    """Index every registered asset, and drop documents of anything else: on demand only.

    The vocabulary is emptied first and learnt again from every document, changed or not, so the
    words of documents long gone leave it."""
    written = 0
    vocabulary.forget_all()
    content_types = []
    every_source = {0, *DataSource.objects.values_list("pk", flat=True)}
    for asset in asset_types():
        model = asset.model
        content_type = ContentType.objects.get_for_model(model)
        content_types.append(content_type.pk)
        queryset = model._default_manager.all()
        with transaction.atomic(), _learning_at_the_end():
            written += _index_queryset(asset, queryset, every_source, progress, relearn=True)
            _delete_documents(
                SearchDocument.objects.filter(content_type=content_type).exclude(_exists(model))
            )
    with transaction.atomic():
        SearchDocument.objects.exclude(content_type__in=content_types).delete()
        # Whatever the documents were, no name outlives the last column carrying it.
        names.prune()
    return written


def _delete_documents(queryset) -> int:
    """Delete these documents (and their facet values); the names of the columns among them are
    checked at the end of the run (a name no column carries any more leaves autocomplete).
    Returns the rows deleted, as QuerySet.delete() counts them."""
    rows = list(queryset.values_list("id", "asset_type", "name"))
    _forget_names(name for _, asset_type, name in rows if asset_type == names.COLUMN)
    deleted = 0
    for start in range(0, len(rows), BATCH):
        chunk = [doc_id for doc_id, _, _ in rows[start : start + BATCH]]
        deleted += SearchDocument.objects.filter(IdsIn("id", chunk)).delete()[0]
    return deleted


def _exists(model):
    # NOT EXISTS plans as an anti-join; NOT IN (subquery) over 200,000 ids does not.
    return Exists(model._default_manager.filter(pk=OuterRef("object_id")))


def count_indexable() -> int:
    return sum(asset.model._default_manager.count() for asset in asset_types())


def _index_queryset(
    asset: AssetType, queryset: QuerySet, source_ids: set[int], progress, *, relearn: bool = False
) -> int:
    """Index every object of `queryset`, whose documents belong to `source_ids` (0: no source): the
    stored hashes are read once, in one query joined to the scope, after taking those sources'
    locks (so no other run can add one meanwhile)."""
    content_type = ContentType.objects.get_for_model(asset.model)
    written, batch = 0, []
    with transaction.atomic():
        _lock_documents_of(content_type, source_ids)
        existing = _stored(content_type, object_id__in=queryset.order_by().values("pk"))
        for item in asset.build(queryset):
            batch.append(item)
            if len(batch) >= BATCH:
                written += _write_locked_batch(asset, content_type, batch, existing, relearn=relearn)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            written += _write_locked_batch(asset, content_type, batch, existing, relearn=relearn)
            if progress:
                progress(len(batch))
    return written


def _stored(content_type: ContentType, *condition, **lookup) -> dict[int, tuple[int, str]]:
    """{object id: (document id, content hash)} of the stored documents of these objects."""
    documents = SearchDocument.objects.filter(*condition, content_type=content_type, **lookup)
    # Fetched whole, not with iterator(): PostgreSQL plans a server-side cursor for its first rows
    # (a nested loop that took 30 s at 40,000 rows), and 200,000 short tuples are a few MB.
    rows = documents.values_list("object_id", "id", "content_hash")
    return {object_id: (doc_id, content_hash) for object_id, doc_id, content_hash in rows}


def _rows(asset: AssetType, built: list[tuple[int, Document | None]], extras: dict[int, dict]) -> dict:
    """{pk: row} of a batch's documents."""
    return dict(_built_rows(asset, built, extras))


def _built_rows(asset: AssetType, built: list[tuple[int, Document | None]], extras: dict[int, dict]):
    """(pk, row) of a batch's documents, one at a time; what every row shares is looked up once."""
    tag_keys = [facet.key for facet in multi_facets() if facet.searchable]
    boosts: dict = {}
    for pk, doc in built:
        if doc is not None:
            yield pk, _row(asset, doc, extras.get(pk, _NO_EXTRA), tag_keys, boosts)


_NO_EXTRA: dict = {}


def _row(asset: AssetType, doc: Document, extra: dict, tag_keys: list[str], boosts: dict) -> dict:
    extra_facets = extra.get("facets") if extra else None
    if doc.facets or extra_facets:
        facets = {key: sorted({str(v) for v in values if v}) for key, values in doc.facets.items()}
        for key, values in (extra_facets or {}).items():
            facets[key] = sorted(set(facets.get(key, [])) | {str(v) for v in values if v})
        facets = {key: values for key, values in sorted(facets.items()) if values}
    else:
        facets = {}
    extra_signals = extra.get("signals") if extra else None
    if doc.signals or extra_signals:
        signals = {**doc.signals, **(extra_signals or {})}
        signals = {key: value for key, value in sorted(signals.items()) if value not in (None, 0, "", [], {})}
    else:
        signals = {}
    qualified_key = fold(doc.qualified_name)
    weight = asset.weights.get(doc.asset_type, 1.0)
    if signals:
        boost = ranking.static_boost(type_weight=weight, signals=signals, removed=doc.removed)
    else:
        # Without signals a boost depends on the weight and removal alone: most documents.
        boost = boosts.get((weight, doc.removed))
        if boost is None:
            boost = boosts[weight, doc.removed] = ranking.static_boost(
                type_weight=weight, signals=signals, removed=doc.removed
            )
    # Most fields of most documents (a column's) hold one text or none: joined() of one text is
    # its words, of none "", so those skip the general case's argument packing and filtering.
    name, title = doc.name, doc.title
    terms = extra.get("terms", ()) if extra else ()
    tags = [value for key in tag_keys for value in facets.get(key, ())] if facets else ()
    if doc.column_text or tags or terms:
        text_c = joined(*doc.column_text, *tags, *terms)[:MAX_TEXT]
    else:
        text_c = ""
    extra_text = extra.get("text", ()) if extra else ()
    return {
        "asset_type": doc.asset_type,
        "category": asset.category,
        "source_id": doc.source_id,
        "schema_name": doc.schema_name[:255],
        "name": name[:500],
        "title": title[:300],
        "qualified_name": doc.qualified_name[:1000],
        "url": doc.url[:500],
        "name_key": fold(name)[:500],
        "qualified_key": qualified_key[:1000],
        "full_key": f"{doc.source_slug}/{qualified_key}"[:1000]
        if doc.source_slug and doc.schema_name
        else "",
        "words_key": name_words(name)[:500],
        "text_a": (joined(name, *doc.names) if doc.names else joined_words(name) if name else "")[:MAX_TEXT],
        "text_b": joined_words(title)[:MAX_TEXT] if title else "",
        "text_c": text_c,
        "text_d": joined(*doc.body, *extra_text)[:MAX_TEXT],
        "summary": (doc.summary or "")[:2000],
        "facets": facets,
        "signals": signals,
        "removed": doc.removed,
        "boost": boost,
    }


# json.dumps(row, sort_keys=True, default=str) without building an encoder per row: the same text,
# so the same hashes as documents already stored.
_ENCODER = json.JSONEncoder(sort_keys=True, default=str)
# The row's keys in json.dumps(sort_keys=True) order, each with its `"key": ` prefix: a row is
# written field by field, strings (most of them) straight by the C escaper json itself uses.
_JSON_PREFIXES = [f"{encode_basestring_ascii(key)}: " for key in sorted(ROW_FIELDS)]
_JSON_VALUES = itemgetter(*sorted(ROW_FIELDS))


def _json_value(value) -> str:
    """json.dumps(value, default=str) of one field of a row, as a member of the row's object."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if kind is dict and not value:
        return "{}"
    return _ENCODER.encode(value)  # facets, signals and anything unusual: json's own rules


def _row_json(row: dict) -> str:
    """_ENCODER.encode(row) of a row of exactly ROW_FIELDS, without json's per-call set-up and sort."""
    members = [
        prefix + (encode_basestring_ascii(value) if type(value) is str else _json_value(value))
        for prefix, value in zip(_JSON_PREFIXES, _JSON_VALUES(row), strict=True)
    ]
    return "{" + ", ".join(members) + "}"


def _hash(row: dict) -> str:
    return hashlib.md5(_row_json(row).encode(), usedforsecurity=False).hexdigest()


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
    asset: AssetType,
    content_type: ContentType,
    built: list[tuple[int, Document | None]],
    existing: dict[int, tuple[int, str]] | None = None,
    *,
    relearn: bool,
) -> int:
    """Write a batch's new and changed documents; `existing`: the stored hashes of (at least) its
    objects, else they are read here."""
    pks = [pk for pk, doc in built if doc is not None]
    extras = _enrich(asset, pks)
    if existing is None:
        existing = _stored(content_type, IdsIn("object_id", [pk for pk, _ in built]))
    gone = [existing[pk][0] for pk, doc in built if doc is None and pk in existing]
    if gone:
        _delete_documents(SearchDocument.objects.filter(IdsIn("id", gone)))
    backend = get_backend()
    now = _db_now()
    rows, new, changed = [], [], []

    def new_rows():
        # Built, hashed and compared while the backend writes them: PostgreSQL stores the first
        # rows of a COPY while Python builds the next, instead of waiting for the whole batch.
        for pk, row in _built_rows(asset, built, extras):
            content_hash = _hash(row)
            rows.append(row)
            stored = existing.get(pk)
            if stored is None:
                new.append((pk, row, content_hash))
                yield (content_type.pk, pk, *_values(backend, row), content_hash, now)
            elif stored[1] != content_hash:
                changed.append((stored[0], row, content_hash))

    backend.insert_documents(
        SearchDocument._meta.db_table, ["content_type_id", "object_id", *ROW_COLUMNS], new_rows()
    )
    if changed:
        # A column renamed may leave its old name carried by no column.
        renamed = {doc_id: row["name"] for doc_id, row, _ in changed if row["asset_type"] == names.COLUMN}
        old = SearchDocument.objects.filter(id__in=list(renamed), asset_type=names.COLUMN)
        _forget_names(name for doc_id, name in old.values_list("id", "name") if renamed[doc_id] != name)
    backend.update_documents(
        SearchDocument._meta.db_table,
        ROW_COLUMNS,
        [(*_values(backend, row), content_hash, now, doc_id) for doc_id, row, content_hash in changed],
    )
    _write_facets(backend, content_type, new, changed)
    # Words new to the index join the vocabulary (stems, spelling corrections): those of the rows
    # written (of every row on a rebuild), one query per 500 words when nothing is new.
    learnt = rows if relearn else [row for _, row, _ in (*new, *changed)]
    _learn(row[field] for row in learnt for field in ("text_a", "text_b", "text_c", "text_d"))
    _learn_names((row["name"], row["text_a"]) for row in learnt if row["asset_type"] == names.COLUMN)
    return len(new) + len(changed) + len(gone)


def _enrich(asset: AssetType, pks: list[int]) -> dict[int, dict]:
    extras: dict[int, dict] = {}
    for enricher in enrichers_for(asset.model):
        for pk, data in (enricher(pks) if pks else {}).items():
            merged = extras.setdefault(pk, {})
            for key, value in data.items():
                if key in ("facets", "signals"):
                    merged.setdefault(key, {}).update(value)
                else:
                    merged[key] = value
    return extras


_ROW_VALUES = itemgetter(*ROW_FIELDS)


def _values(backend, row: dict) -> list:
    values = list(_ROW_VALUES(row))
    values[FACETS] = backend.json_value(values[FACETS])
    values[SIGNALS] = backend.json_value(values[SIGNALS])
    return values


def _db_now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _write_facets(backend, content_type: ContentType, new: list, changed: list) -> None:
    """SearchFacet rows of the documents written: ids of new documents are looked up only for the
    few that have facet values (COPY returns none)."""
    if changed:
        SearchFacet.objects.filter(IdsIn("document_id", [doc_id for doc_id, _, _ in changed])).delete()
    with_facets = [pk for pk, row, _ in new if row["facets"]]
    ids = {}
    for start in range(0, len(with_facets), BATCH):
        ids.update(
            SearchDocument.objects.filter(
                IdsIn("object_id", with_facets[start : start + BATCH]), content_type=content_type
            ).values_list("object_id", "id")
        )
    documents = [(ids[pk], row) for pk, row, _ in new if row["facets"]]
    documents += [(doc_id, row) for doc_id, row, _ in changed]
    backend.insert_rows(
        SearchFacet._meta.db_table,
        ["document_id", "name", "value"],
        [
            (doc_id, key[:40], value[:255])
            for doc_id, row in documents
            for key, values in row["facets"].items()
            for value in values
        ],
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
    # The column names written and those that may have lost their last column (autocomplete's
    # SearchName) follow the same way, in the same transaction as the documents.
    _words_to_learn.words, _words_to_learn.names, _words_to_learn.gone = set(), set(), set()
    try:
        yield
        _lock_names()
        vocabulary.learn_words(_words_to_learn.words)
        names.learn(_words_to_learn.names)
        names.prune(_words_to_learn.gone - {name for name, _ in _words_to_learn.names})
    finally:
        _words_to_learn.words = _words_to_learn.names = _words_to_learn.gone = None


def _lock_names() -> None:
    """On PostgreSQL, runs finish one at a time: a run pruning a name another run is learning
    (its column not yet committed, the name's row still there to skip) would drop it for good.
    Taken before the vocabulary's words, so that no run waits for a word while holding it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [INDEX_LOCK_SPACE, 0])


def _learn_names(pairs: Iterable[tuple[str, str]]) -> None:
    learnt = getattr(_words_to_learn, "names", None)
    if learnt is None:
        names.learn(pairs)
    else:
        learnt.update(pairs)


def _forget_names(gone: Iterable[str]) -> None:
    pending = getattr(_words_to_learn, "gone", None)
    if pending is None:
        names.prune(gone)
    else:
        pending.update(gone)


def _learn(texts: Iterable[str]) -> None:
    words = getattr(_words_to_learn, "words", None)
    if words is None:
        vocabulary.learn(texts)
    else:
        words |= vocabulary.learnable_words(texts)

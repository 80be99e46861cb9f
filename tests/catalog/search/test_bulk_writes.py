"""Documents are written as plain rows (COPY on PostgreSQL, FTS5 entries per set on SQLite): what
is stored, and what full-text search finds, must be exactly what the builders said."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from catalog.models import Column, DataSource, Schema, SearchDocument, SearchFacet, Table
from catalog.search import index_source, register_enricher
from catalog.search import indexing as search_indexing
from catalog.search.backends.sqlite import FTS, INSERT_TRIGGER, TRIGRAMS, UPDATE_TRIGGER
from catalog.search.registry import _ENRICHERS, asset_type_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def enriched(catalog, app_signals):
    """Facets, signals and extra words on some tables, as governance and usage add them."""

    def enrich(ids):
        return {
            pk: {
                "facets": {"tag": ["finance", "gold"], "trust": ["endorsed"]},
                "signals": {"trust": ["endorsed"], "popularity": 3},
                "terms": ["net revenue"],
            }
            for pk in ids
            if pk in (catalog.payments.pk, catalog.summ.pk)
        }

    register_enricher(Table, enrich)
    yield catalog
    _ENRICHERS[Table].remove(enrich)


def _expected(model):
    """{object id: (row, hash)} as the indexer builds them, before any write."""
    asset = asset_type_for(model)
    built = list(asset.build(model._default_manager.all()))
    extras = search_indexing._enrich(asset, [pk for pk, doc in built if doc is not None])
    rows = search_indexing._rows(asset, built, extras)
    return {pk: (row, search_indexing._hash(row)) for pk, row in rows.items()}


def test_stored_documents_are_exactly_the_rows_built(enriched):
    SearchDocument.objects.all().delete()
    for source in (enriched.hospital, enriched.bank_source):
        assert index_source(source) > 0
    for model in (DataSource, Schema, Table, Column):
        expected = _expected(model)
        content_type = ContentType.objects.get_for_model(model)
        stored = {doc.object_id: doc for doc in SearchDocument.objects.filter(content_type=content_type)}
        assert set(stored) == set(expected)
        for pk, (row, content_hash) in expected.items():
            doc = stored[pk]
            assert {field: getattr(doc, field) for field in search_indexing.ROW_FIELDS} == row
            assert doc.content_hash == content_hash
            assert sorted(doc.facet_values.values_list("name", "value")) == sorted(
                (key, value) for key, values in row["facets"].items() for value in values
            )
    payments = SearchDocument.objects.get(object_id=enriched.payments.pk, asset_type="table")
    assert payments.facets == {"tag": ["finance", "gold"], "trust": ["endorsed"]}
    assert payments.signals == {"popularity": 3, "trust": ["endorsed"]}
    # Nothing changed: nothing is written again.
    assert sum(index_source(source) for source in (enriched.hospital, enriched.bank_source)) == 0


def test_changed_documents_are_updated_in_place_with_their_facets(enriched):
    doc = SearchDocument.objects.get(object_id=enriched.payments.pk, asset_type="table")
    Table.objects.filter(pk=enriched.payments.pk).update(description="Outgoing wire transfers")
    assert index_source(enriched.bank_source) == 1
    updated = SearchDocument.objects.get(object_id=enriched.payments.pk, asset_type="table")
    assert updated.pk == doc.pk and "wire" in updated.text_d.split()
    row, content_hash = _expected(Table)[enriched.payments.pk]
    assert {field: getattr(updated, field) for field in search_indexing.ROW_FIELDS} == row
    assert updated.content_hash == content_hash
    assert SearchFacet.objects.filter(document=updated).count() == 3


def _json_dumps_hash(row):
    """The content hash as documents already stored were hashed: md5 of json.dumps."""
    text = json.dumps(row, sort_keys=True, default=str)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def test_content_hashes_are_those_of_stored_documents(enriched):
    """The indexer writes a row's JSON field by field for speed; the hash must stay md5 of
    json.dumps, or an upgrade would rewrite every stored document once."""
    for model in (DataSource, Schema, Table, Column):
        for row, content_hash in _expected(model).values():
            assert content_hash == _json_dumps_hash(row)
    row = next(iter(_expected(Table).values()))[0]
    hostile = [
        "",
        "naïve Ünïcode ½ ﬁ 日本語 😀",
        "quotes ' \" and \\ back\nslash\t\u2028\x00\x1f",
        None,
        True,
        False,
        0,
        -(2**70),
        0.1,
        -0.0,
        1e-300,
        float("nan"),
        float("inf"),
        {"tag": ["b", "ä"], "trust": ["endorsed"]},
        {"popularity": 3, "when": dt.date(2024, 1, 2), "score": Decimal("1.5")},
        ["a", 1],
    ]
    for field in search_indexing.ROW_FIELDS:
        for value in hostile:
            changed = {**row, field: value}
            assert search_indexing._hash(changed) == _json_dumps_hash(changed), (field, value)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is the SQLite backend's")
def test_sqlite_full_text_tables_hold_every_document_written_in_bulk(catalog):
    def fts_ids(table, match):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])  # noqa: S608
            return {row[0] for row in cursor.fetchall()}

    SearchDocument.objects.all().delete()
    for source in (catalog.hospital, catalog.bank_source):
        index_source(source)
    documents = list(SearchDocument.objects.all())
    assert len(documents) > 15
    for doc in documents:
        for field in ("text_a", "text_b", "text_c", "text_d"):
            for word in set(getattr(doc, field).split()):
                assert doc.pk in fts_ids(FTS, f'{field} : "{word}"'), (doc, field, word)
        if len(doc.name_key) >= 3:
            assert doc.pk in fts_ids(TRIGRAMS, f'"{doc.name_key}"')

    def check_fts_and_triggers():
        with connection.cursor() as cursor:
            for table in (FTS, TRIGRAMS):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608
            # The triggers are back: writes outside the indexer keep FTS5 in step.
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
                [INSERT_TRIGGER, UPDATE_TRIGGER],
            )
            assert cursor.fetchone()[0] == 2

    check_fts_and_triggers()
    # An edit rewrites the row's entries: the old words leave FTS5, the new ones join.
    Table.objects.filter(pk=catalog.payments.pk).update(description="Wire transfers")
    assert index_source(catalog.bank_source) == 1
    doc = SearchDocument.objects.get(object_id=catalog.payments.pk, asset_type="table")
    assert doc.pk in fts_ids(FTS, 'text_d : "wire"')
    assert doc.pk not in fts_ids(FTS, 'text_d : "outgoing"')
    assert doc.pk in fts_ids(FTS, 'text_a : "payments"')
    assert doc.pk in fts_ids(TRIGRAMS, '"payments"')
    check_fts_and_triggers()

"""The index's vocabulary: stemming and typo tolerance for every word of every field, on both backends.

Documents keep their words as written (both backends index the same pre-tokenised words, and
technical names must not be stemmed); the vocabulary maps each English-ish word of the index to
its Snowball stem and to a few lookup keys: the word and its stem with a letter or two deleted
(catalog.search.text.term_keys). At query time indexed lookups of the query words' keys give,
for each query word:

* stem variants, always: words of the index with the same stem (payments -> payment, loading ->
  loaded) or a long stem that differs only in its last letter (diagnosis -> diagnostic). They
  match as whole words and weigh a little less than the word as typed (ranking.STEM_FACTOR);
* spelling corrections, used only when the query as typed (with its stems) finds fewer than 3
  documents: words within one edit, two for words of 8 letters or more, that start with the same
  letter (hosptial -> hospital, hospitals). They match as prefixes, weigh less again
  (ranking.TYPO_FACTOR), and their hits rank below every document holding the words as typed.

Cost at query time: one query over an index of keys (a second for corrections, only when the
words find little), and edit distances over their few candidate words in Python; never any work
per document. The vocabulary is learnt incrementally as documents are written
(catalog.search.indexing), bounded to MAX_TERMS words, and rebuilt (so pruned) by
rebuild_search_index.
"""

from collections.abc import Iterable
from dataclasses import replace

from django.db import connection
from django.db.models.constants import OnConflict

from catalog.models import SearchTerm, SearchTermKey
from catalog.search.text import (
    STEM,
    TYPO,
    VOCABULARY_WORD,
    ParsedQuery,
    Variant,
    edit_distance,
    near_stems,
    stem,
    stem_keys,
    term_keys,
    typo_budget,
    typo_keys,
)

MAX_TERMS = 200_000  # words; a catalog's language is far smaller, identifiers' words are not
MAX_CANDIDATES = 2_000  # rows of the one lookup per search
MAX_STEM_VARIANTS = 6  # per query word
MAX_CORRECTIONS = 4  # per query word
CHUNK = 500


def learn(texts: Iterable[str]) -> int:
    """Add the new words of these index texts, with their stems and keys. Returns words added."""
    return learn_words(learnable_words(texts))


def learnable_words(texts: Iterable[str]) -> set[str]:
    """The words the vocabulary keeps of these index texts."""
    # Catalogs repeat the same texts (column names, descriptions) and words thousands of times:
    # split each distinct text once, and test each distinct word once.
    seen: set[str] = set()
    for text in set(texts):
        seen.update(text.split())
    return {word for word in seen if VOCABULARY_WORD.fullmatch(word)}


def learn_words(words: set[str]) -> int:
    """Add these words (already learnable) that are new, with their stems and keys, in sorted order:
    two runs learning the same words at once then wait for each other, never in a cycle."""
    if not words:
        return 0
    ordered = sorted(words)
    known = set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        known |= set(SearchTerm.objects.filter(word__in=chunk).values_list("word", flat=True))
    new = [word for word in ordered if word not in known]
    if not new:
        return 0
    room = MAX_TERMS - SearchTerm.objects.count()
    new = new[: max(0, room)]
    if not new:
        return 0
    insert_new(SearchTerm, ["word", "stem"], [(word, stem(word)) for word in new])
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        terms = SearchTerm.objects.filter(word__in=chunk).values_list("id", "word")
        insert_new(
            SearchTermKey,
            ["term_id", "key"],
            [(pk, key) for pk, word in terms for key in sorted(term_keys(word))],
        )
    return len(new)


def insert_new(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT these rows, skipping any already stored (two indexing runs may learn the same word at
    once): plain tuples (PostgreSQL: one statement of column arrays; SQLite: CHUNK rows a
    statement), no model instances (a first indexing learns tens
    of thousands of keys, and bulk_create's per-object work cost more than the inserts)."""
    ops = connection.ops
    head = f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(model._meta.db_table)}"
    names = ", ".join(ops.quote_name(model._meta.get_field(column).column) for column in columns)
    tail = ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])
    if connection.vendor == "postgresql" and rows:
        # One array per column, unnested: a first indexing's 15,000 keys are one statement of a
        # few parameters, where 500-row VALUES lists cost 25 ms each to bind and parse.
        types = [model._meta.get_field(column).db_type(connection) for column in columns]
        arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
        with connection.cursor() as cursor:
            cursor.execute(
                # Names and types are the model's, values parameters.
                f"{head} ({names}) SELECT * FROM unnest({arrays}) {tail}",  # noqa: S608
                [list(values) for values in zip(*rows, strict=True)],
            )
        return
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = ", ".join([marks] * len(chunk))
            cursor.execute(
                f"{head} ({names}) VALUES {values} {tail}", [value for row in chunk for value in row]
            )


def forget_all() -> None:
    """Empty the vocabulary (rebuild_search_index learns it anew from the documents it writes)."""
    # Plain DELETEs, compiled by Django: delete() would first load every term to cascade to its
    # keys, and send signals nobody listens to. Keys first, so no term is still referenced.
    for model in (SearchTermKey, SearchTerm):
        model.objects.all()._raw_delete(model.objects.db)


def with_stems(query: ParsedQuery) -> ParsedQuery:
    """The query with each word's stem variants: one lookup of a few keys per word."""
    found = _lookup({token: stem_keys(token) for token in query.tokens if VOCABULARY_WORD.fullmatch(token)})
    return _with(query, {token: _stem_variants(token, candidates) for token, candidates in found.items()})


def with_corrections(query: ParsedQuery) -> ParsedQuery:
    """The query (with its stem variants) plus each word's spelling corrections: one more lookup,
    made only when the words find little."""
    wanted = {token: typo_keys(token) for token in query.tokens if VOCABULARY_WORD.fullmatch(token)}
    found = _lookup({token: keys for token, keys in wanted.items() if keys})
    variants = {token: list(query.variants_of(token)) for token in query.tokens}
    for token, candidates in found.items():
        taken = {v.word for v in variants[token]}
        variants[token] += _corrections(token, {word for word, _ in candidates} - taken)
    return _with(query, variants)


def _lookup(keys_by_token: dict[str, set[str]]) -> dict[str, set[tuple[str, str]]]:
    """(word, stem) of the vocabulary's words under each token's keys, words it starts left out
    (they already match it as a prefix)."""
    every_key = sorted(set().union(*keys_by_token.values())) if keys_by_token else []
    if not every_key:
        return {}
    by_key: dict[str, set[tuple[str, str]]] = {}
    rows = SearchTermKey.objects.filter(key__in=every_key).values_list("key", "term__word", "term__stem")
    for key, word, root in rows[:MAX_CANDIDATES]:
        by_key.setdefault(key, set()).add((word, root))
    return {
        token: {item for key in keys for item in by_key.get(key, ()) if not item[0].startswith(token)}
        for token, keys in keys_by_token.items()
    }


def _stem_variants(token: str, candidates: set[tuple[str, str]]) -> list[Variant]:
    root = stem(token)
    same = sorted((word, other) for word, other in candidates if near_stems(root, other))
    same.sort(key=lambda item: (item[1] != root, abs(len(item[0]) - len(token)), item[0]))
    return [Variant(word, STEM) for word, _ in same[:MAX_STEM_VARIANTS]]


def _corrections(token: str, words: set[str]) -> list[Variant]:
    budget = typo_budget(token)
    close = []
    for word in words:
        if word[0] != token[0]:
            continue  # first letters are never corrected: fewer unrelated words
        distance = edit_distance(token, word, budget)
        if distance <= budget:
            close.append((distance, abs(len(word) - len(token)), word))
    return [Variant(word, TYPO) for _, _, word in sorted(close)[:MAX_CORRECTIONS]]


def _with(query: ParsedQuery, variants: dict[str, list[Variant]]) -> ParsedQuery:
    kept = tuple((token, tuple(found)) for token, found in variants.items() if found)
    return replace(query, variants=kept)

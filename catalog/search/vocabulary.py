"""The index's vocabulary: stemming and typo tolerance for every word of every field, on both backends.

Documents keep their words as written (both backends index the same pre-tokenised words, and
technical names must not be stemmed); the vocabulary maps each English-ish word of the index to
its Snowball stem and to a few lookup keys: the word and its stem with a letter or two deleted
(catalog.search.text.term_keys). At query time one indexed lookup of the query words' keys
gives, for each query word:

* stem variants, always: words of the index with the same stem (payments -> payment, loading ->
  loaded) or a long stem that differs only in its last letter (diagnosis -> diagnostic). They
  match as whole words and weigh a little less than the word as typed (ranking.STEM_FACTOR);
* spelling corrections, used only when the query as typed (with its stems) finds fewer than 3
  documents: words within one edit, two for words of 8 letters or more, that start with the same
  letter (hosptial -> hospital, hospitals). They match as prefixes, weigh less again
  (ranking.TYPO_FACTOR), and their hits rank below every document holding the words as typed.

Cost at query time: one query over an index of keys, and edit distances over its few candidate
words in Python; never any work per document. The vocabulary is learnt incrementally as
documents are written (catalog.search.indexing), bounded to MAX_TERMS words, and rebuilt (so
pruned) by rebuild_search_index.
"""

from collections.abc import Iterable
from dataclasses import replace

from django.db import connection

from catalog.models import SearchTerm, SearchTermKey
from catalog.search.text import (
    STEM,
    TYPO,
    VOCABULARY_WORD,
    ParsedQuery,
    Variant,
    edit_distance,
    near_stems,
    query_keys,
    stem,
    term_keys,
    typo_budget,
)

MAX_TERMS = 200_000  # words; a catalog's language is far smaller, identifiers' words are not
MAX_CANDIDATES = 2_000  # rows of the one lookup per search
MAX_STEM_VARIANTS = 6  # per query word
MAX_CORRECTIONS = 4  # per query word
CHUNK = 500


def learnable(text: str) -> set[str]:
    """The words of an index text (already lower-cased words) that the vocabulary keeps."""
    return {word for word in text.split() if VOCABULARY_WORD.fullmatch(word)}


def learn(texts: Iterable[str]) -> int:
    """Add the new words of these index texts, with their stems and keys. Returns words added."""
    words = set()
    for text in texts:
        words |= learnable(text)
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
    # ignore_conflicts: two indexing runs may learn the same word at once.
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word, stem=stem(word)) for word in new], batch_size=CHUNK, ignore_conflicts=True
    )
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        terms = SearchTerm.objects.filter(word__in=chunk).values_list("id", "word")
        SearchTermKey.objects.bulk_create(
            [SearchTermKey(term_id=pk, key=key) for pk, word in terms for key in sorted(term_keys(word))],
            batch_size=2_000,
            ignore_conflicts=True,
        )
    return len(new)


def forget_all() -> None:
    """Empty the vocabulary (rebuild_search_index learns it anew from the documents it writes)."""
    # Plain DELETEs: the ORM's delete() would first load every term to cascade to its keys.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchTermKey._meta.db_table}")  # noqa: S608 - model's own table
        cursor.execute(f"DELETE FROM {SearchTerm._meta.db_table}")  # noqa: S608 - model's own table


def expand(query: ParsedQuery) -> tuple[ParsedQuery, ParsedQuery]:
    """The query with its stem variants, and with its stem variants and spelling corrections."""
    keys_by_token = {token: query_keys(token) for token in query.tokens if VOCABULARY_WORD.fullmatch(token)}
    if not keys_by_token:
        return query, query
    every_key = sorted(set().union(*keys_by_token.values()))
    found: dict[str, set[tuple[str, str]]] = {}
    rows = SearchTermKey.objects.filter(key__in=every_key).values_list("key", "term__word", "term__stem")
    for key, word, root in rows[:MAX_CANDIDATES]:
        found.setdefault(key, set()).add((word, root))
    stems, typos = {}, {}
    for token, keys in keys_by_token.items():
        candidates = {item for key in keys for item in found.get(key, ())}
        stems[token], typos[token] = _variants(token, candidates)
    stemmed = _with(query, stems)
    corrected = _with(query, {token: stems[token] + typos[token] for token in keys_by_token})
    return stemmed, corrected


def _variants(token: str, candidates: set[tuple[str, str]]) -> tuple[list[Variant], list[Variant]]:
    root = stem(token)
    # A word the token starts already matches as a prefix.
    others = sorted((word, other) for word, other in candidates if not word.startswith(token))
    same = [(word, other) for word, other in others if near_stems(root, other)]
    same.sort(key=lambda item: (item[1] != root, abs(len(item[0]) - len(token)), item[0]))
    stems = [Variant(word, STEM) for word, _ in same[:MAX_STEM_VARIANTS]]
    taken = {word for word, _ in same}
    budget = typo_budget(token)
    close = []
    for word, _ in others:
        if word in taken or word[0] != token[0] or not budget:
            continue
        distance = edit_distance(token, word, budget)
        if distance <= budget:
            close.append((distance, abs(len(word) - len(token)), word))
    typos = [Variant(word, TYPO) for _, _, word in sorted(close)[:MAX_CORRECTIONS]]
    return stems, typos


def _with(query: ParsedQuery, variants: dict[str, list[Variant]]) -> ParsedQuery:
    kept = tuple((token, tuple(found)) for token, found in variants.items() if found)
    return replace(query, variants=kept)

"""Words, queries, similarity and snippets: pure Python, shared by both backends.

Both backends index the words this module produces, so "summ_top_drg", "averageTotalPayments" and
"ipps.summ_top_drg" become the same words on PostgreSQL and SQLite, and a query can never carry
full-text syntax: it is reduced to plain words before any backend sees it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

# Hostile or pasted input is cut before any work is done on it.
MAX_QUERY_CHARS = 256
MAX_QUERY_TOKENS = 8
MAX_TOKEN_CHARS = 60

_RUN = re.compile(r"[^\W_]+")  # letters and digits: underscores, dots, quotes and operators split
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def fold(text: str) -> str:
    """Lower-case and strip diacritics (é -> e), as the index stores text."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str | None) -> list[str]:
    """Words of a name or a text: snake_case, camelCase, dots and punctuation all split.

    A camelCase run also keeps its whole lower-cased form, so "averagetotalpayments" matches too.
    """
    if not text:
        return []
    return list(_words(text))


# Catalogs repeat the same names and descriptions (id, name, created_at…) thousands of times.
@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    found = []
    for run in _RUN.findall(text):
        parts = _CAMEL.split(run)
        # Folding can expose separators (½ -> 1⁄2), so folded parts are split again.
        found.extend(word for part in parts for word in _RUN.findall(fold(part)))
        whole = _RUN.findall(fold(run))
        if len(parts) > 1 and len(whole) == 1:
            found.append(whole[0])
    return tuple(found)


def joined(*texts: str | None) -> str:
    """Index form of some texts: their words joined by spaces."""
    return " ".join(filter(None, map(joined_words, filter(None, texts))))


@lru_cache(maxsize=65_536)
def joined_words(text: str) -> str:
    """Index form of one text: joined(text) for a text that is not empty."""
    return " ".join(_words(text))


@lru_cache(maxsize=65_536)
def name_words(name: str) -> str:
    """The words of a name in order, without the extra camelCase forms: "summ top drg"."""
    out = []
    for run in _RUN.findall(name or ""):
        out.extend(word for part in _CAMEL.split(run) for word in _RUN.findall(fold(part)))
    return " ".join(out)


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query reduced to what backends may use: plain words and lower-cased keys."""

    raw: str
    tokens: tuple[str, ...] = ()
    key: str = ""  # the whole query, lower-cased: compared with names and qualified names
    words_key: str = ""  # the query's words joined by spaces: compared with a name's words
    full_key: str = ""  # "source/schema.table" with the source part slugified, when present
    trigrams: tuple[str, ...] = field(default=())
    # Other words of the index each token also matches, from the vocabulary (catalog.search.vocabulary):
    # ((token, (Variant, ...)), ...). Empty until a search expands the query.
    variants: tuple[tuple[str, tuple["Variant", ...]], ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.tokens

    def variants_of(self, token: str) -> tuple["Variant", ...]:
        return dict(self.variants).get(token, ())

    @property
    def corrected(self) -> bool:
        """Whether any token was matched through a spelling correction."""
        return any(v.kind == TYPO for _, found in self.variants for v in found)

    @property
    def highlighted(self) -> tuple[str, ...]:
        """The words to highlight in hits: the tokens and every variant they matched."""
        return self.tokens + tuple(v.word for _, found in self.variants for v in found)


STEM, TYPO = "stem", "typo"


@dataclass(frozen=True)
class Variant:
    """A word of the index that a query token also matches: the same stem (payment for payments,
    diagnostic for diagnosis), a whole word; or a spelling correction (hospital for hosptial),
    matched as a prefix like the token itself."""

    word: str
    kind: str  # STEM or TYPO


def parse_query(q: str | None) -> ParsedQuery:
    raw = (q or "")[:MAX_QUERY_CHARS]
    raw = "".join(ch for ch in raw if ch.isprintable()).strip()
    tokens: list[str] = []
    for word in words(raw):
        word = word[:MAX_TOKEN_CHARS]
        if word not in tokens:
            tokens.append(word)
    tokens = tokens[:MAX_QUERY_TOKENS]
    key = fold(raw)
    full_key = ""
    if "/" in key:
        source, _, rest = key.partition("/")
        full_key = f"{slugify(source)}/{rest.strip()}"
    return ParsedQuery(
        raw=raw,
        tokens=tuple(tokens),
        key=key,
        words_key=name_words(raw),
        full_key=full_key,
        trigrams=tuple(sorted({tri for token in tokens for tri in trigrams_of(token)})),
    )


# --- trigram similarity, as pg_trgm computes it ------------------------------------------------


def trigrams_of(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _trigram_set(text: str) -> set[str]:
    return {tri for word in words(text) for tri in trigrams_of(word)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both strings' words."""
    ta, tb = _trigram_set(a), _trigram_set(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def name_similarity(query: str, name: str) -> float:
    """How close a (possibly misspelled) query is to a name: the better of the whole name and its
    best run of consecutive words, so "paymnts" is close to "average_total_payments"."""
    parts = name_words(name).split()
    best = similarity(query, name)
    width = max(1, len(words(query)))
    for size in {width, 1}:
        for start in range(0, max(1, len(parts) - size + 1)):
            best = max(best, similarity(query, " ".join(parts[start : start + size])))
    return best


# --- snippets ------------------------------------------------------------------------------------


def _matches(text: str, tokens) -> list[tuple[int, int]]:
    """Spans of `text` where a query token starts a word or a word part (prefix match)."""
    if not tokens or not text:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)), re.I)
    spans = []
    for m in pattern.finditer(text):
        i = m.start()
        before = text[i - 1] if i else ""
        if not before or not before.isalnum() or (before.islower() and text[i].isupper()):
            spans.append((i, m.end()))
    return spans


def highlight(text: str, tokens, *, limit: int | None = None) -> SafeString:
    """`text` HTML-escaped, with the query's words wrapped in <mark>; cut around the first match
    to about `limit` characters when given. Escaping happens piece by piece, so the result is
    safe whatever the text or query holds."""
    text = text or ""
    spans = _matches(text, tokens)
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + limit)
        spans = [(a, b) for a, b in spans if a >= start and b <= end]
    out, pos = [], start
    for a, b in spans:
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece above is escaped


# --- stems and spelling: the vocabulary's pure part ----------------------------------------------

_STEMMER = snowballstemmer.stemmer("english")
# Words the vocabulary learns: plain ASCII letters (English-ish text; identifiers' digits and other
# scripts are matched as they are, never stemmed or corrected), short enough to be words.
VOCABULARY_WORD = re.compile(r"[a-z]{3,40}")
MIN_TYPO_CHARS = 4  # shorter words are never corrected: too many look-alikes
LONG_WORD = 8  # from this length a word may carry two typos, below it one
MAX_TWO_TYPO_CHARS = 14  # longer words store one-letter deletes only: keys grow with length squared
MIN_NEAR_STEM = 7  # stems this long may differ in their last letter: diagnosi(s) ~ diagnost(ic)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word: payments -> payment."""
    return _STEMMER.stemWord(word)


def typo_budget(word: str) -> int:
    """How many typing mistakes a query word may carry and still be corrected."""
    if len(word) < MIN_TYPO_CHARS:
        return 0
    return 2 if len(word) >= LONG_WORD else 1


def deletes(word: str, distance: int) -> set[str]:
    """The word and every string made by deleting up to `distance` letters from it (symmetric
    delete spelling correction: two words within that edit distance share one of these)."""
    found, frontier = {word}, {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        found |= frontier
    return found


def term_keys(word: str) -> set[str]:
    """The lookup keys the vocabulary stores for one word: its deletes (up to two letters for words
    of 7 to 14 letters, which a long misspelled query may reach; one otherwise; none under 4
    letters), its stem, and the stem's deletes when the stem is long enough to be near another
    (diagnosi ~ diagnost share "diagnos")."""
    if len(word) < MIN_TYPO_CHARS:
        keys = {word}  # a whole word that a 4-letter query one letter longer reaches
    else:
        keys = deletes(word, 2 if LONG_WORD - 1 <= len(word) <= MAX_TWO_TYPO_CHARS else 1)
    root = stem(word)
    keys |= deletes(root, 1) if len(root) >= MIN_NEAR_STEM else {root}
    return {key[:40] for key in keys}


def stem_keys(word: str) -> set[str]:
    """The keys to look up for the words sharing (or nearly sharing) a query word's stem."""
    root = stem(word)
    return {key[:40] for key in (deletes(root, 1) if len(root) >= MIN_NEAR_STEM else {root})}


def typo_keys(word: str) -> set[str]:
    """The keys to look up for the words within a query word's typo budget."""
    return {key[:40] for key in deletes(word, typo_budget(word))} if typo_budget(word) else set()


def near_stems(a: str, b: str) -> bool:
    """Same stem, or long stems that differ only in their last letter: diagnosi(s), diagnost(ic),
    diagnos(e). Short stems must be equal: hospit(al) is not hospic(e)."""
    if a == b:
        return True
    longest = max(len(a), len(b))
    if longest < MIN_NEAR_STEM or abs(len(a) - len(b)) > 1:
        return False
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= longest - 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap two neighbours), or
    limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

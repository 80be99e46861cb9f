"""Words, queries, similarity and snippets: pure Python, shared by both backends.

Both backends index the words this module produces, so "summ_top_drg", "averageTotalPayments" and
"ipps.summ_top_drg" become the same words on PostgreSQL and SQLite, and a query can never carry
full-text syntax: it is reduced to plain words before any backend sees it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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
    return " ".join(word for text in texts for word in words(text))


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

    @property
    def empty(self) -> bool:
        return not self.tokens


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

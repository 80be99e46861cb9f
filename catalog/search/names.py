"""The distinct names of the index's columns, for autocomplete.

A common word prefixes the names of thousands of columns (`coun`: count, country, row_count…,
9,584 columns at 10,000 tables), but of a few dozen distinct names. Ranking every one of those
columns is what made autocomplete slow, and columns of one name rank alike: a name query's
relevance reads only the name's words (every word of the query starts a word of the name, and
the name weighs most), so within a name the order is the documents' boost, then id.
Autocomplete therefore

1. finds the distinct names whose words the query's words start (SearchName: a range scan on the
   longest word's prefix, then the other words checked here);
2. bounds each name's best score from its words (`name_score`) and the highest boost of the index;
3. reads the best few visible columns of each name, best bound first, through an index in
   ranking order (search_doc_column_name), and stops when no name left can reach the last score
   it needs.

The ranking itself stays the SQL of catalog.search.query, over those few columns: the same
columns in the same order as ranking them all.

The names are kept by search indexing (catalog.search.indexing), in its transaction: `learn` adds
the names of the column documents written, `prune` drops those no column document carries any
more. Visibility is not theirs to keep: step 3 reads columns through the search gate, and the
page's visibility check follows, so a name of assets a user cannot see suggests nothing.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from catalog.models import SearchDocument, SearchName
from catalog.search import ranking
from catalog.search.backends import get_backend
from catalog.search.text import ParsedQuery, fold, name_words
from catalog.search.vocabulary import insert_new

COLUMN = "column"
CHUNK = 500
NAMES_PER_READ = 16  # names whose best columns one query reads
MAX_WORD = 255  # SearchName.word's length; query words are far shorter (text.MAX_TOKEN_CHARS)


def learn(names: Iterable[tuple[str, str]]) -> None:
    """Add these (name, words) of column documents, each word of the words a row, if new: sorted,
    so that two runs learning the same names wait for each other, never in a cycle."""
    rows = sorted({(word[:MAX_WORD], name, words) for name, words in names for word in set(words.split())})
    insert_new(SearchName, ["word", "name", "words"], rows)


def prune(names: Iterable[str] | None = None) -> None:
    """Drop these names (every name: None) when no column document carries them any more."""
    carried = Exists(SearchDocument.objects.filter(asset_type=COLUMN, name=OuterRef("name")))
    if names is None:
        SearchName.objects.exclude(carried).delete()
        return
    ordered = sorted(set(names))
    for start in range(0, len(ordered), CHUNK):
        SearchName.objects.filter(name__in=ordered[start : start + CHUNK]).exclude(carried).delete()


def candidates(query: ParsedQuery) -> list[tuple[str, str]]:
    """(name, words) of the column names whose words the query's words all start."""
    longest = max(query.tokens, key=len)
    rows = SearchName.objects.filter(get_backend().starts_with("word", longest)).values_list("name", "words")
    found = {}
    for name, words in rows:
        if name not in found and _holds(words.split(), query.tokens):
            found[name] = words
    return sorted(found.items())


def _holds(words: list[str], tokens) -> bool:
    return all(any(word.startswith(token) for word in words) for token in tokens)


def name_score(query: ParsedQuery, name: str, words: str) -> tuple[int, float]:
    """(tier, relevance) of a column of this name for this query, as catalog.search.query ranks it
    (see Relevance and _tier): each query word weighs the name's (whole word 1.0, the start of a
    word 0.9), and covers the name's words (whole 1, start 1/2). Qualified-name tiers are not a
    name's: those columns are found by their keys."""
    split = words.split()
    weights = [ranking.FIELD_WEIGHTS["A"] if t in split else ranking.PREFIX_NAME_WEIGHT for t in query.tokens]
    covers = [1.0 if t in split else ranking.PREFIX_COVER for t in query.tokens]
    key = name_words(name)[:500]
    size = key.count(" ") + 1.0
    relevance = ranking.FIELD_SHARE * sum(weights) / len(weights) + ranking.COVER_SHARE * min(
        1.0, sum(covers) / size
    )
    exact = fold(name)[:500] == query.key or (bool(query.words_key) and key == query.words_key)
    return (ranking.EXACT if exact else ranking.NONE), relevance


def _score(tier: int, relevance: float, boost: float) -> float:
    return ranking.TIER_WEIGHT * tier + ranking.WORDS_WEIGHT + relevance * boost


# Python's and the database's float arithmetic may differ in the last bits: a bound must not
# stop the reading over them.
SLACK = 1e-6


def scored(query: ParsedQuery) -> list[tuple[str, int, float]]:
    """(name, tier, relevance) of the column names the query's words start, best first."""
    named = [(name, *name_score(query, name, words)) for name, words in candidates(query)]
    return sorted(named, key=lambda item: (-(ranking.TIER_WEIGHT * item[1] + item[2]), item[0]))


def best_columns(base, named: list[tuple[str, int, float]], needed: int) -> list[int]:
    """Ids of columns among which are the `needed` best columns of `base` (the gated documents)
    with these names (`scored`). Reads the best `needed` columns of one name after another, best
    name first, until no name left can outrank the `needed`-th best column read."""
    gated = base.filter(asset_type=COLUMN)
    scores: list[float] = []
    found: list[int] = []
    highest = None
    for start in range(0, len(named), NAMES_PER_READ):
        if len(scores) >= needed:
            if highest is None:
                top = SearchDocument.objects.order_by("-boost").values_list("boost", flat=True).first()
                highest = float(top or 0.0)
            _, tier, relevance = named[start]
            if scores[needed - 1] > _score(tier, relevance, highest) + SLACK:
                break
        chunk = named[start : start + NAMES_PER_READ]
        tiers = {name: (tier, relevance) for name, tier, relevance in chunk}
        # One statement, a UNION ALL of one index read per name (an OR of the reads would make
        # PostgreSQL scan the whole table against them).
        each = [
            SearchDocument.objects.filter(
                id__in=gated.filter(name=name).order_by("-boost", "id").values("id")[:needed]
            ).values_list("id", "name", "boost")
            for name, _, _ in chunk
        ]
        rows = each[0].union(*each[1:], all=True) if len(each) > 1 else each[0]
        for doc_id, name, boost in rows:
            found.append(doc_id)
            scores.append(_score(*tiers[name], boost))
        scores.sort(reverse=True)
    return found

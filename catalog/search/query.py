"""Reading the index: ranked hits, facet counts and autocomplete, for the page and the API alike.

A search costs a fixed number of queries whatever it finds: visible sources (1), the count (1),
the page of hits (1), one visibility check per asset type on the page, and one count per facet.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Q, Subquery, Value, When
from django.db.models.functions import Greatest

from catalog.models import DataSource, SearchDocument, SearchFacet
from catalog.search import names, ranking, vocabulary
from catalog.search.backends import get_backend
from catalog.search.expressions import (
    AnyEquals,
    FirstWordMatch,
    NotColumn,
    Relevance,
    Score,
    ValueById,
    WordCase,
)
from catalog.search.registry import (
    asset_types,
    multi_facets,
    ranking_signals,
    type_label,
    type_weight,
)
from catalog.search.registry import (
    categories as registered_categories,
)
from catalog.search.text import STEM, TYPO, ParsedQuery, highlight, parse_query

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 100  # deep pages of a relevance ranking are never useful, and cost a big OFFSET
FUZZY_BELOW = 3  # fewer word matches than this: add spelling corrections and look-alike names
FUZZY_LIMIT = 20
FACET_LIMIT = 15
SNIPPET_CHARS = 220


@dataclass
class SearchParams:
    """What a search asks for; built from a page's or the API's query string."""

    q: str = ""
    types: list[str] = field(default_factory=list)  # categories (data, queries…) or asset types
    sources: list[str] = field(default_factory=list)  # source slugs
    schemas: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)  # registered multi-valued facets
    removed: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE

    @classmethod
    def from_query_dict(cls, data) -> "SearchParams":
        def many(key):
            return [v for value in data.getlist(key) for v in value.split(",") if v.strip()][:20]

        def number(key, default, high):
            try:
                return min(max(int(data.get(key, default)), 1), high)
            except (TypeError, ValueError):
                return default

        return cls(
            q=data.get("q", ""),
            types=many("type"),
            sources=many("source"),
            schemas=many("schema"),
            facets={facet.key: many(facet.key) for facet in multi_facets() if many(facet.key)},
            removed=str(data.get("removed", "")).lower() in {"1", "true", "yes", "on"},
            page=number("page", 1, MAX_PAGE),
            page_size=number("page_size", PAGE_SIZE, MAX_PAGE_SIZE),
        )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    doc: SearchDocument
    score: float
    tier: int
    text_score: float
    fuzzy: bool  # a look-alike: a similar name, or words matched only through a spelling correction
    tokens: tuple[str, ...]  # the words to highlight: the query's and the variants it matched
    similar_name: bool = False
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected) when the query had any

    @property
    def type_label(self) -> str:
        return type_label(self.doc.asset_type)

    @property
    def source_name(self) -> str:
        return self.doc.source.name if self.doc.source_id else ""

    @cached_property
    def path(self) -> str:
        """Where the asset lives: its source, then what its qualified name puts above it (a
        column's schema.table, a table's schema), so hits of the same name tell themselves apart."""
        parts = [self.source_name] if self.doc.asset_type != "source" else []
        parent = self.doc.qualified_name.rpartition(".")[0] if self.doc.schema_name else ""
        if parent:
            parts.append(parent)
        return " / ".join(p for p in parts if p)

    @cached_property
    def name_html(self):
        return highlight(self.doc.name, self.tokens)

    @cached_property
    def title_html(self):
        return highlight(self.doc.title, self.tokens)

    @cached_property
    def snippet_html(self):
        return highlight(self.doc.summary, self.tokens, limit=SNIPPET_CHARS)

    @cached_property
    def badges(self) -> list[tuple[str, str]]:
        """(facet key, value) of the facets registered to show on hits, in registration order."""
        return [
            (facet.key, value)
            for facet in multi_facets()
            if facet.badge
            for value in self.doc.facets.get(facet.key, [])
        ]

    @cached_property
    def signal_phrases(self) -> list[str]:
        """What the registered ranking signals say about this hit, for people ("used by 5 people")."""
        phrases = []
        for signal in ranking_signals():
            value = self.doc.signals.get(signal.key)
            if value not in (None, 0, "", []) and signal.describe:
                phrase = signal.describe(value)
                if phrase:
                    phrases.append(phrase)
        return phrases

    @cached_property
    def matched_fields(self) -> list[str]:
        found = []
        for key, text in (("A", self.doc.text_a), ("B", self.doc.text_b), ("C", self.doc.text_c)):
            words = set(text.split())
            if any(w.startswith(t) for t in self.tokens for w in words):
                found.append(key)
        return found or (["D"] if self.tokens and not self.fuzzy else [])

    @cached_property
    def reasons(self) -> list[str]:
        return ranking.explain(
            tier=self.tier,
            raw_text_score=self.text_score,
            boost=self.doc.boost,
            type_weight=type_weight(self.doc.asset_type),
            doc=self.doc,
            matched_fields=self.matched_fields,
            fuzzy=self.fuzzy,
            similar_name=self.similar_name,
            corrections=self.corrections,
        )


@dataclass
class SearchResults:
    query: ParsedQuery
    params: SearchParams
    hits: list[Hit]
    total: int
    fuzzy: bool = False
    categories: list[FacetValue] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.params.page_size)))


# --- the shared SQL: tiers and score -----------------------------------------------------------


def _tier(query: ParsedQuery):
    """1 when the query is the name, the qualified name, source/schema.table or the name's words."""
    pairs = [
        (column, value)
        for column, value in (
            ("name_key", query.key),
            ("qualified_key", query.key),
            ("full_key", query.full_key),
            ("words_key", query.words_key),
        )
        if value
    ]
    return AnyEquals(pairs, then=ranking.EXACT, otherwise=ranking.NONE)


@dataclass
class _Match:
    """The matched documents and how to score their text: by words (with their stems), by
    spelling corrections and look-alike names, or none."""

    queryset: object
    rank: object  # the text score, an expression
    # Documents holding every word as typed (or a stem of it), when only these few do; None: all
    # matched documents do. The others are look-alikes and rank below them.
    word_ids: frozenset | None = None
    name_ids: frozenset = frozenset()  # look-alike names (trigram similarity)
    query: ParsedQuery | None = None  # the query with the variants it matched
    # The queryset is every document the backend matches for `query` (not a list of ids).
    by_words: bool = False

    def ranked(self, queryset, query: ParsedQuery):
        tier = _tier(query)
        # Look-alike hits (corrected words, similar names) rank below every document that holds
        # all the words.
        words = Value(1)
        if self.word_ids is not None:
            words = _in(self.word_ids, then=1, otherwise=0)
        score = Score(
            F("tier"),
            F("words"),
            F("text_score"),
            F("boost"),
            tier_weight=ranking.TIER_WEIGHT,
            words_weight=ranking.WORDS_WEIGHT,
        )
        # One annotate (score reads the three before it): each call clones the query.
        return queryset.annotate(tier=tier, text_score=self.rank, words=words, score=score).order_by(
            "-score", "name_key", "id"
        )


def _in(ids, *, then, otherwise):
    if not ids:
        return Value(otherwise)
    return Case(When(id__in=sorted(ids), then=Value(then)), default=Value(otherwise))


def _relevance(backend, query: ParsedQuery):
    """Relevance in 0..1, the same SQL on every backend (see catalog.search.ranking).

    Every matched document holds each word (or one of its variants) somewhere, so only "where"
    is asked, of the short pre-tokenised name, title and column-name fields: a word matches a
    field when the field has a word starting with it (' ' || text LIKE '% word%'; words are
    letters and digits only, so they hold no LIKE wildcards); a stem variant when the field has
    that whole word, a spelling correction when it has a word starting with it, each weighing
    less (ranking.STEM_FACTOR, TYPO_FACTOR). The rest (descriptions) is what is left. No
    full-text index is consulted per row, which keeps ranking cheap on broad queries.
    """
    if query.empty:
        return Value(0.0)
    weights, covers = [], []
    for token in query.tokens:
        # (field, words, whole words only, field weight, share of a name word covered)
        conditions = [
            ("text_a", [token], True, ranking.FIELD_WEIGHTS["A"], 1.0),
            ("text_a", [token], False, ranking.PREFIX_NAME_WEIGHT, ranking.PREFIX_COVER),
            ("text_b", [token], False, ranking.FIELD_WEIGHTS["B"], 0.0),
            ("text_c", [token], False, ranking.FIELD_WEIGHTS["C"], 0.0),
        ]
        # Without variants every document holds the token; with them, one holding only a variant
        # in its descriptions weighs less, which only text_d can tell.
        otherwise = ranking.FIELD_WEIGHTS["D"]
        if query.variants_of(token):
            conditions.append(("text_d", [token], False, otherwise, 0.0))
            kinds = {v.kind for v in query.variants_of(token)}
            otherwise *= ranking.STEM_FACTOR if STEM in kinds else ranking.TYPO_FACTOR
        for kind, factor in ((STEM, ranking.STEM_FACTOR), (TYPO, ranking.TYPO_FACTOR)):
            found = [v.word for v in query.variants_of(token) if v.kind == kind]
            if not found:
                continue
            for column in "ABC":
                conditions.append(
                    (
                        f"text_{column.lower()}",
                        found,
                        kind == STEM,
                        ranking.FIELD_WEIGHTS[column] * factor,
                        factor if column == "A" else 0.0,
                    )
                )
        # CASE takes the first true condition: the heaviest first.
        by_weight = sorted(conditions, key=lambda c: -c[3])
        weights.append(
            FirstWordMatch(
                tuple(WordCase(f, tuple(w), whole, v) for f, w, whole, v, _ in by_weight), otherwise
            )
        )
        by_cover = sorted((c for c in conditions if c[4]), key=lambda c: -c[4])
        covers.append(
            FirstWordMatch(tuple(WordCase(f, tuple(w), whole, c) for f, w, whole, _, c in by_cover), 0.0)
        )
    return Relevance(weights, covers, field_share=ranking.FIELD_SHARE, cover_share=ranking.COVER_SHARE)


def _visible_sources(user) -> dict[int, tuple[str, str]]:
    return {
        pk: (slug, name)
        for pk, slug, name in DataSource.objects.visible_to(user).values_list("pk", "slug", "name")
    }


def _base(user, sources, *, removed: bool):
    # The gate: documents of visible sources only (per-source grants apply through visible_to),
    # or documents that belong to no source. Objects are checked again per type on the page.
    base = SearchDocument.objects.filter(Q(source_id__in=list(sources)) | Q(source__isnull=True))
    if not user.is_authenticated:
        base = base.none()
    return base if removed else base.filter(removed=False)


def _match(base, query: ParsedQuery, backend) -> tuple[_Match, bool]:
    if query.empty:
        return _Match(base, Value(1.0), query=query), False  # nothing typed: everything, by boost
    # One vocabulary lookup: each word's stem variants.
    stemmed = vocabulary.with_stems(query)
    matched = backend.match(base, stemmed)
    if matched[:FUZZY_BELOW].count() >= FUZZY_BELOW:
        return _Match(matched, _relevance(backend, stemmed), query=stemmed, by_words=True), False
    # Few or no documents hold the words: add those holding a corrected spelling (hosptial ->
    # hospital), below the real matches; when these are few too, the names that look like the
    # query. Either way the query has the shape of an ordinary search: no subquery, no OR.
    word_ids = frozenset(matched.values_list("id", flat=True)[:FUZZY_BELOW])
    found_ids = word_ids
    corrected = vocabulary.with_corrections(stemmed)
    if corrected.corrected:
        found = backend.match(base, corrected)
        found_ids = frozenset(found.values_list("id", flat=True)[:FUZZY_BELOW])
        if len(found_ids) >= FUZZY_BELOW:
            match = _Match(
                found, _relevance(backend, corrected), word_ids=word_ids, query=corrected, by_words=True
            )
            return match, True
    else:
        corrected = stemmed
    names = {
        doc_id: ranking.FUZZY_FACTOR * sim
        for doc_id, sim in backend.fuzzy(base, query, FUZZY_LIMIT)
        if doc_id not in word_ids
    }
    if not names and not found_ids:
        return _Match(base.none(), Value(0.0), query=query), False
    rank = _relevance(backend, corrected)
    if names:
        # A look-alike name scores the better of its similarity and its words' relevance.
        rank = Greatest(rank, ValueById(names))
    match = _Match(
        base.filter(id__in=sorted(found_ids | set(names))),
        rank,
        word_ids=word_ids,
        name_ids=frozenset(names),
        query=corrected,
    )
    return match, bool(names) or corrected.corrected


def _filtered(queryset, params: SearchParams, sources, skip: str = ""):
    if params.types and skip != "type":
        queryset = queryset.filter(Q(category__in=params.types) | Q(asset_type__in=params.types))
    if params.sources and skip != "source":
        ids = [pk for pk, (slug, _) in sources.items() if slug in params.sources]
        queryset = queryset.filter(source_id__in=ids)
    if params.schemas and skip != "schema":
        queryset = queryset.filter(schema_name__in=params.schemas)
    for key, values in params.facets.items():
        if key != skip:
            queryset = queryset.filter(
                id__in=SearchFacet.objects.filter(name=key, value__in=values).values("document_id")
            )
    return queryset


def _visible_hits(user, docs) -> list:
    """Drop documents of objects this user may not read, or that no longer exist: one query per
    asset type on the page, through the owning model's visible_to(user)."""
    by_type = {}
    for doc in docs:
        by_type.setdefault(doc.content_type_id, []).append(doc.object_id)
    allowed = set()
    registered = {asset.model: asset for asset in asset_types()}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        asset = registered.get(model)
        if asset is None:
            continue
        if asset.visible is not None:
            ok = asset.visible(user, ids)
        else:
            manager = model._default_manager
            queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
            ok = set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
        allowed |= {(content_type_id, pk) for pk in ok}
    return [doc for doc in docs if (doc.content_type_id, doc.object_id) in allowed]


def _exact(query: ParsedQuery) -> Q:
    """The documents _tier puts first, as a filter (each key has a btree index)."""
    exact = Q(name_key=query.key) | Q(qualified_key=query.key) | Q(words_key=query.words_key)
    return exact | Q(full_key=query.full_key) if query.full_key else exact


def _ranked_rows(match: _Match, queryset, query, offset, limit, first=None) -> list:
    """The page of ranked documents. Ranking scores every matched document, and a common word
    matches tens of thousands. With `first` (the documents holding every word in their names, or
    named by the query, see _in_names) those are ranked alone first, and when the page's last of
    them scores above what any other document can (ranking.best_score_outside_names), the page is
    theirs: the same rows in the same order as ranking all matches, for a fraction of the work."""

    def page(candidates):
        ranked = match.ranked(candidates, query).select_related("source").defer("text_d", "content_hash")
        return list(ranked[offset : offset + limit])

    if first is not None:
        # The index's highest boost rides along as a scalar subquery (an index lookup, computed
        # once): no query of its own.
        highest = SearchDocument.objects.order_by("-boost").values("boost")[:1]
        rows = page(first.annotate(max_boost=Subquery(highest)))
        if len(rows) == limit:
            # Look-alike hits (through a spelling correction) lose the words term (see _Match).
            bound = ranking.best_score_outside_names(
                len(match.query.tokens), rows[-1].max_boost or 0.0, holds_words=match.word_ids is None
            )
            if rows[-1].score > bound:
                return rows
    return page(queryset)


def _in_names(match: _Match, base, query, backend):
    """The documents that can outrank every other match (catalog.search.ranking): those holding
    each word (or a variant) in their names, those the query names (the exact tier), and those
    holding the words as typed when the rest were found through spelling corrections. None when
    the match has no such split: no words, or a few ids with look-alike names."""
    matched = match.query
    if not match.by_words or matched is None or matched.empty:
        return None
    first = backend.match_in_names(base, matched) | match.queryset.filter(_exact(query))
    if match.word_ids:
        first = first | base.filter(id__in=sorted(match.word_ids))
    return first


def _hits(user, match: _Match, queryset, query, offset, limit, first=None) -> list[Hit]:
    matched = match.query or query
    rows = _ranked_rows(match, queryset, query, offset, limit, first)
    return [
        Hit(
            doc=doc,
            score=float(doc.score),
            tier=int(doc.tier),
            text_score=float(doc.text_score or 0.0),
            fuzzy=not int(doc.words),
            tokens=matched.highlighted,
            similar_name=doc.id in match.name_ids,
            corrections=_corrections(matched),
        )
        for doc in _visible_hits(user, rows)
    ]


def _corrections(query: ParsedQuery) -> tuple[tuple[str, str], ...]:
    return tuple((token, v.word) for token, found in query.variants for v in found if v.kind == TYPO)


def search(user, params: SearchParams) -> SearchResults:
    backend = get_backend()
    query = parse_query(params.q)
    sources = _visible_sources(user)
    base = _base(user, sources, removed=params.removed)
    match, fuzzy = _match(base, query, backend)
    queryset = _filtered(match.queryset, params, sources)
    results = SearchResults(query=query, params=params, hits=[], total=0, fuzzy=fuzzy)
    # The type facet's GROUP BY also gives the total: no separate COUNT over the matches.
    results.total = _count_facets(results, match.queryset, sources)
    offset = (params.page - 1) * params.page_size
    if results.total > offset:
        first = _in_names(match, base, query, backend)
        if first is not None:
            first = _filtered(first, params, sources)
        results.hits = _hits(user, match, queryset, query, offset, params.page_size, first)
    return results


def autocomplete(user, q: str, limit: int = 8) -> list[Hit]:
    """The best few assets for what is typed so far: the same ranking, no counts, no facets.

    What is typed is matched against names only (the name's words, each word as a prefix), never
    column lists or descriptions, through small name indexes: first the assets named so exactly
    (any type), then the other assets (not columns), filled with columns only when short. Only
    when no name matches does it fall back to the full search (descriptions, look-alike names).

    Columns are many and share few names: they are ranked from the best few of each matching
    name (catalog.search.names), never all of them.
    """
    backend = get_backend()
    query = parse_query(q)
    if query.empty:
        return []
    sources = _visible_sources(user)
    base = _base(user, sources, removed=False)
    relevance = _relevance(backend, query)

    def best(queryset, n, found=()):
        if found:
            queryset = queryset.exclude(id__in=list(found))
        return _hits(user, _Match(queryset, relevance, query=query), queryset, query, 0, n)

    # The assets named exactly (any type, tier 1: they score above every other) and the other
    # assets whose names hold the words, ranked together in one query. The gate (`base`) applies
    # once, around both. Columns named exactly come from their names (a few per name).
    everything = SearchDocument.objects.all()
    named = names.scored(query)
    assets = backend.match_names(everything.exclude(asset_type="column"), query)
    exact = backend.either(everything.filter(_exact_keys(query)), everything.filter(_exact_assets(query)))
    exact_names = [item for item in named if item[1] == ranking.EXACT]
    if exact_names:
        exact = backend.either(exact, everything.filter(id__in=names.best_columns(base, exact_names, limit)))
    hits = best(base & backend.either(exact, assets), limit)
    if len(hits) < limit and named:
        columns = base.filter(id__in=names.best_columns(base, named, 2 * limit))
        hits += best(columns, limit - len(hits), [hit.doc.id for hit in hits])
    if not hits:
        match, _ = _match(base, query, backend)
        hits = _hits(user, match, match.queryset, query, 0, limit)
    return hits


def _exact_keys(query: ParsedQuery) -> Q:
    """Documents of any type the query names by their qualified names (each key has an index)."""
    exact = Q(qualified_key=query.key)
    return exact | Q(full_key=query.full_key) if query.full_key else exact


def _exact_assets(query: ParsedQuery) -> Q:
    """Assets other than columns the query names by name or by the name's words (partial indexes
    search_doc_asset_name and search_doc_asset_words)."""
    # The condition in each arm of the OR: SQLite looks for a partial index's WHERE arm by arm.
    return Q(NotColumn(), name_key=query.key) | Q(NotColumn(), words_key=query.words_key)


SINGLE_FACETS = {"type": ("category", "asset_type"), "source": ("source_id",), "schema": ("schema_name",)}


def _count_facets(results: SearchResults, matched, sources) -> int:
    """Facet counts over the matches, each with every other facet's selection applied (so a
    facet's own selection never hides its other values). The unselected single-valued facets
    share one GROUP BY; each selected facet costs one more."""
    params = results.params
    selected = {"type": bool(params.types), "source": bool(params.sources), "schema": bool(params.schemas)}
    groups = [[key for key, on in selected.items() if not on]] + [[key] for key, on in selected.items() if on]
    categories, types, by_source, by_schema = {}, {}, {}, {}
    total = 0
    for keys in groups:
        if not keys:
            continue
        columns = [column for key in keys for column in SINGLE_FACETS[key]]
        skip = keys[0] if selected[keys[0]] else ""
        rows = (
            _filtered(matched, params, sources, skip=skip)
            .values_list(*columns)
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            values, n = dict(zip(columns, row[:-1], strict=True)), row[-1]
            if "category" in values:
                categories[values["category"]] = categories.get(values["category"], 0) + n
                types[values["asset_type"]] = types.get(values["asset_type"], 0) + n
                wanted = set(params.types)
                if not wanted or values["category"] in wanted or values["asset_type"] in wanted:
                    total += n
            if values.get("source_id") is not None:
                by_source[values["source_id"]] = by_source.get(values["source_id"], 0) + n
            if values.get("schema_name"):
                by_schema[values["schema_name"]] = by_schema.get(values["schema_name"], 0) + n
    chosen = set(params.types)
    results.categories = [
        FacetValue(category.key, category.label, categories.get(category.key, 0), category.key in chosen)
        for category in registered_categories()
    ]
    results.facets["type"] = [
        FacetValue(key, type_label(key), n, key in chosen) for key, n in _top(types.items(), limit=None)
    ]
    results.facets["source"] = [
        FacetValue(sources[pk][0], sources[pk][1], n, sources[pk][0] in params.sources)
        for pk, n in _top(by_source.items())
        if pk in sources
    ]
    results.facets["schema"] = [
        FacetValue(name, name, n, name in params.schemas) for name, n in _top(by_schema.items())
    ]
    _count_multi_facets(results, matched, sources)
    return total


def _top(items, limit=FACET_LIMIT):
    ranked = sorted(items, key=lambda item: (-item[1], str(item[0])))
    return ranked[:limit] if limit else ranked


def _count_multi_facets(results: SearchResults, matched, sources) -> None:
    params = results.params
    facets = multi_facets()
    for facet in facets:
        results.facets.setdefault(facet.key, [])
    # Until an app writes facet values there is nothing to count.
    if not facets or not SearchFacet.objects.exists():
        return
    groups = [[f.key for f in facets if f.key not in params.facets]] + [[key] for key in params.facets]
    for keys in groups:
        if not keys:
            continue
        skip = keys[0] if keys[0] in params.facets else ""
        # A join: one GROUP BY over the matches and their facet values.
        rows = (
            _filtered(matched, params, sources, skip=skip)
            .filter(facet_values__name__in=keys)
            .values_list("facet_values__name", "facet_values__value")
            .annotate(n=Count("id"))
            .order_by("facet_values__name", "-n", "facet_values__value")
        )
        for name, value, n in rows:
            values = results.facets[name]
            if len(values) < FACET_LIMIT:
                values.append(FacetValue(value, value, n, value in params.facets.get(name, [])))

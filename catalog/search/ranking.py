"""The ranking formula, in one place (docs/search.md explains it with examples).

score = 100 x tier  +  10 x words  +  relevance x boost

tier       1 when the query equals the name, the qualified name (schema.table[.column]),
           source/schema.table, or the name's words ("summ top drg"), else 0. Exact matches
           always come first: the rest of the score stays far below 100.
relevance  0..1, the same SQL on every backend: 0.7 x the mean, over the query's words, of
           the weight of the best field holding the word (as a prefix) -- name 1.0 (0.9 when
           the word only starts a longer word of the name) > title 0.4 > column names, tags,
           glossary terms 0.2 > descriptions and the rest 0.1 -- plus 0.3 x the share of the
           name's words the query covers, a prefix counting half ("top drg" covers 2 of the 3
           words of summ_top_drg). A word matched through its stem (payment for payments) counts
           0.45 of that, through a spelling correction (hospital for hosptial) 0.4. A look-alike
           name (added when fewer than 3 documents hold every word): 0.5 x its name's trigram
           similarity to the query.
words      1 when the document holds every query word (or a stem variant of it), 0 for a
           look-alike (corrected spelling, similar name): typos fill in below real matches.
boost      type weight x each registered ranking signal's factor x 0.1 when removed, stored on
           each document when it is indexed:
  type weight  set by each asset type (table/view/source 1.0, schema 0.9, column 0.6…)
  signals      registered by the apps that know them (usage: popularity; governance: endorsements
               and trust flags): a factor of the value the app's enricher stored, 1.0 when absent
"""

from catalog.search.registry import ranking_signals

TIER_WEIGHT = 100
WORDS_WEIGHT = 10
EXACT, NONE = 1, 0
FIELD_WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
FIELD_LABELS = {"A": "name", "B": "title", "C": "column names, tags or terms", "D": "description"}
FIELD_SHARE, COVER_SHARE = 0.7, 0.3
# A word that only starts a word of the name ("summ" in summary) counts a little less than a
# whole word of the name ("summ" in summ_top_drg): in the field weight and in the coverage.
PREFIX_NAME_WEIGHT, PREFIX_COVER = 0.9, 0.5
FUZZY_FACTOR = 0.5
# A word matched through the vocabulary weighs less than the word as typed, in the field weight
# and in the coverage: a stem variant (payment for payments) in a field weighs just below the
# word as typed in the next field down (name 0.45 > title 0.4; title 0.18 < columns 0.2; columns
# 0.09 < descriptions 0.1), so the word as written wins; a spelling correction (hospital for
# hosptial) less again, and its hits also lose the "words" term, like similar names.
STEM_FACTOR, TYPO_FACTOR = 0.45, 0.4
REMOVED_FACTOR = 0.1


def best_score_outside_names(words: int, max_boost: float, *, holds_words: bool = True) -> float:
    """The highest score a document can reach when one of the query's `words` (with its variants)
    is not in its name and the query is not its name (tier 0): that word weighs at most the best
    other field and covers none of the name; every other word at most a whole word of the name.
    `holds_words`: whether such a document holds the words as typed (false when the words were
    found through spelling corrections only). Search ranks the documents holding every word in
    their names first, and stops there when the page's last hit scores above this
    (catalog.search.query._ranked_rows)."""
    other = max(weight for field, weight in FIELD_WEIGHTS.items() if field != "A")
    field = FIELD_SHARE * ((words - 1) * FIELD_WEIGHTS["A"] + other) / words
    cover = COVER_SHARE * (1.0 if words > 1 else 0.0)
    return WORDS_WEIGHT * holds_words + (field + cover) * max_boost


def signals_factor(signals: dict) -> float:
    factor = 1.0
    for signal in ranking_signals():
        factor *= signal.factor(signals.get(signal.key))
    return factor


def static_boost(*, type_weight: float, signals: dict, removed: bool = False) -> float:
    return round(type_weight * signals_factor(signals) * (REMOVED_FACTOR if removed else 1.0), 6)


def relevance(raw: float) -> float:
    return min(1.0, max(0.0, float(raw or 0.0)))


def score(*, tier: int, raw_text_score: float, boost: float, fuzzy: bool = False) -> float:
    return TIER_WEIGHT * tier + WORDS_WEIGHT * (not fuzzy) + relevance(raw_text_score) * boost


def explain(
    *,
    tier,
    raw_text_score,
    boost,
    type_weight,
    doc,
    matched_fields,
    fuzzy=False,
    similar_name=False,
    corrections=(),
) -> list[str]:
    """Why a hit ranked where it did, one short reason per factor, for people to read."""
    reasons = []
    if tier == EXACT:
        reasons.append("exact name match")
    if fuzzy and similar_name:
        reasons.append(f"similar name ({relevance(raw_text_score):.2f})")
    elif fuzzy:
        said = ", ".join(f"{typed} → {word}" for typed, word in corrections)
        reasons.append(f"spelling corrected: {said}" if said else "similar words")
        if matched_fields:
            reasons.append("matched in " + ", ".join(FIELD_LABELS[f] for f in matched_fields))
    elif matched_fields:
        reasons.append("matched in " + ", ".join(FIELD_LABELS[f] for f in matched_fields))
    reasons.append(f"relevance {relevance(raw_text_score):.2f}")
    if type_weight != 1.0:
        reasons.append(f"{doc.asset_type} weight ×{type_weight:g}")
    for signal in ranking_signals():
        value = doc.signals.get(signal.key)
        factor = signal.factor(value)
        if factor != 1.0:
            said = signal.describe(value) if signal.describe else ""
            reasons.append(f"{said or signal.label} ×{factor:.2f}")
    if doc.removed:
        reasons.append(f"removed ×{REMOVED_FACTOR:g}")
    total = score(tier=tier, raw_text_score=raw_text_score, boost=boost, fuzzy=fuzzy)
    reasons.append(f"score {total:.3f}")
    return reasons

"""What governance adds to search: trust flags as a facet and badges, endorsements and flags as
ranking signals, tags as a facet (searchable: an asset is found by its tags' words too)."""

import math

from catalog import extensions
from governance import selectors
from governance.assets import MODELS

# How much a steward's flag moves an asset in the ranking: an endorsed table above an
# unflagged one of the same relevance, a warned one a little below, a deprecated one far below.
FLAG_FACTORS = {"endorsed": 1.5, "warning": 0.8, "deprecated": 0.3}
FLAG_PHRASES = {
    "endorsed": "endorsed by a steward",
    "warning": "flagged with a warning",
    "deprecated": "deprecated",
}


def flag_factor(flag) -> float:
    return FLAG_FACTORS.get(flag, 1.0)


def endorsement_factor(count) -> float:
    return 1 + 0.1 * math.log1p(count or 0)


def enricher_for(kind: str):
    def enrich(ids: list[int]) -> dict[int, dict]:
        flags = selectors.flags_for(kind, ids)
        counts = selectors.endorsement_counts(kind, ids)
        tags = selectors.tag_slugs_for(kind, ids)
        found: dict[int, dict] = {}
        for pk in set(flags) | set(counts) | set(tags):
            facets = {}
            if pk in flags:
                facets["trust"] = [flags[pk]]
            if tags.get(pk):
                facets["tag"] = tags[pk]
            found[pk] = {
                "facets": facets,
                "signals": {"trust": flags.get(pk), "endorsements": counts.get(pk, 0)},
            }
        return found

    return enrich


def register() -> None:
    # Badges show in registration order: tags, then the flag.
    extensions.register_facet(extensions.Facet("tag", "Tag", badge=True, searchable=True))
    extensions.register_facet(extensions.Facet("trust", "Trust", badge=True))
    extensions.register_ranking_signal(
        extensions.RankingSignal("trust", "Trust flag", flag_factor, lambda flag: FLAG_PHRASES.get(flag, ""))
    )
    extensions.register_ranking_signal(
        extensions.RankingSignal(
            "endorsements",
            "Endorsements",
            endorsement_factor,
            lambda n: f"endorsed by {n} {'person' if n == 1 else 'people'}" if n else "",
        )
    )
    for kind, model in MODELS.items():
        extensions.register_enricher(model, enricher_for(kind))

"""What governance adds to search: trust flags as a facet and badges, endorsements and flags as
ranking signals, tags as a facet (searchable: an asset is found by its tags' words too), and the
glossary: terms are their own kind of result ("Glossary"), found by name, synonyms and definition,
and the tables and columns a term links are found by its name and synonyms (ranked as column
names and tags are, above words of descriptions: catalog.search.ranking)."""

import math

from django.urls import reverse

from catalog import extensions
from catalog.markdown import markdown_text
from governance import selectors
from governance.assets import MODELS
from governance.models import GlossaryLink, GlossaryTerm

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


def build_terms(queryset):
    for term in queryset:
        yield (
            term.pk,
            extensions.Document(
                asset_type="glossary_term",
                name=term.name,
                url=reverse("governance-glossary-term", args=[term.pk]),
                names=list(term.synonyms or []),
                body=[term.definition],
                summary=markdown_text(term.definition)[:500],
            ),
        )


def visible_terms(user, ids) -> set[int]:
    return set(GlossaryTerm.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def linked_assets(term_ids):
    """A term's name and synonyms are words of the tables and columns it links: reindex them."""
    by_kind: dict[str, set[int]] = {}
    for kind, asset_id in GlossaryLink.objects.filter(term_id__in=list(term_ids)).values_list(
        "asset_kind", "asset_id"
    ):
        by_kind.setdefault(kind, set()).add(asset_id)
    return [(MODELS[kind], sorted(ids)) for kind, ids in by_kind.items()]


def term_enricher_for(kind: str):
    def enrich(ids: list[int]) -> dict[int, dict]:
        return {pk: {"terms": words} for pk, words in selectors.term_words_for(kind, ids).items()}

    return enrich


def register_glossary() -> None:
    extensions.register_category(extensions.Category("glossary", "Glossary", order=20))
    extensions.register_asset_type(
        extensions.AssetType(
            GlossaryTerm,
            "glossary",
            build_terms,
            {"glossary_term": 0.9},
            {"glossary_term": "Glossary term"},
            visible=visible_terms,
            dependents=linked_assets,
        )
    )
    for kind in ("table", "column"):
        extensions.register_enricher(MODELS[kind], term_enricher_for(kind))


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
    register_glossary()

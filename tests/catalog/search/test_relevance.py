"""Relevance, checked in CI: the judged set of bench/bench_search.py on the demo catalog, as mean
reciprocal rank (the asset that should rank first, for each query)."""

import pytest

from bench.bench_search import load_demo_catalog, mean_reciprocal_rank, reciprocal_ranks

pytestmark = pytest.mark.django_db


def test_the_judged_queries_rank_the_right_asset_first(viewer_client):
    load_demo_catalog()
    ranks = reciprocal_ranks(viewer_client)
    assert len(ranks) >= 30
    misses = [(q, rank) for q, rank in ranks if rank != 1]
    assert mean_reciprocal_rank(ranks) >= 0.95, misses

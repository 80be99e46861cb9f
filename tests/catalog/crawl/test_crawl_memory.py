"""What a crawl holds in memory from its reading to its save is smaller, and saves the same rows."""

from catalog.connectors import ColumnProfileRecord
from catalog.services.catalog_sync import PackedSample
from catalog.services.catalog_sync.diff import merge_profiles
from catalog.services.crawl import _drop_superseded_statistics


def _profile(source: str, distinct: int) -> ColumnProfileRecord:
    return ColumnProfileRecord(0.0, distinct, "a", "z", [("a", 0.5)], source)


def test_a_packed_sample_gives_back_the_rows_it_was_made_of():
    rows = [
        [1, "naïve café ✓", None, True, 2.5, "2024-01-02T03:04:05"],
        [-7, 'quote " and \\ slash', 0.1 + 0.2, False, 1e300, ""],
    ]
    packed = PackedSample.of(["a", "b", "c", "d", "e", "f"], rows)
    assert packed.rows == rows
    assert packed.columns == ["a", "b", "c", "d", "e", "f"]
    assert isinstance(packed.rows_json, str)


def test_dropping_the_statistics_that_exact_profiles_supersede_changes_no_merged_profile():
    statistics = {
        ("s", "small", "id"): _profile("statistics", 1),
        ("s", "big", "id"): _profile("statistics", 2),
    }
    sample_profiles = {
        ("s", "small", "id"): _profile("exact", 3),
        ("s", "sampled", "id"): _profile("sample", 4),
    }
    merged_before = merge_profiles(sample_profiles, dict(statistics))
    _drop_superseded_statistics(statistics, sample_profiles)
    assert set(statistics) == {("s", "big", "id")}  # a sample's profile does not supersede them
    assert merge_profiles(sample_profiles, statistics) == merged_before

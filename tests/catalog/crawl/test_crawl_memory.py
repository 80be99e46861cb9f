"""What a crawl holds in memory from its reading to its save is smaller, and saves the same rows."""

from catalog.services.catalog_sync import PackedSample


def test_a_packed_sample_gives_back_the_rows_it_was_made_of():
    rows = [
        [1, "naïve café ✓", None, True, 2.5, "2024-01-02T03:04:05"],
        [-7, 'quote " and \\ slash', 0.1 + 0.2, False, 1e300, ""],
    ]
    packed = PackedSample.of(["a", "b", "c", "d", "e", "f"], rows)
    assert packed.rows == rows
    assert packed.columns == ["a", "b", "c", "d", "e", "f"]
    assert isinstance(packed.rows_json, str)
    assert PackedSample.of(["a"], [[1]], "d1").digest == "d1"  # the digest a re-crawl compares

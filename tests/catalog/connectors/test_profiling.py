"""Sample-based column profiles and JSON-safe sample values (pure)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

import pytest

from catalog.connectors import SampleRecord
from catalog.connectors.base import MAX_SAMPLE_TEXT, json_safe
from catalog.connectors.profiling import profile_sample


def sample(columns, rows):
    return SampleRecord("s", "t", columns, rows)


def test_it_profiles_nulls_distincts_extremes_and_common_values():
    profiles = profile_sample(sample(["n", "word"], [[3, "b"], [10, "a"], [None, "b"], [2, None], [10, "b"]]))
    n = profiles["n"]
    assert (n.null_fraction, n.distinct_count, n.source) == (0.2, 3, "sample")
    assert (n.min_value, n.max_value) == ("2", "10")  # numbers compare as numbers, not as text
    assert n.most_common[0] == ("10", 0.4)
    word = profiles["word"]
    assert (word.min_value, word.max_value, word.most_common[0]) == ("a", "b", ("b", 0.6))


def test_it_keeps_only_the_top_five_values():
    profiles = profile_sample(sample(["v"], [[i % 7] for i in range(70)]))
    assert len(profiles["v"].most_common) == 5
    assert all(freq == pytest.approx(1 / 7) for _, freq in profiles["v"].most_common)


def test_mixed_types_fall_back_to_text_comparison():
    profiles = profile_sample(sample(["v"], [[10], ["9"], [True]]))
    assert (profiles["v"].min_value, profiles["v"].max_value) == ("10", "true")
    assert profiles["v"].distinct_count == 3


def test_true_and_one_are_distinct_values():
    assert profile_sample(sample(["v"], [[True], [1], [1.0]]))["v"].distinct_count == 2


def test_an_empty_sample_has_unknown_fractions():
    profile = profile_sample(sample(["v"], []))["v"]
    assert (profile.null_fraction, profile.distinct_count, profile.min_value, profile.most_common) == (
        None,
        None,
        None,
        [],
    )


def test_an_all_null_column():
    profile = profile_sample(sample(["v"], [[None], [None]]))["v"]
    assert (profile.null_fraction, profile.distinct_count, profile.min_value) == (1.0, 0, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (7, 7),
        (1.5, 1.5),
        (float("nan"), "nan"),
        (decimal.Decimal("10.50"), "10.50"),
        (dt.date(2024, 1, 5), "2024-01-05"),
        (dt.datetime(2024, 1, 5, 6, 7, 8), "2024-01-05T06:07:08"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (b"\x00\xff", "\\x00ff"),
        (memoryview(b"ab"), "\\x6162"),
        ({"a": [1, 2]}, '{"a": [1, 2]}'),
        ([1, None], "[1, null]"),
        (dt.timedelta(seconds=90), "0:01:30"),
    ],
)
def test_sample_values_become_json_safe(value, expected):
    assert json_safe(value) == expected
    json.dumps(json_safe(value))


def test_long_text_is_truncated():
    value = json_safe("x" * 5000)
    assert len(value) == MAX_SAMPLE_TEXT + 1 and value.endswith("…")
    assert len(json_safe(b"y" * 5000)) == MAX_SAMPLE_TEXT + 1

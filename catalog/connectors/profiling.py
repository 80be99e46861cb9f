"""Column profiles computed from sample rows (pure; used where the engine keeps no statistics)."""

from __future__ import annotations

import hashlib
from collections import Counter
from operator import itemgetter
from typing import Any

from .base import ColumnProfileRecord, SampleRecord

TOP_N = 5
# Part of every sample digest: bump it when profile_sample makes other profiles of the same rows,
# so that the next crawl profiles every table again instead of keeping what the old code made.
PROFILE_VERSION = 1
_count = itemgetter(1)


def _key(value: Any) -> Any:
    # bool is an int subclass: keep True distinct from 1 when counting values
    return (type(value) is bool, value)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _min_max(values: list[Any], types: set[type]) -> tuple[str | None, str | None]:
    """Compare natively when every value is a number (or every one a string); else compare as text.
    `types`: the types of the values, which settle the common cases without a pass per check."""
    if not values:
        return None, None
    native = types <= _NUMBERS or types == _STRINGS or types == _BOOLS
    if not native:  # subclasses and mixtures: the general rule
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        native = (
            numeric or all(isinstance(v, str) for v in values) or all(isinstance(v, bool) for v in values)
        )
    if native:
        return _as_text(min(values)), _as_text(max(values))
    texts = [_as_text(v) for v in values]
    return min(texts), max(texts)


_NUMBERS, _STRINGS, _BOOLS = {int, float}, {str}, {bool}


def profile_sample(
    sample: SampleRecord, skip: set[str] | frozenset = frozenset(), source: str = "sample"
) -> dict[str, ColumnProfileRecord]:
    """Profiles of the sample's columns, except those in `skip` (the engine's statistics cover them).

    `source` says what the rows are: "sample", or "exact" when they are every row of the table."""
    total = len(sample.rows)
    profiles: dict[str, ColumnProfileRecord] = {}
    # Column by column: one transposition instead of indexing every row once per column.
    cells_of = zip(*sample.rows, strict=False) if sample.rows else ([] for _ in sample.columns)
    for column, cells in zip(sample.columns, cells_of, strict=False):
        if column in skip:
            continue
        values = [v for v in cells if v is not None]
        types = set(map(type, values))
        if bool in types and len(types) > 1:  # keep True apart from 1 (and False from 0)
            counts = Counter(_key(v) for v in values)
            counted = [(v, n) for (_, v), n in counts.items()]
        else:
            counts = Counter(values)
            counted = list(counts.items())
        # Ties keep first-seen order (a stable sort, as Counter.most_common), which makes the
        # result deterministic for a given sample.
        tops = sorted(counted, key=_count, reverse=True)[:TOP_N]
        common = [(_as_text(v), n / total) for v, n in tops] if total else []
        low, high = _min_max(values, types)
        profiles[column] = ColumnProfileRecord(
            null_fraction=(total - len(values)) / total if total else None,
            distinct_count=len(counts) if total else None,
            min_value=low,
            max_value=high,
            most_common=common,
            source=source,
        )
    return profiles


def sample_digest(sample: SampleRecord, covered: set[str] | frozenset = frozenset()) -> str:
    """A digest of everything a table's sample and the profiles of its rows are made from: its
    columns, the sample rows, every row when the table was read whole (exact profiles), and for a
    sample the columns the engine's statistics cover (those are not profiled from it).

    Equal digests mean the same sample and the same profiles, so a re-crawl that reads the same
    rows again need not profile them nor compare them with what is stored. The values are
    JSON-safe (str, int, float, bool, None), whose repr is exact and tells True from 1.
    """
    made_from = (
        PROFILE_VERSION,
        sample.columns,
        sample.rows,
        sample.all_rows,
        None if sample.all_rows is not None else sorted(covered),
    )
    return hashlib.blake2b(repr(made_from).encode(), digest_size=16).hexdigest()

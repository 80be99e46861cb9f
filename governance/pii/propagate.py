"""Personal data flows along column lineage: a column copied from a PII column without a
transformation that hides it is personal too, with the path as evidence. Linear in the edges."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Hashable, Iterable, Mapping

# Transformations that keep the value readable: the copy is as personal as its source.
PASSES = re.compile(
    r"^(?:|none|cast|trim|ltrim|rtrim|lower|upper|initcap|coalesce|nullif|concat|substr|"
    r"substring|left|right|replace|to_char|to_date|date|identity|alias|copy)$",
    re.I,
)


def propagate(
    edges: Iterable[tuple[Hashable, Hashable, str | None]], pii: Mapping[Hashable, str]
) -> dict[Hashable, tuple[str, list]]:
    """{target: (kind, path from a PII column)} for columns not already known as PII."""
    downstream: dict = {}
    for source, target, transform in edges:
        if PASSES.match((transform or "").strip()):
            downstream.setdefault(source, []).append(target)
    found: dict = {}
    queue = deque((column, kind, [column]) for column, kind in pii.items())
    while queue:
        column, kind, path = queue.popleft()
        for target in downstream.get(column, ()):
            if target in pii or target in found:
                continue
            found[target] = (kind, [*path, target])
            queue.append((target, kind, [*path, target]))
    return found

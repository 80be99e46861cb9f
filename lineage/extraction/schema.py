"""A small schema resolver: table name -> ordered column names."""

from __future__ import annotations

from collections.abc import Mapping


def _is_leaf(value) -> bool:
    """A leaf describes a table's columns: a list of names, or a dict of name -> type string."""
    if isinstance(value, (list, tuple)):
        return True
    if isinstance(value, Mapping):
        return bool(value) and all(not isinstance(v, Mapping) for v in value.values())
    return False


class SchemaResolver:
    """Maps tables to their ordered column names.

    Accepts either a flat mapping ``{"schema.table": ["a", "b"]}`` (values may also be
    ``{"col": "type"}`` dicts) or a nested one like sqlglot's MappingSchema
    ``{"schema": {"table": {"col": "type"}}}`` (any depth). Names are lowercased.
    """

    def __init__(self, mapping: Mapping | None = None):
        self._tables: dict[str, list[str]] = {}
        self._by_suffix: dict[str, list[str]] = {}
        if mapping:
            self._load(mapping, ())

    def _load(self, mapping: Mapping, prefix: tuple[str, ...]) -> None:
        for key, value in mapping.items():
            path = prefix + tuple(str(key).lower().split("."))
            if _is_leaf(value):
                self.add_table(".".join(path), list(value))
            elif isinstance(value, Mapping):
                self._load(value, path)

    def add_table(self, name: str, columns) -> None:
        name = name.lower()
        cols = [str(c).lower() for c in columns]
        self._tables[name] = cols
        parts = name.split(".")
        for i in range(1, len(parts)):
            self._by_suffix.setdefault(".".join(parts[i:]), []).append(name)

    def __bool__(self) -> bool:
        return bool(self._tables)

    def columns(self, table: str) -> list[str] | None:
        """Columns of ``table`` (qualified as far as known); None when unknown or ambiguous."""
        table = table.lower()
        cols = self._tables.get(table)
        if cols is not None:
            return cols
        candidates = self._by_suffix.get(table)
        if candidates and len(candidates) == 1:
            return self._tables[candidates[0]]
        # The SQL may be more qualified than the mapping (db.schema.t vs schema.t).
        parts = table.split(".")
        for i in range(1, len(parts)):
            cols = self._tables.get(".".join(parts[i:]))
            if cols is not None:
                return cols
        return None


def as_resolver(schema) -> SchemaResolver | None:
    if schema is None:
        return None
    if isinstance(schema, SchemaResolver):
        return schema if schema else None
    if isinstance(schema, Mapping):
        resolver = SchemaResolver(schema)
        return resolver if resolver else None
    # sqlglot MappingSchema and similar objects expose the nested mapping.
    mapping = getattr(schema, "mapping", None)
    if isinstance(mapping, Mapping):
        resolver = SchemaResolver(mapping)
        return resolver if resolver else None
    raise TypeError(f"unsupported schema type: {type(schema).__name__}")

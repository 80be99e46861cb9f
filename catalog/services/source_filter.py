"""Which schemas and tables of a source the catalog shows, from its include/exclude patterns.

Patterns are shell globs (`sales_*`, `*.tmp_*`), matched case-insensitively. A table pattern
without a dot matches the table name in any schema; with a dot it matches `schema.table`.
Objects a filter leaves out are hidden, never removed: changing a filter loses nothing.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase


def _matches(value: str, patterns: list[str]) -> bool:
    return any(fnmatchcase(value.lower(), pattern.lower()) for pattern in patterns)


@dataclass(frozen=True)
class SourceFilter:
    include_schemas: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    include_tables: tuple[str, ...] = ()
    exclude_tables: tuple[str, ...] = ()

    @classmethod
    def for_source(cls, source) -> "SourceFilter":
        return cls(
            tuple(source.include_schemas or ()),
            tuple(source.exclude_schemas or ()),
            tuple(source.include_tables or ()),
            tuple(source.exclude_tables or ()),
        )

    def includes_schema(self, schema: str) -> bool:
        if self.include_schemas and not _matches(schema, list(self.include_schemas)):
            return False
        return not _matches(schema, list(self.exclude_schemas))

    def includes_table(self, schema: str, table: str) -> bool:
        def hit(patterns):
            plain = [p for p in patterns if "." not in p]
            qualified = [p for p in patterns if "." in p]
            return _matches(table, plain) or _matches(f"{schema}.{table}", qualified)

        if self.include_tables and not hit(self.include_tables):
            return False
        return not hit(self.exclude_tables)

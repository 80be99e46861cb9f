"""Matching the names lineage extraction produces ("schema.table", "schema.table.column") to
catalog rows, in bulk: one query for tables and one for columns, whatever the statement count."""

from dataclasses import dataclass, field

from catalog.models import Column, Table


@dataclass
class CatalogNames:
    """Lower-cased qualified names of a set of tables and their columns → catalog ids."""

    tables: dict[str, int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    # schema.table → ordered column names, for the extractor's schema resolver (expands *).
    schema: dict[str, list[str]] = field(default_factory=dict)
    column_table: dict[int, int] = field(default_factory=dict)

    @classmethod
    def for_tables(cls, tables) -> "CatalogNames":
        names = cls()
        tables = tables.filter(removed_at__isnull=True).select_related("schema")
        by_id = {}
        for table in tables:
            key = f"{table.schema.name}.{table.name}".lower()
            names.tables.setdefault(key, table.pk)
            by_id[table.pk] = key
            names.schema.setdefault(key, [])
        columns = Column.objects.filter(table_id__in=list(by_id), removed_at__isnull=True).order_by(
            "table_id", "position"
        )
        for table_id, column_id, name in columns.values_list("table_id", "id", "name"):
            key = f"{by_id[table_id]}.{name}".lower()
            names.columns.setdefault(key, column_id)
            names.column_table[column_id] = table_id
            names.schema[by_id[table_id]].append(name.lower())
        return names

    @classmethod
    def for_source(cls, source) -> "CatalogNames":
        return cls.for_tables(Table.objects.filter(source=source))

    def table_id(self, name: str | None) -> int | None:
        return self.tables.get(name.lower()) if name else None

    def column_id(self, name: str | None) -> int | None:
        return self.columns.get(name.lower()) if name else None

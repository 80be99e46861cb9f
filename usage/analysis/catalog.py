"""What the analysis resolves names against: the crawled relations and their columns."""

from collections.abc import Iterable, Mapping, Sequence

Relation = tuple[str, str]
ColumnRef = tuple[str, str, str]


class Catalog:
    """Relations by (schema, name) with their columns; every lookup ignores case, as PostgreSQL
    does for unquoted names, and answers with the catalog's own spelling."""

    def __init__(self, relations: Mapping[Relation, Sequence[str]], views: Iterable[Relation] = ()):
        self._relations: dict[Relation, Relation] = {}
        self._columns: dict[Relation, dict[str, str]] = {}
        self._by_name: dict[str, list[Relation]] = {}
        for (schema, name), columns in relations.items():
            key = (schema.lower(), name.lower())
            self._relations[key] = (schema, name)
            self._columns[key] = {column.lower(): column for column in columns}
            self._by_name.setdefault(key[1], []).append((schema, name))
        self.views = {(s.lower(), n.lower()) for s, n in views}

    def relation(self, schema: str | None, name: str, search_path: Sequence[str] = ()) -> Relation | None:
        """The relation a (possibly unqualified) name means, or None when it is not crawled."""
        if schema:
            return self._relations.get((schema.lower(), name.lower()))
        for candidate in search_path:
            found = self._relations.get((candidate.lower(), name.lower()))
            if found:
                return found
        matches = self._by_name.get(name.lower(), [])
        return matches[0] if len(matches) == 1 and not search_path else None

    def column(self, relation: Relation, name: str) -> str | None:
        return self._columns.get((relation[0].lower(), relation[1].lower()), {}).get(name.lower())

    def columns(self, relation: Relation) -> list[str]:
        return list(self._columns.get((relation[0].lower(), relation[1].lower()), {}).values())

    def __contains__(self, relation: Relation) -> bool:
        return (relation[0].lower(), relation[1].lower()) in self._relations

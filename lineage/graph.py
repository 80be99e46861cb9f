"""Lineage graphs, built with networkx from stored edge rows, one query per hop.

Nodes are ("table", id) / ("column", id) for catalog assets, and ("name", "schema.table") for
names the catalog does not hold (a table outside every crawled source). Cycles are fine: each
node is expanded once.
"""

from dataclasses import dataclass

import networkx as nx
from django.db.models import BooleanField, Value

from catalog import extensions
from catalog.models import Column, Table
from lineage.models import ColumnLineageEdge, TableLineageEdge

MAX_DEPTH = 10
MAX_NODES = 2000

LEVELS = {
    "table": (TableLineageEdge, "table", "source_table_id", "target_table_id"),
    "column": (ColumnLineageEdge, "column", "source_column_id", "target_column_id"),
}


@dataclass
class LineageGraph:
    graph: nx.DiGraph
    level: str
    truncated: bool


def _node(kind: str, pk: int | None, name: str):
    return (kind, pk) if pk is not None else ("name", name)


def build_graph(*, level: str, start_ids: list[int], direction: str = "both", depth: int = 3) -> LineageGraph:
    """The lineage around `start_ids` (table or column ids), `depth` hops up- and/or downstream."""
    model, kind, source_field, target_field = LEVELS[level]
    depth = max(1, min(depth, MAX_DEPTH))
    graph = nx.DiGraph()
    for pk in start_ids:
        graph.add_node((kind, pk))
    truncated = False
    for towards, near_field in (("up", target_field), ("down", source_field)):
        if direction not in (towards, "both"):
            continue
        frontier, seen = set(start_ids), set(start_ids)
        for _ in range(depth):
            if not frontier:
                break
            edges = model.objects.filter(**{f"{near_field}__in": frontier})
            if level == "table":
                edges = edges.annotate(transformed=Value(False, output_field=BooleanField()))
            rows = edges.values_list(
                "id", source_field, "source_name", target_field, "target_name", "transformed", "origin"
            )
            next_frontier = set()
            for edge_id, source_id, source_name, target_id, target_name, transformed, origin in rows:
                source, target = _node(kind, source_id, source_name), _node(kind, target_id, target_name)
                data = graph.get_edge_data(source, target) or {"edge_ids": [], "origins": set()}
                data["edge_ids"].append(edge_id)
                data["origins"].add(origin)
                data["transformed"] = data.get("transformed", False) or transformed
                graph.add_edge(source, target, **data)
                far_id = source_id if towards == "up" else target_id
                if far_id is not None and far_id not in seen:
                    seen.add(far_id)
                    next_frontier.add(far_id)
            frontier = next_frontier
            if graph.number_of_nodes() > MAX_NODES:
                truncated = True
                break
    return LineageGraph(graph, level, truncated)


def impact(*, level: str, start_id: int) -> dict:
    """Everything downstream of a table or column someone plans to change: tables and columns."""
    kind = LEVELS[level][1]
    down = build_graph(level=level, start_ids=[start_id], direction="down", depth=MAX_DEPTH)
    reached = nx.descendants(down.graph, (kind, start_id))
    table_ids = {pk for node_kind, pk in reached if node_kind == "table"}
    column_ids = {pk for node_kind, pk in reached if node_kind == "column"}
    if level == "table":
        # Columns downstream of any column of this table.
        # Unordered: the model's order (by table, so by schema and table names) joins both tables.
        start_columns = list(Column.objects.filter(table_id=start_id).order_by().values_list("id", flat=True))
        columns = build_graph(level="column", start_ids=start_columns, direction="down", depth=MAX_DEPTH)
        for node in columns.graph.nodes:
            if node[0] == "column" and node[1] not in start_columns:
                column_ids.add(node[1])
    else:
        table_ids |= set(Column.objects.filter(pk__in=column_ids).values_list("table_id", flat=True))
        table_ids.discard(Column.objects.filter(pk=start_id).values_list("table_id", flat=True).first())
    external = sorted(name for node_kind, name in reached if node_kind == "name")
    return {
        "tables": Table.objects.filter(pk__in=table_ids)
        .select_related("schema", "source")
        .order_by("schema__name", "name"),
        "columns": Column.objects.filter(pk__in=column_ids)
        .select_related("table__schema")
        .order_by("table_id", "position"),
        "external": external,
        "truncated": down.truncated,
    }


def who_to_tell(found: dict) -> tuple[dict[int, list[dict]], list[dict]]:
    """The stewards of each table an impact reaches (a column's are its table's), from whichever
    app names stewards, and everyone among them once, the most concerned first:
    ({table id: [person]}, [person with the number of their tables])."""
    table_ids = set(found["tables"].values_list("pk", flat=True))
    table_ids |= set(found["columns"].values_list("table_id", flat=True))
    stewards = extensions.asset_info("stewards", Table, table_ids)
    counts: dict[str, int] = {}
    people: dict[str, dict] = {}
    for names in stewards.values():
        for person in names:
            counts[person["key"]] = counts.get(person["key"], 0) + 1
            people[person["key"]] = person
    ranked = sorted(people.values(), key=lambda p: (-counts[p["key"]], p["name"].lower()))
    return stewards, [{**person, "tables": counts[person["key"]]} for person in ranked]


def paths_between(*, level: str, from_id: int, to_id: int, cutoff: int = MAX_DEPTH) -> list[list]:
    """All simple paths from one asset to another, following data downstream."""
    kind = LEVELS[level][1]
    down = build_graph(level=level, start_ids=[from_id], direction="down", depth=cutoff)
    target = (kind, to_id)
    if target not in down.graph:
        return []
    return list(nx.all_simple_paths(down.graph, (kind, from_id), target, cutoff=cutoff))


def describe_nodes(graph: nx.DiGraph) -> dict:
    """Labels, links and schema groups of a graph's nodes, in two queries."""
    table_ids = {pk for kind, pk in graph.nodes if kind == "table"}
    column_ids = {pk for kind, pk in graph.nodes if kind == "column"}
    columns = {
        column.pk: column
        for column in Column.objects.filter(pk__in=column_ids).select_related(
            "table__schema", "table__source"
        )
    }
    table_ids |= {column.table_id for column in columns.values()}
    tables = {
        table.pk: table for table in Table.objects.filter(pk__in=table_ids).select_related("schema", "source")
    }
    # Trust flags from whichever app sets them (governance): a column without its own shows its table's.
    table_flags = extensions.asset_info("trust", Table, tables)
    column_flags = extensions.asset_info("trust", Column, columns)
    described = {}
    for node in graph.nodes:
        kind, key = node
        if kind == "table" and key in tables:
            table = tables[key]
            described[node] = {
                "label": table.name,
                "title": table.title,
                "group": f"{table.source.name} / {table.schema.name}",
                "table_id": table.pk,
                "kind": table.kind,
                "flag": table_flags.get(table.pk),
            }
        elif kind == "column" and key in columns:
            column = columns[key]
            described[node] = {
                "label": f"{column.table.name}.{column.name}",
                "title": column.title,
                "group": f"{column.table.source.name} / {column.table.schema.name}",
                "table_id": column.table_id,
                "kind": "column",
                "flag": column_flags.get(column.pk) or table_flags.get(column.table_id),
            }
        else:
            schema, _, name = str(key).rpartition(".")
            described[node] = {
                "label": name or key,
                "title": "",
                "group": schema or "(outside the catalog)",
                "table_id": None,
                "kind": "external",
                "flag": None,
            }
    return described

"""Reads the lineage pages and API share: the graph around an asset, as plain JSON-ready data."""

from django.db.models import Q
from django.urls import reverse

from catalog.models import Column
from lineage.graph import build_graph, describe_nodes
from lineage.models import ColumnLineageEdge, LineageStatement, TableLineageEdge


def node_id(node) -> str:
    return f"{node[0]}:{node[1]}"


def lineage_payload(*, table=None, column=None, level="table", direction="both", depth=2) -> dict:
    """Nodes (with label, schema group, link) and edges of the lineage around a table or column."""
    if column is not None:
        level, start = "column", [column.pk]
    elif level == "column":
        start = list(Column.objects.filter(table=table, removed_at__isnull=True).values_list("id", flat=True))
    else:
        start = [table.pk]
    result = build_graph(level=level, start_ids=start, direction=direction, depth=depth)
    described = describe_nodes(result.graph)
    start_nodes = {(level, pk) for pk in start}
    nodes = []
    for node in result.graph.nodes:
        info = described[node]
        nodes.append(
            {
                "id": node_id(node),
                **info,
                "url": reverse("table-tab", args=[info["table_id"], "lineage"]) if info["table_id"] else None,
                "start": node in start_nodes,
            }
        )
    edges = [
        {
            "source": node_id(source),
            "target": node_id(target),
            "transformed": data.get("transformed", False),
            "origins": sorted(data.get("origins", ())),
            "edge_ids": data.get("edge_ids", []),
        }
        for source, target, data in result.graph.edges(data=True)
    ]
    return {"level": level, "nodes": nodes, "edges": edges, "truncated": result.truncated}


def statements_for_table(table, limit=50):
    """The statements that produced the edges into and out of a table (for 'why is this edge here').
    One query: the edges' statement ids are subqueries (each was a query of its own)."""
    by_tables = (
        TableLineageEdge.objects.touching_tables([table.pk])
        .exclude(statement=None)
        .values_list("statement_id", flat=True)[:limit]
    )
    by_columns = (
        ColumnLineageEdge.objects.touching_tables([table.pk])
        .exclude(statement=None)
        .values_list("statement_id", flat=True)[:limit]
    )
    return LineageStatement.objects.filter(Q(pk__in=by_tables) | Q(pk__in=by_columns)).order_by(
        "-created_at"
    )[:limit]

"""Storing what extraction found: a statement row and its table and column edges, in bulk."""

from django.db import transaction

from catalog.permissions import recorded
from lineage.extraction import StatementLineage
from lineage.models import ColumnLineageEdge, LineageStatement, TableLineageEdge
from lineage.names import CatalogNames


@transaction.atomic
def statements_record(
    *,
    results: list[StatementLineage],
    origin: str,
    names: CatalogNames,
    dialect: str,
    source=None,
    table=None,
    user=None,
    views: list | None = None,
) -> list[LineageStatement]:
    """Save each statement with its edges, in bulk.

    `views`, aligned with `results`, names the view whose definition each result is: the view is
    its statement's table and target, since a definition is a bare SELECT.
    """
    statements, table_edges, column_edges = [], [], []
    user = recorded(user)
    for index, result in enumerate(results):
        view = views[index] if views else None
        target = view.qualified_name.lower() if view else result.target
        statement = LineageStatement(
            origin=origin,
            source=source,
            table=view or table,
            dialect=dialect,
            sql=result.sql,
            kind="view" if view else result.kind,
            target_name=target or "",
            status=result.status,
            reasons=result.reasons,
            error=result.error or "",
            created_by=user,
        )
        statements.append(statement)
        if not target:
            continue
        target_id = names.table_id(target)
        for source_name in result.sources:
            table_edges.append(
                TableLineageEdge(
                    statement=statement,
                    origin=origin,
                    source_name=source_name,
                    source_table_id=names.table_id(source_name),
                    target_name=target,
                    target_table_id=target_id,
                    created_by=user,
                )
            )
        for column in result.columns or []:
            target_column = f"{target}.{column.target}"
            for source_column in column.sources:
                source_column_id = names.column_id(source_column)
                column_edges.append(
                    ColumnLineageEdge(
                        statement=statement,
                        origin=origin,
                        source_name=source_column,
                        source_column_id=source_column_id,
                        source_table_id=names.table_id(source_column.rpartition(".")[0]),
                        target_name=target_column,
                        target_column_id=names.column_id(target_column),
                        target_table_id=target_id,
                        transformed=column.transformed,
                        expression=column.expression,
                        created_by=user,
                    )
                )
    LineageStatement.objects.bulk_create(statements)
    # bulk_create set the statements' ids; the edges point at them now.
    for edge in (*table_edges, *column_edges):
        edge.statement_id = edge.statement.pk
    TableLineageEdge.objects.bulk_create(table_edges, batch_size=1000)
    ColumnLineageEdge.objects.bulk_create(column_edges, batch_size=1000)
    return statements

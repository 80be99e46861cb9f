"""Lineage a steward adds by hand, for what no statement shows (an ETL tool, a spreadsheet)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.models import Table
from catalog.permissions import recorded, require
from lineage.models import ColumnLineageEdge, Origin, TableLineageEdge

PERMISSION = "lineage.curate_lineage"


@transaction.atomic
def manual_edge_add(*, user, source_table: Table, target_table: Table, column_pairs=()) -> TableLineageEdge:
    """Record that data flows from source_table to target_table (and, optionally, column to column)."""
    require(user, PERMISSION, "Only stewards add lineage by hand.")
    if source_table.pk == target_table.pk and not column_pairs:
        raise ValidationError("A table does not feed itself; pick two tables.")
    for source_column, target_column in column_pairs:
        if source_column.table_id != source_table.pk or target_column.table_id != target_table.pk:
            raise ValidationError("Each column must belong to the table on its side.")
    author = recorded(user)
    edge = TableLineageEdge.objects.create(
        origin=Origin.MANUAL,
        source_table=source_table,
        source_name=source_table.qualified_name.lower(),
        target_table=target_table,
        target_name=target_table.qualified_name.lower(),
        created_by=author,
    )
    ColumnLineageEdge.objects.bulk_create(
        ColumnLineageEdge(
            origin=Origin.MANUAL,
            table_edge=edge,
            source_column=source_column,
            source_name=f"{source_table.qualified_name}.{source_column.name}".lower(),
            source_table=source_table,
            target_column=target_column,
            target_name=f"{target_table.qualified_name}.{target_column.name}".lower(),
            target_table=target_table,
            created_by=author,
        )
        for source_column, target_column in column_pairs
    )
    return edge


@transaction.atomic
def manual_edge_delete(*, user, edge: TableLineageEdge) -> None:
    """Remove an edge added by hand, with the column pairs added with it (and no others)."""
    require(user, PERMISSION, "Only stewards remove lineage added by hand.")
    if edge.origin != Origin.MANUAL:
        raise ValidationError("Only edges added by hand can be removed; the others come from SQL.")
    edge.delete()  # its column edges cascade


def statement_mark_reviewed(*, user, statement) -> None:
    """A steward has dealt with a failed or partial statement: it leaves the queue, with who did it."""
    require(user, PERMISSION, "Only stewards review the lineage queue.")
    statement.reviewed_by = recorded(user)
    statement.save(update_fields=["reviewed_by"])

"""Reading usage: the report of a source, and what a table's tabs and panels show. Every function
issues a fixed number of queries, whatever the number of shapes, users or tables."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import CharField, Count, Max, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils import timezone

from catalog.models import Column, DataSource, Table
from usage.analysis import build_report
from usage.models import (
    QueryShape,
    SavedQuery,
    SavedQueryTable,
    ShapeColumn,
    ShapeFilter,
    ShapeJoin,
    ShapeRuns,
    ShapeTable,
)

POPULARITY_DAYS = 90
HALF_LIFE_DAYS = 30


def _names(table_ids=(), column_ids=()) -> tuple[dict, dict]:
    tables = {
        pk: (schema, name)
        for pk, schema, name in Table.objects.filter(pk__in=set(table_ids)).values_list(
            "pk", "schema__name", "name"
        )
    }
    columns = {
        pk: (schema, table, name)
        for pk, schema, table, name in Column.objects.filter(pk__in=set(column_ids)).values_list(
            "pk", "table__schema__name", "table__name", "name"
        )
    }
    return tables, columns


def usage_report(source: DataSource) -> dict:
    """The usage report of a source, from what was ingested (the format of docs/usage.md)."""
    runs = ShapeRuns.objects.filter(shape__source=source)
    unparseable = runs.filter(shape__parseable=False).aggregate(n=Sum("executions"))["n"] or 0
    per_table = defaultdict(lambda: [0, Counter()])
    for table_id, user, n in (
        runs.filter(shape__tables__written=False)
        .values_list("shape__tables__table_id", "user_name")
        .annotate(n=Sum("executions"))
    ):
        per_table[table_id][0] += n
        per_table[table_id][1][user] += n
    per_join = defaultdict(lambda: [0, set()])
    for left, right, user, n in (
        runs.filter(shape__joins__isnull=False)
        .values_list("shape__joins__left_id", "shape__joins__right_id", "user_name")
        .annotate(n=Sum("executions"))
    ):
        per_join[(left, right)][0] += n
        per_join[(left, right)][1].add(user)
    per_filter = defaultdict(lambda: [0, set(), Counter()])
    for column_id, user, n in (
        runs.filter(shape__filters__isnull=False)
        .values_list("shape__filters__column_id", "user_name")
        .annotate(n=Sum("executions"))
    ):
        per_filter[column_id][0] += n
        per_filter[column_id][1].add(user)
    for column_id, operators, executions in ShapeFilter.objects.filter(shape__source=source).values_list(
        "column_id", "operators", "shape__executions"
    ):
        for op in operators:
            per_filter[column_id][2][op] += executions
    per_column = dict(
        ShapeColumn.objects.filter(shape__source=source)
        .values_list("column_id")
        .annotate(n=Sum("shape__executions"))
    )
    column_ids = {c for pair in per_join for c in pair} | set(per_filter) | set(per_column)
    tables, columns = _names(per_table, column_ids)
    return build_report(
        unparseable=unparseable,
        tables={tables[t]: (n, users) for t, (n, users) in per_table.items() if t in tables},
        joins={
            tuple(sorted((columns[a], columns[b]))): (n, users)
            for (a, b), (n, users) in per_join.items()
            if a in columns and b in columns
        },
        filters={columns[c]: tuple(v) for c, v in per_filter.items() if c in columns and v[0]},
        columns={columns[c]: n for c, n in per_column.items() if c in columns},
    )


# --- a table's tabs and panels ----------------------------------------------------------------------


def table_queries(table: Table, limit: int = 50):
    """Shapes that read the table, most run first, with their distinct users."""
    return (
        QueryShape.objects.filter(tables__table=table, tables__written=False, parseable=True)
        .annotate(users=Count("runs__user_name", distinct=True))
        .order_by("-executions", "-last_run")[:limit]
    )


def table_tab_counts(table: Table) -> dict[str, int]:
    """The numbers beside the Queries, Joins and Filters tabs of a table, in one query (each tab
    counted its own: four queries on every table page): parseable shapes reading the table plus
    its saved queries, distinct column pairs joining it to others, distinct columns filtered on.
    Kept on the table object, as the three tabs ask for their counts one after the other."""
    if not hasattr(table, "_usage_tab_counts"):
        here = table.pk
        # The pairs through the table's column ids, not an OR across two joins to columns: SQLite
        # planned that as a scan of every column (9 ms a page at 10,000 tables).
        its_columns = Column.objects.filter(table=here).values("id")
        pair = Concat(Cast("left_id", CharField()), Value(":"), Cast("right_id", CharField()))
        table._usage_tab_counts = Table.objects.filter(pk=table.pk).aggregate(
            shapes=_count(ShapeTable.objects.filter(table=here, written=False, shape__parseable=True)),
            saved=_count(SavedQueryTable.objects.filter(table=here)),
            joins=_count(
                ShapeJoin.objects.filter(Q(left_id__in=its_columns) | Q(right_id__in=its_columns)),
                Count(pair, distinct=True),
            ),
            filters=_count(ShapeFilter.objects.filter(column__table=here), Count("column_id", distinct=True)),
        )
    found = table._usage_tab_counts
    return {
        "queries": (found["shapes"] or 0) + (found["saved"] or 0),
        "joins": found["joins"] or 0,
        "filters": found["filters"] or 0,
    }


def _count(queryset, what=None):
    """`what` (every row by default) counted over a queryset, as a scalar subquery: a constant as
    its only grouping key makes one row, the count over every matching row."""
    counted = queryset.order_by().values(one=Value(1)).annotate(n=what or Count("*")).values("n")
    return Max(Subquery(counted))


def table_joins(table: Table, limit: int = 50) -> list[dict]:
    """Tables joined to this one, on which columns, ranked by executions then users."""
    pairs = ShapeJoin.objects.filter(Q(left__table=table) | Q(right__table=table))
    totals = defaultdict(lambda: {"executions": 0, "users": set(), "shape": None})
    for left, right, shape_id, user, n in pairs.values_list(
        "left_id", "right_id", "shape_id", "shape__runs__user_name"
    ).annotate(n=Sum("shape__runs__executions")):
        entry = totals[(left, right)]
        entry["executions"] += n or 0
        entry["users"].add(user)
        entry["shape"] = entry["shape"] or shape_id
    columns = {
        c.pk: c
        for c in Column.objects.filter(pk__in={c for pair in totals for c in pair}).select_related(
            "table__schema"
        )
    }
    rows = []
    for (left, right), entry in totals.items():
        mine, other = (
            (columns[left], columns[right])
            if columns[left].table_id == table.pk
            else (columns[right], columns[left])
        )
        rows.append({"column": mine, "other": other, "executions": entry["executions"],
                     "users": len(entry["users"] - {None}), "example": entry["shape"]})  # fmt: skip
    rows.sort(key=lambda r: (-r["executions"], -r["users"], r["other"].table.qualified_name))
    return rows[:limit]


def table_filters(table: Table, limit: int = 50) -> list[dict]:
    """The table's columns used in WHERE predicates: operators and example values."""
    totals = defaultdict(lambda: {"executions": 0, "operators": Counter(), "values": []})
    for column_id, operators, values, executions in ShapeFilter.objects.filter(
        column__table=table
    ).values_list("column_id", "operators", "values", "shape__executions"):
        entry = totals[column_id]
        entry["executions"] += executions
        for op in operators:
            entry["operators"][op] += executions
        entry["values"] += [v for v in values if v not in entry["values"]][: 5 - len(entry["values"])]
    columns = Column.objects.in_bulk(list(totals))
    rows = [{"column": columns[c], **entry} for c, entry in totals.items() if c in columns]
    rows.sort(key=lambda r: (-r["executions"], r["column"].name))
    for row in rows:
        row["operators"] = row["operators"].most_common()
    return rows[:limit]


def top_users(table: Table, limit: int = 5) -> list[dict]:
    rows = (
        ShapeRuns.objects.filter(shape__tables__table=table, shape__tables__written=False)
        .values("user_name")
        .annotate(executions=Sum("executions"), last_run=Max("last_run"))
        .order_by("-executions", "user_name")[:limit]
    )
    return list(rows)


def popularity(table_ids) -> dict[int, dict]:
    """Per table: distinct users and executions over the recent window, weighted by age (an
    execution a month old counts half), for the Overview bar and search ranking."""
    since = timezone.now().date() - timedelta(days=POPULARITY_DAYS)
    found: dict[int, dict] = {}
    today = timezone.now().date()
    for table_id, user, day, n in (
        ShapeRuns.objects.filter(
            shape__tables__table_id__in=list(table_ids), shape__tables__written=False, day__gte=since
        )
        .values_list("shape__tables__table_id", "user_name", "day")
        .annotate(n=Sum("executions"))
    ):
        entry = found.setdefault(table_id, {"users": set(), "executions": 0, "score": 0.0})
        entry["users"].add(user)
        entry["executions"] += n
        entry["score"] += n * 0.5 ** ((today - day).days / HALF_LIFE_DAYS)
    return {
        pk: {"users": len(v["users"]), "executions": v["executions"], "score": v["score"]}
        for pk, v in found.items()
    }


def column_popularity(table: Table) -> dict[int, int]:
    return dict(
        ShapeColumn.objects.filter(column__table=table)
        .values_list("column_id")
        .annotate(n=Sum("shape__executions"))
    )


def user_activity(user_name: str, limit: int = 50) -> dict:
    runs = ShapeRuns.objects.filter(user_name=user_name)
    shapes = (
        QueryShape.objects.filter(runs__user_name=user_name)
        .annotate(mine=Sum("runs__executions"), my_last=Max("runs__last_run"))
        .select_related("source")
        .order_by("-mine")[:limit]
    )
    table_rows = (
        runs.filter(shape__tables__written=False)
        .values("shape__tables__table_id")
        .annotate(n=Sum("executions"))
        .order_by("-n")[:20]
    )
    by_id = Table.objects.select_related("schema").in_bulk(
        [row["shape__tables__table_id"] for row in table_rows]
    )
    return {
        "executions": runs.aggregate(n=Sum("executions"))["n"] or 0,
        "queries": list(shapes),
        "tables": [
            (by_id[row["shape__tables__table_id"]], row["n"])
            for row in table_rows
            if row["shape__tables__table_id"] in by_id
        ],
    }


def shape_users(shape: QueryShape, limit: int = 20) -> list[dict]:
    return list(
        shape.runs.values("user_name")
        .annotate(executions=Sum("executions"), last_run=Max("last_run"))
        .order_by("-executions", "user_name")[:limit]
    )


# --- saved queries ----------------------------------------------------------------------------------


def saved_queries_visible(user):
    """Saved queries on the sources this user may read, with what their lists show."""
    return SavedQuery.objects.filter(source__in=DataSource.objects.visible_to(user)).select_related(
        "source", "author"
    )


def access_saved_query(user, pk) -> SavedQuery:
    found = saved_queries_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such saved query.")
    return found


def saved_query_tables(saved: SavedQuery) -> list:
    return [
        link.table
        for link in SavedQueryTable.objects.filter(saved_query=saved)
        .select_related("table__schema")
        .order_by("table__schema__name", "table__name")
    ]


def table_saved_queries(table: Table, limit: int = 50):
    return (
        SavedQuery.objects.filter(tables__table=table)
        .select_related("author")
        .order_by("-updated_at", "-id")[:limit]
    )

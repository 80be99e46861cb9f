"""OpenLineage run events (the HTTP transport of the Airflow, Spark and dbt integrations).

A COMPLETE event's inputs and outputs become table edges, and its outputs' columnLineage facets
column edges. Datasets map onto crawled tables by their last two name parts (schema.table); a
job's newest event replaces what its earlier events said.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models.functions import Lower

from catalog.models import Table
from catalog.permissions import require
from lineage.extraction import ColumnLineage, StatementLineage
from lineage.models import LineageStatement, Origin
from lineage.names import CatalogNames
from lineage.services.record import statements_record

RECORDED_EVENTS = {"COMPLETE", None, ""}
PERMISSION = "lineage.ingest_openlineage"
# Bounds on one event: integrations send one event per job run, with the datasets that run read
# and wrote; thousands of them is a mistake or an attack, and each becomes rows.
MAX_DATASETS = 1_000  # inputs, and outputs, each
MAX_EDGES = 20_000  # table edges (inputs × outputs) plus column edges


class OpenLineageError(ValueError):
    pass


def _dict(value, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise OpenLineageError(f"{what} must be an object.")
    return value


def _list(value, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise OpenLineageError(f"{what} must be a list.")
    return value


def _dataset_name(dataset) -> str:
    if not isinstance(dataset, dict) or not isinstance(dataset.get("name"), str | int | float):
        raise OpenLineageError("Every input and output needs a 'name'.")
    name = str(dataset["name"]).strip().lower()
    parts = [part for part in name.replace("/", ".").split(".") if part]
    return ".".join(parts[-2:]) if len(parts) >= 2 else name


def _host(namespace) -> str | None:
    if not isinstance(namespace, str) or "://" not in namespace:
        return None
    try:
        return urlsplit(namespace).hostname
    except ValueError:
        return None


def _column_lineage(output: dict) -> list[ColumnLineage]:
    facets = _dict(output.get("facets"), "An output's 'facets'")
    fields = _dict(
        _dict(facets.get("columnLineage"), "'columnLineage'").get("fields"), "'columnLineage.fields'"
    )
    columns = []
    for field, spec in fields.items():
        input_fields = _list(
            _dict(spec, f"'fields.{field}'").get("inputFields"), f"'fields.{field}.inputFields'"
        )
        sources, transformed = [], False
        for source in input_fields:
            source = _dict(source, "An input field")
            sources.append(f"{_dataset_name(source)}.{str(source.get('field', '')).lower()}")
            for transformation in _list(source.get("transformations"), "'transformations'") or [{}]:
                transformation = _dict(transformation, "A transformation")
                if transformation.get("type") != "DIRECT" or transformation.get("subtype") != "IDENTITY":
                    transformed = True
        columns.append(
            ColumnLineage(target=str(field).lower(), sources=sorted(sources), transformed=transformed)
        )
    return columns


@transaction.atomic
def openlineage_event_record(*, event: dict, user) -> LineageStatement | None:
    """Record one run event; returns None for events that carry no final lineage (START, RUNNING).

    Linear in the event's size: names are matched to tables in a fixed number of queries."""
    require(user, PERMISSION, "Contributors (or integrations with their role) post OpenLineage events.")
    if not isinstance(event, dict) or not isinstance(event.get("job"), dict):
        raise OpenLineageError("An OpenLineage run event needs a 'job' with a namespace and a name.")
    if event.get("eventType") not in RECORDED_EVENTS:
        return None
    job = f"{event['job'].get('namespace', '')}/{event['job'].get('name', '')}"
    inputs = _list(event.get("inputs"), "'inputs'")
    outputs = _list(event.get("outputs"), "'outputs'")
    if len(inputs) > MAX_DATASETS or len(outputs) > MAX_DATASETS:
        raise OpenLineageError(
            f"An event may name at most {MAX_DATASETS:,} inputs and {MAX_DATASETS:,} outputs; "
            "send one event per job run."
        )
    sources = sorted({_dataset_name(dataset) for dataset in inputs})
    results = []
    edges = len(sources) * max(len(outputs), 1)
    for output in outputs:
        columns = _column_lineage(_dict(output, "An output"))
        edges += sum(len(column.sources) for column in columns)
        if edges > MAX_EDGES:
            raise OpenLineageError(f"An event may describe at most {MAX_EDGES:,} table and column edges.")
        results.append(
            StatementLineage(
                sql=job, kind="openlineage", target=_dataset_name(output), sources=sources, columns=columns
            )
        )
    if edges > MAX_EDGES:
        raise OpenLineageError(f"An event may describe at most {MAX_EDGES:,} table and column edges.")
    if not results:
        results = [StatementLineage(sql=job, kind="openlineage", sources=sources)]
    names = CatalogNames.for_tables(_candidate_tables(inputs + outputs))
    LineageStatement.objects.filter(origin=Origin.OPENLINEAGE, sql=job).delete()
    return statements_record(results=results, origin=Origin.OPENLINEAGE, names=names, dialect="", user=user)[
        0
    ]


def _candidate_tables(datasets):
    """Tables whose schema.table matches a dataset; a namespace naming a host narrows to its sources.

    One query whatever the number of datasets (an OR of one condition per name grew quadratically
    in Django's query building): rows whose schema and table names are both among the wanted
    ones, then the exact pairs in Python."""
    wanted = set()
    for dataset in datasets:
        schema, _, table = _dataset_name(dataset).rpartition(".")
        if schema:
            wanted.add((schema, table))
    if not wanted:
        return Table.objects.none()
    rows = (
        Table.objects.annotate(schema_lower=Lower("schema__name"), name_lower=Lower("name"))
        .filter(schema_lower__in={s for s, _ in wanted}, name_lower__in={t for _, t in wanted})
        .values_list("pk", "schema_lower", "name_lower", "source__url")
    )
    matches = [(pk, url) for pk, schema, name, url in rows if (schema, name) in wanted]
    hosts = {_host(dataset.get("namespace")) for dataset in datasets} - {None}
    narrowed = [pk for pk, url in matches if hosts and _host(url) in hosts]
    return Table.objects.filter(pk__in=narrowed or [pk for pk, _ in matches])

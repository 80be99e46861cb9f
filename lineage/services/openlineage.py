"""OpenLineage run events (the HTTP transport of the Airflow, Spark and dbt integrations).

A COMPLETE event's inputs and outputs become table edges, and its outputs' columnLineage facets
column edges. Datasets map onto crawled tables by their last two name parts (schema.table); a
job's newest event replaces what its earlier events said.
"""

import re
from urllib.parse import urlsplit

from django.db import transaction

from catalog.models import Table
from catalog.permissions import require
from lineage.extraction import ColumnLineage, StatementLineage
from lineage.models import LineageStatement, Origin
from lineage.names import CatalogNames
from lineage.services.record import statements_record

RECORDED_EVENTS = {"COMPLETE", None, ""}
PERMISSION = "lineage.ingest_openlineage"


class OpenLineageError(ValueError):
    pass


def _dataset_name(dataset: dict) -> str:
    try:
        name = str(dataset["name"]).strip().lower()
    except (KeyError, TypeError):
        raise OpenLineageError("Every input and output needs a 'name'.") from None
    parts = [part for part in name.replace("/", ".").split(".") if part]
    return ".".join(parts[-2:]) if len(parts) >= 2 else name


def _host(namespace: str | None) -> str | None:
    return urlsplit(namespace).hostname if namespace and "://" in namespace else None


@transaction.atomic
def openlineage_event_record(*, event: dict, user) -> LineageStatement | None:
    """Record one run event; returns None for events that carry no final lineage (START, RUNNING)."""
    require(user, PERMISSION, "Contributors (or integrations with their role) post OpenLineage events.")
    if not isinstance(event, dict) or not isinstance(event.get("job"), dict):
        raise OpenLineageError("An OpenLineage run event needs a 'job' with a namespace and a name.")
    if event.get("eventType") not in RECORDED_EVENTS:
        return None
    job = f"{event['job'].get('namespace', '')}/{event['job'].get('name', '')}"
    inputs, outputs = event.get("inputs") or [], event.get("outputs") or []
    if not isinstance(inputs, list) or not isinstance(outputs, list):
        raise OpenLineageError("'inputs' and 'outputs' must be lists of datasets.")
    names = CatalogNames.for_tables(_candidate_tables(inputs + outputs))
    LineageStatement.objects.filter(origin=Origin.OPENLINEAGE, sql=job).delete()
    sources = sorted({_dataset_name(dataset) for dataset in inputs})
    results = []
    for output in outputs:
        fields = ((output.get("facets") or {}).get("columnLineage") or {}).get("fields") or {}
        columns = [
            ColumnLineage(
                target=str(field).lower(),
                sources=sorted(
                    f"{_dataset_name(source)}.{str(source.get('field', '')).lower()}"
                    for source in (spec or {}).get("inputFields") or []
                ),
                transformed=any(
                    transformation.get("type") != "DIRECT" or transformation.get("subtype") != "IDENTITY"
                    for source in (spec or {}).get("inputFields") or []
                    for transformation in source.get("transformations") or [{}]
                ),
            )
            for field, spec in fields.items()
        ]
        results.append(
            StatementLineage(
                sql=job, kind="openlineage", target=_dataset_name(output), sources=sources, columns=columns
            )
        )
    if not results:
        results = [StatementLineage(sql=job, kind="openlineage", sources=sources)]
    return statements_record(results=results, origin=Origin.OPENLINEAGE, names=names, dialect="", user=user)[
        0
    ]


def _candidate_tables(datasets):
    """Tables whose schema.table matches a dataset; a namespace naming a host narrows to its sources."""
    names = {_dataset_name(dataset) for dataset in datasets}
    tables = Table.objects.none()
    for name in names:
        schema, _, table = name.rpartition(".")
        if schema:
            tables = tables | Table.objects.filter(schema__name__iexact=schema, name__iexact=table)
    hosts = {_host(dataset.get("namespace")) for dataset in datasets} - {None}
    narrowed = (
        tables.filter(source__url__regex="|".join(f"@{re.escape(h)}[:/]" for h in hosts)) if hosts else tables
    )
    return narrowed if narrowed.exists() else tables

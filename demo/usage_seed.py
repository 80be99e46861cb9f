"""The demo's query history: the analysts' log that `python -m demo all` writes, ingested so the
Queries, Joins and Filters tabs and the Top users panels are full from the first minute."""

from pathlib import Path

from catalog.models import DataSource
from catalog.permissions import SYSTEM


def ingest_demo_log(source: DataSource, directory: Path) -> str:
    from demo.querylog import write_query_log
    from usage.services.ingest import ingest_log

    path = directory / "querylog.jsonl"
    if not path.exists():
        write_query_log(path)
    with path.open("rb") as stream:
        run = ingest_log(source=source, stream=stream, fmt="jsonl", user=SYSTEM, name="demo querylog.jsonl")
    return run.message

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


SAVED_QUERIES = [
    (
        "contributor",
        "Hip replacements: average payment by state",
        "Major joint replacement without complications (**DRG 470**), latest year. Codes are in "
        "[[ipps.lu_drg]]; payments are averages per discharge, so weight them by `total_discharges` "
        "when you add states up.",
        "select s.provider_state, sum(s.total_discharges) as discharges, "
        "round(sum(s.average_total_payments * s.total_discharges) / sum(s.total_discharges), 2) "
        "as avg_payment "
        "from ipps.summ_top_drg s join ipps.lu_drg d on d.drg = s.drg "
        "where s.drg = 470 and s.year = (select max(year) from ipps.summ_top_drg) "
        "group by s.provider_state order by avg_payment desc",
    ),
    (
        "steward",
        "Hospitals with their NPI registry entry",
        "Joins IPPS providers to the NPPES registry on `npi`. Hospitals without an NPI are left out.",
        "select p.provider_id, p.name, p.state, n.organization_name, n.primary_taxonomy "
        "from ipps.provider p join npi.nppes_provider_identifier n on n.npi = p.npi order by p.state, p.name",
    ),
]


def seed_saved_queries(source: DataSource) -> str:
    """A couple of saved queries by the demo's contributor and steward (idempotent)."""
    from django.contrib.auth import get_user_model

    from usage.models import SavedQuery
    from usage.services.saved import saved_query_create

    if SavedQuery.objects.filter(source=source).exists():
        return "already there"
    users = get_user_model().objects.in_bulk([author for author, *_ in SAVED_QUERIES], field_name="username")
    for author, title, description, sql in SAVED_QUERIES:
        saved_query_create(
            user=users.get(author, SYSTEM), source=source, title=title, description=description, sql=sql
        )
    return f"saved {len(SAVED_QUERIES)} queries"

from django.utils import timezone

from usage.services.history import read_history_after_crawl
from usage.services.saved import saved_queries_relink


def history_after_crawl(sender, run, **kwargs) -> list[dict]:
    """Every crawl links saved queries to the tables now crawled, and reads the source's statement
    statistics; what it has to say goes on the run as warnings."""
    saved_queries_relink(run.source)
    return read_history_after_crawl(run.source, run.started_at or timezone.now())

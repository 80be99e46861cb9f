from django.utils import timezone

from usage.services.history import read_history_after_crawl


def history_after_crawl(sender, run, **kwargs) -> list[dict]:
    """Every crawl reads the source's statement statistics; what it says goes on the run."""
    return read_history_after_crawl(run.source, run.started_at or timezone.now())

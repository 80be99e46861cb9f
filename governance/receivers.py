from governance.services.pii import classify_source


def classify_after_crawl(sender, run, **kwargs):
    """Every crawl classifies the source's columns from their names and fresh samples."""
    classify_source(run.source)

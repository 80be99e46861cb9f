from governance.services.pii import classify_source


def classify_after_crawl(sender, run, changed_tables=None, **kwargs):
    """Every crawl classifies the columns of the tables it changed from their names and fresh
    samples (all of the source's when it does not say which); an unchanged table would be
    classified the same way again."""
    classify_source(run.source, tables=changed_tables)

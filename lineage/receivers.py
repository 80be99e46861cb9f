from lineage.services.queries import query_history_lineage_record
from lineage.services.views import view_lineage_refresh


def refresh_view_lineage(sender, run, changed_tables=None, **kwargs):
    # A crawl that changed nothing leaves every view and the columns it reads as they were.
    if changed_tables is None or changed_tables:
        view_lineage_refresh(source=run.source)


def record_query_history_lineage(sender, source, statements, **kwargs):
    query_history_lineage_record(source=source, statements=statements)

from lineage.services.queries import query_history_lineage_record
from lineage.services.views import view_lineage_refresh


def refresh_view_lineage(sender, run, **kwargs):
    view_lineage_refresh(source=run.source)


def record_query_history_lineage(sender, source, statements, **kwargs):
    query_history_lineage_record(source=source, statements=statements)

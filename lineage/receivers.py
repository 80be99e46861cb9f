from lineage.services.views import view_lineage_refresh


def refresh_view_lineage(sender, run, **kwargs):
    view_lineage_refresh(source=run.source)

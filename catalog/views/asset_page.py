"""What every asset page shares: its tabs, and the side column apps fill through the registries."""

from django.urls import reverse

from catalog.extensions import panels_for, properties_for, tabs_for


def tab_links(asset, kind: str, current: str, url_name: str) -> list[dict]:
    """The tabs of an asset page with their counts ("Queries 12"), the current one marked."""
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "count": tab.count(asset) if tab.count else None,
            "url": reverse(url_name, args=[asset.pk, tab.key]),
            "selected": tab.key == current,
        }
        for tab in tabs_for(kind)
    ]


def side_column(request, asset, kind: str) -> dict:
    """Side panels that have something to show for this asset, and extra Properties rows."""
    panels = []
    for panel in panels_for(kind):
        context = panel.context(request, asset)
        if context is not None:
            panels.append({"template": panel.template, "key": panel.key, "context": context})
    rows = [row for provider in properties_for(kind) for row in provider.rows(asset)]
    return {"side_panels": panels, "extra_properties": rows}

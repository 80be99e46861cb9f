"""What every asset page shares: its tabs, and the side column apps fill through the registries."""

from django.urls import reverse

from catalog.extensions import notices_for, panels_for, properties_for, tabs_for


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
    """Side panels that have something to show for this asset, extra Properties rows, and the
    notices shown under its title."""
    notices = []
    for notice in notices_for(kind):
        context = notice.context(request, asset)
        if context is not None:
            notices.append({"template": notice.template, "key": notice.key, "context": context})
    panels = []
    for panel in panels_for(kind):
        context = panel.context(request, asset)
        if context is not None:
            panels.append({"template": panel.template, "key": panel.key, "context": context})
    rows = [row for provider in properties_for(kind) for row in provider.rows(asset)]
    return {"side_panels": panels, "extra_properties": rows, "notices": notices}

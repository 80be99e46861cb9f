from django import template
from django.template.defaultfilters import filesizeformat

from catalog.markdown import render_markdown
from catalog.schedules import describe_cron, describe_duration

register = template.Library()


@register.filter
def markdown(text: str | None) -> str:
    """Render Markdown through the catalog's one renderer, so a description can never carry a script."""
    return render_markdown(text)


@register.filter
def bytes_or_dash(value):
    return filesizeformat(value) if isinstance(value, int) else "—"


@register.filter
def percent(value):
    return f"{value * 100:.1f}%" if isinstance(value, int | float) else "—"


@register.filter
def schedule(expression):
    """A cron expression as people say it: "daily at 03:00 UTC"."""
    return describe_cron(expression)


@register.filter
def duration(value):
    """A timedelta as people say it: "0.6 s", "3 min 4 s"."""
    return describe_duration(value)

from django import template
from django.template.defaultfilters import filesizeformat

from catalog.markdown import render_markdown

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

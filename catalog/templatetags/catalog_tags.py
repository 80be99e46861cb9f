import markdown as markdown_lib
import nh3
from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe

register = template.Library()

# What Markdown may produce and a reader may see: no scripts, styles, iframes or event handlers.
ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}


@register.filter
def markdown(text: str | None) -> str:
    """Render Markdown and sanitise the HTML, so a description can never carry a script."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return mark_safe(  # noqa: S308 - sanitised by nh3 just above
        nh3.clean(
            html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}
        )
    )


@register.filter
def bytes_or_dash(value):
    return filesizeformat(value) if isinstance(value, int) else "—"


@register.filter
def percent(value):
    return f"{value * 100:.1f}%" if isinstance(value, int | float) else "—"

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalog.markdown import markdown_text as plain_markdown_text
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


@register.filter
def breakable(value):
    """Escape a long value (a URL, a path) and let it wrap after its separators, not mid-word."""
    text = escape(str(value or ""))
    for separator in ("/", "?", "&amp;", "."):
        text = text.replace(separator, separator + "<wbr>")
    return mark_safe(text)  # noqa: S308 - escaped just above; only <wbr> added


@register.filter
def markdown_text(text):
    """The plain words of rendered Markdown, for one-line previews."""
    return plain_markdown_text(text)


@register.filter
def profile_basis(profile, table) -> str:
    """What a profile's figures rest on, in words: every row, the engine's statistics, or a sample."""
    if profile.origin == "exact":
        rows = f"{table.row_count:,} " if table.row_count is not None else ""
        return f"exact, all {rows}rows"
    if profile.origin == "statistics":
        return "the database's statistics"
    sampled = table.source.sample_rows
    if table.row_count is not None:
        sampled = min(sampled, table.row_count)
        return f"{sampled:,} sampled rows of {table.row_count:,}"
    return f"{sampled:,} sampled rows"

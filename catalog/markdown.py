"""The one Markdown renderer: every description, post and article a reader sees goes through it.

Markdown becomes HTML, nh3 keeps only harmless tags and attributes (no script, style, iframe, event
handler, or javascript:/data: URL), then the transforms apps register run over the sanitised HTML
(mentions turn `[[schema.table]]` and `@user` into links). Transforms run on every render, so the
assets they point at are always current; they must escape whatever they insert and stay linear.

Markdown to sanitised HTML, the costly part (about 0.2 s per 100 KB), is done once per text and
kept in Django's cache under the hash of the text and the renderer's version: a text is rendered
again only when it changes (or the cache forgets it).
"""

import hashlib
import html as html_lib
import re
from collections.abc import Callable

import markdown as markdown_lib
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

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
URL_SCHEMES = {"http", "https", "mailto"}

# Part of every cache key: change it when the extensions, tags or filters below change, so that no
# page shows HTML an older renderer made.
RENDERER_VERSION = f"1-{markdown_lib.__version__}-{nh3.__version__}"
CACHE_SECONDS = 7 * 24 * 3600

_TRANSFORMS: list[Callable[[str], str]] = []


def register_transform(transform: Callable[[str], str]) -> None:
    if transform not in _TRANSFORMS:
        _TRANSFORMS.append(transform)


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Images from this site only: a remote image would be fetched by every reader's browser (a
    tracking pixel, a request leaving the company network), so its src is dropped."""
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def cache_key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"markdown:{RENDERER_VERSION}:{digest}"


def sanitized_html(text: str) -> str:
    """Markdown to HTML a browser may show as is: the part that depends on the text alone, cached."""
    key = cache_key(text)
    html = cache.get(key)
    if html is None:
        html = nh3.clean(
            markdown_lib.markdown(text, extensions=["tables", "fenced_code", "sane_lists"]),
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            attribute_filter=_local_images_only,
        )
        cache.set(key, html, CACHE_SECONDS)
    return html


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    html = sanitized_html(text)
    for transform in _TRANSFORMS:
        html = transform(html)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3; transforms escape what they insert


# Characters without which a text renders as itself (most crawled comments): skip the renderer.
_MARKUP = re.compile(r"[*_`#\[\]|<>&~]|^\s*[-+>]|^\s*\d+\.", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def markdown_text(text: str | None) -> str:
    """The words a reader sees in rendered Markdown, as one line of plain text (search snippets)."""
    if not text:
        return ""
    if _MARKUP.search(text):
        text = html_lib.unescape(nh3.clean(sanitized_html(text), tags=set()))
    return _SPACE.sub(" ", text).strip()

"""Reading conversations in a fixed number of queries: a thread of 500 posts is four queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from catalog.models import Column, DataSource, Schema, Table
from discussions.models import Article, Conversation, Like, Notification, Post

MAX_DEPTH = 4  # replies deeper than this are shown flat under their depth-4 ancestor
ASSET_MODELS = {
    "source": DataSource,
    "schema": Schema,
    "table": Table,
    "column": Column,
    "article": Article,
}


def visible_asset(user, kind: str, asset_id: int):
    """The asset a conversation is about, if `user` may read it (its visibility helper)."""
    model = ASSET_MODELS.get(kind)
    if model is None:
        return None
    return model.objects.visible_to(user).filter(pk=asset_id).first()


def conversations_for(kind: str, asset_id: int):
    return (
        Conversation.objects.filter(asset_kind=kind, asset_id=asset_id)
        .annotate(
            replies=Count("posts", filter=Q(posts__deleted_at__isnull=True)) - 1,
            likes=Count("posts__likes"),
        )
        .select_related("started_by")
        .order_by("-last_activity_at")
    )


@dataclass
class ThreadPost:
    post: Post
    depth: int
    likes: int = 0
    liked: bool = False
    children: list = field(default_factory=list)


def thread(conversation: Conversation, user) -> list[ThreadPost]:
    """The posts in reading order with their depth (flattened below MAX_DEPTH), like counts and
    whether `user` liked each."""
    posts = list(
        conversation.posts.select_related("author")
        .annotate(
            like_count=Count("likes"), mine=Exists(Like.objects.filter(post=OuterRef("pk"), user_id=user.pk))
        )
        .order_by("created_at", "id")
    )
    nodes = {p.pk: ThreadPost(p, 0, p.like_count, p.mine) for p in posts}
    roots = []
    for p in posts:
        parent = nodes.get(p.parent_id)
        (parent.children if parent else roots).append(nodes[p.pk])
    ordered: list[ThreadPost] = []
    stack = [(root, 0) for root in reversed(roots)]  # depth-first, without recursion: any depth
    while stack:
        node, depth = stack.pop()
        node.depth = min(depth, MAX_DEPTH)
        ordered.append(node)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return ordered


def inbox(user, limit: int = 100):
    return Notification.objects.filter(user=user).select_related(
        "post__conversation", "post__author", "article", "actor"
    )[:limit]


def is_following(user, kind: str, target_id: int) -> bool:
    from discussions.models import Follow

    if not getattr(user, "pk", None):
        return False
    return Follow.objects.filter(user=user, target_kind=kind, target_id=target_id).exists()


def follows_of(user, limit: int = 500):
    from discussions.models import Follow

    return Follow.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- Articles -------------------------------------------------------------------------------

MAX_DIFF_LINES = 400  # lines of diff shown per revision
MAX_DIFF_INPUT = 5_000  # lines of text compared: beyond that difflib's cost is not worth it


@dataclass
class LinkedAsset:
    kind: str
    id: int
    name: str
    url: str
    removed: bool


def articles(q: str = "", limit: int = 200):
    found = Article.objects.live().prefetch_related("authors").annotate(linked=Count("assets", distinct=True))
    q = " ".join(str(q or "").split())[:200]
    if q:
        found = found.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(tags__icontains=q))
    return found.order_by("-updated_at", "-id")[:limit]


def articles_about(kind: str, asset_id: int, limit: int = 10):
    return (
        Article.objects.live()
        .filter(assets__asset_kind=kind, assets__asset_id=asset_id)
        .prefetch_related("authors")
        .order_by("-updated_at", "-id")[:limit]
    )


def linked_assets(article: Article, user) -> list[LinkedAsset]:
    """The assets an article is about that `user` may read: one query per kind of asset."""
    from django.urls import reverse

    by_kind: dict[str, list[int]] = {}
    for kind, asset_id in article.assets.values_list("asset_kind", "asset_id"):
        by_kind.setdefault(kind, []).append(asset_id)
    found: list[LinkedAsset] = []
    related = {"table": ["schema"], "column": ["table__schema"], "schema": ["source"], "source": []}
    for kind, ids in sorted(by_kind.items()):
        model = ASSET_MODELS[kind]
        for obj in model.objects.visible_to(user).filter(pk__in=ids).select_related(*related[kind]):
            if kind == "source":
                name, url = obj.name, reverse("source-detail", args=[obj.slug])
            elif kind == "schema":
                name, url = obj.name, reverse("schema-detail", args=[obj.pk])
            elif kind == "table":
                name, url = obj.qualified_name, reverse("table-detail", args=[obj.pk])
            else:
                name, url = f"{obj.table.qualified_name}.{obj.name}", reverse("column-detail", args=[obj.pk])
            removed = bool(getattr(obj, "removed_at", None))
            found.append(LinkedAsset(kind, obj.pk, name, url, removed))
    return sorted(found, key=lambda a: (a.kind != "table", a.name))


def resolve_asset_names(user, names) -> tuple[list[tuple[str, int]], list[str]]:
    """`schema.table` or `schema.table.column` names, optionally `source-slug/` first (as in
    [[mentions]]), to (kind, id) pairs the user may read; returns the pairs and the names that
    matched nothing."""
    pairs, unknown = [], []
    for name in names:
        slug, _, rest = name.strip().strip("[]").rpartition("/")
        parts = rest.split(".")
        found = None
        in_source = Q(schema__source__slug=slug) if slug else Q()
        if len(parts) == 2:
            found = (
                Table.objects.visible_to(user)
                .filter(in_source, schema__name=parts[0], name=parts[1])
                .order_by("removed_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            kind = "table"
        elif len(parts) == 3:
            found = (
                Column.objects.visible_to(user)
                .filter(
                    Q(table__schema__source__slug=slug) if slug else Q(),
                    table__schema__name=parts[0],
                    table__name=parts[1],
                    name=parts[2],
                )
                .order_by("removed_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            kind = "column"
        if found is None:
            unknown.append(name.strip())
        else:
            pairs.append((kind, found))
    return pairs, unknown


@dataclass
class RevisionDiff:
    revision: object
    lines: list[tuple[str, str]]  # (css class, text)
    truncated: bool = False
    too_large: bool = False


def history(article: Article, limit: int = 50) -> list[RevisionDiff]:
    """The newest revisions first, each with a line diff against the one before it (bounded)."""
    revisions = list(article.revisions.select_related("author").order_by("-number")[: limit + 1])
    result = []
    for index, revision in enumerate(revisions[:limit]):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        result.append(_diff(previous, revision))
    return result


def _diff(previous, revision) -> RevisionDiff:
    import difflib

    before = (f"# {previous.title}\n\n{previous.body}" if previous else "").splitlines()
    after = f"# {revision.title}\n\n{revision.body}".splitlines()
    if len(before) > MAX_DIFF_INPUT or len(after) > MAX_DIFF_INPUT:
        return RevisionDiff(revision, [], too_large=True)
    lines = []
    for index, line in enumerate(difflib.unified_diff(before, after, lineterm="", n=2)):
        if index < 2:
            continue  # the ---/+++ header
        css = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "context")
        lines.append((css, line))
        if len(lines) >= MAX_DIFF_LINES:
            return RevisionDiff(revision, lines, truncated=True)
    return RevisionDiff(revision, lines)


# --- Mentioned in ---------------------------------------------------------------------------


@dataclass
class Mention:
    kind: str  # post, article, table
    title: str
    url: str


def mentioned_in(user, name: str, limit: int = 10) -> list[Mention]:
    """Where `[[name]]` or `[[some-source/name]]` is written: posts not deleted, articles and table
    descriptions, newest first, at most `limit` of each, only what `user` may read. Found in the
    text at read time, so a mention is listed from the moment it is written and leaves when the
    text changes."""
    from django.urls import reverse

    # The source-qualified form is matched for any source, as the plain form is: knowing this
    # asset's source slug would cost the page a query, and same-named tables are rare.
    tokens = [f"[[{name}]]", f"/{name}]]"]

    def written(field: str) -> Q:
        q = Q()
        for token in tokens:
            q |= Q(**{f"{field}__icontains": token})
        # Every token ends with "]]", which has no case: a plain LIKE on it leaves the case-folding
        # one to the few texts holding a mention, where folding every description of the catalog
        # cost each table and column page a scan of 10,000 upper-cased texts.
        return Q(**{f"{field}__contains": "]]"}) & q

    found: list[Mention] = []
    posts = list(
        Post.objects.filter(written("body"), deleted_at__isnull=True)
        .select_related("conversation")
        .order_by("-created_at")[:limit]
    )
    by_kind: dict[str, set[int]] = {}
    for p in posts:
        by_kind.setdefault(p.conversation.asset_kind, set()).add(p.conversation.asset_id)
    readable = {
        (kind, pk)
        for kind, ids in by_kind.items()
        for pk in ASSET_MODELS[kind].objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    }
    for p in posts:
        if (p.conversation.asset_kind, p.conversation.asset_id) in readable:
            url = reverse("discussions-conversation", args=[p.conversation_id]) + f"#post-{p.pk}"
            found.append(Mention("post", p.conversation.title, url))
    articles = Article.objects.visible_to(user).live().filter(written("body"))
    for a in articles.order_by("-updated_at")[:limit]:
        found.append(Mention("article", a.title, reverse("discussions-article", args=[a.pk])))
    tables = (
        Table.objects.visible_to(user)
        .filter(written("description"), removed_at__isnull=True)
        .select_related("schema")
        .order_by("schema__name", "name")[:limit]
    )
    for t in tables:
        found.append(Mention("table", t.qualified_name, reverse("table-detail", args=[t.pk])))
    return found


# --- Mention hover cards and the @ autocomplete ----------------------------------------------

CARD_KINDS = ("table", "column")  # what [[mentions]] resolve to
CARD_EXCERPT = 240


def asset_card(user, kind: str, asset_id: int) -> dict | None:
    """What the hover card of a [[mention]] shows, or None when `user` may not read the asset (the
    asset's visibility helper decides, so a card never reveals more than its page). Two queries:
    the asset, then its search document (title, summary and the badges apps show on hits, such as
    trust flags and tags)."""
    from django.contrib.contenttypes.models import ContentType

    from catalog.markdown import markdown_text
    from catalog.models import SearchDocument
    from catalog.search.registry import multi_facets, type_label

    if kind not in CARD_KINDS:
        return None
    model = ASSET_MODELS[kind]
    related = "table__schema" if kind == "column" else "schema"
    asset = model.objects.visible_to(user).filter(pk=asset_id).select_related(related).first()
    if asset is None:
        return None
    content_type = ContentType.objects.get_for_model(model)
    doc = (
        SearchDocument.objects.filter(content_type=content_type, object_id=asset.pk)
        .only("asset_type", "title", "summary", "facets")
        .first()
    )
    name = asset.qualified_name if kind == "table" else f"{asset.table.qualified_name}.{asset.name}"
    asset_type = doc.asset_type if doc else kind
    # What a reader sees, as plain text; the comment stored in the source when nobody wrote one.
    description = markdown_text(asset.description or getattr(asset, "comment", ""))
    badges = []
    if doc:
        badges = [
            {"facet": facet.key, "value": str(value)}
            for facet in multi_facets()
            if facet.badge
            for value in doc.facets.get(facet.key, [])
        ]
    return {
        "kind": kind,
        "id": asset.pk,
        "type": asset_type,
        "type_label": type_label(asset_type),
        "name": name,
        "title": (doc.title if doc else getattr(asset, "title", "")) or "",
        "description": description[:CARD_EXCERPT] + ("…" if len(description) > CARD_EXCERPT else ""),
        "badges": badges,
        "removed": bool(asset.removed_at),
    }


def people_starting(prefix: str, limit: int = 8) -> list[dict]:
    """Active people whose username starts with `prefix`, for the @ autocomplete."""
    from django.contrib.auth import get_user_model

    prefix = str(prefix or "").strip()[:150]
    if not prefix:
        return []
    found = (
        get_user_model()
        .objects.filter(is_active=True, username__istartswith=prefix)
        .order_by("username")
        .values("username", "first_name", "last_name")[:limit]
    )
    return [{"username": u["username"], "name": f"{u['first_name']} {u['last_name']}".strip()} for u in found]

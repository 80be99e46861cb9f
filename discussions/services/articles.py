"""Writing articles: each function checks its permission, so pages and API agree.

Contributors and above write articles (`discussions.write_articles`); an article is edited by its
authors (whoever wrote or edited it) and by stewards and admins (`discussions.moderate`). Every
save keeps the full text as a numbered ArticleRevision, the first one included.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.permissions import recorded, require
from catalog.search import index_objects
from discussions import selectors
from discussions.models import MAX_ARTICLE_BODY, Article, ArticleAsset, ArticleRevision, Notification
from discussions.services import follows
from discussions.services.posts import MODERATE, DiscussionError, mentioned_names

WRITE = "discussions.write_articles"
MAX_ASSETS = 50
MAX_TAGS = 10


def _clean(title, body, tags) -> tuple[str, str, str]:
    title = " ".join(str(title or "").split())
    if not title or len(title) > 200:
        raise DiscussionError("title", "Give the article a title of at most 200 characters.")
    if not isinstance(body, str) or not body.strip():
        raise DiscussionError("body", "Write the article.")
    if len(body) > MAX_ARTICLE_BODY:
        raise DiscussionError("body", f"Keep an article under {MAX_ARTICLE_BODY:,} characters.")
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).lower()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS or any(len(t) > 40 for t in cleaned) or len(",".join(cleaned)) > 200:
        raise DiscussionError("tags", f"At most {MAX_TAGS} tags of at most 40 characters each.")
    return title, body, ",".join(cleaned)


def _clean_assets(user, assets, already=frozenset()) -> list[tuple[str, int]]:
    """(kind, id) pairs of assets `user` may read: an article cannot point at what its writer
    cannot see (links it already had stay)."""
    pairs = list(dict.fromkeys((str(kind), int(pk)) for kind, pk in assets or []))
    if len(pairs) > MAX_ASSETS:
        raise DiscussionError("assets", f"Link at most {MAX_ASSETS} assets.")
    for kind, pk in pairs:
        if (kind, pk) in already:
            continue
        if kind == "article" or selectors.visible_asset(user, kind, pk) is None:
            raise DiscussionError("assets", f"No such {kind}: {pk}.")
    return pairs


def can_edit(user, article: Article) -> bool:
    if user is None or not user.is_authenticated or not user.has_perm(WRITE):
        return False
    return user.has_perm(MODERATE) or article.authors.filter(pk=user.pk).exists()


def article_create(*, user, title: str, body: str, tags="", assets=()) -> Article:
    require(user, WRITE, "You cannot write articles.")
    title, body, tags = _clean(title, body, tags)
    pairs = _clean_assets(user, assets)
    with transaction.atomic():
        article = Article.objects.create(title=title, body=body, tags=tags, created_by=recorded(user))
        if recorded(user):
            article.authors.add(user)
        ArticleAsset.objects.bulk_create(
            ArticleAsset(article=article, asset_kind=kind, asset_id=pk) for kind, pk in pairs
        )
        ArticleRevision.objects.create(
            article=article, number=1, title=title, body=body, author=recorded(user)
        )
        _after_save(article, user, created=True)
    return article


def article_update(*, user, article: Article, title=None, body=None, tags=None, assets=None) -> Article:
    """Change what is given; a save that changes the title or text adds a revision."""
    require(user, WRITE, "You cannot write articles.")
    if not can_edit(user, article):
        raise DiscussionError("article", "Only its authors, stewards and admins edit an article.")
    if article.deleted_at:
        raise DiscussionError("article", "This article was deleted.")
    title, body, tags = _clean(
        article.title if title is None else title,
        article.body if body is None else body,
        article.tags if tags is None else tags,
    )
    already = set(article.assets.values_list("asset_kind", "asset_id"))
    pairs = None if assets is None else _clean_assets(user, assets, already)
    text_changed = (title, body) != (article.title, article.body)
    before = article.body
    with transaction.atomic():
        article.title, article.body, article.tags = title, body, tags
        article.updated_at = timezone.now()
        article.save(update_fields=["title", "body", "tags", "updated_at"])
        if pairs is not None and set(pairs) != already:
            article.assets.all().delete()
            ArticleAsset.objects.bulk_create(
                ArticleAsset(article=article, asset_kind=kind, asset_id=pk) for kind, pk in pairs
            )
        if text_changed:
            last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
            ArticleRevision.objects.create(
                article=article, number=last + 1, title=title, body=body, author=recorded(user)
            )
        if recorded(user):
            article.authors.add(user)
        _after_save(article, user, created=False, text_changed=text_changed, before=before)
    return article


def _after_save(
    article: Article, user, *, created: bool, text_changed: bool = True, before: str = ""
) -> None:
    _notify_mentions(article, user, before)
    if not created and text_changed:
        follows.notify(
            follows.followers("article", article.pk, exclude=user),
            kind=Notification.Kind.ARTICLE,
            article=article,
            actor=recorded(user),
        )
    follows.follow_quietly(user, "article", article.pk)  # authors and editors follow the article
    index_objects(Article, [article.pk])


def _notify_mentions(article: Article, user, before: str) -> None:
    """People @mentioned by this version and not by the one before hear of it once."""
    names = mentioned_names(article.body) - mentioned_names(before)
    if not names:
        return
    people = get_user_model().objects.filter(username__in=list(names)[:50])
    if getattr(user, "pk", None):
        people = people.exclude(pk=user.pk)
    follows.notify(
        people.values_list("pk", flat=True),
        kind=Notification.Kind.MENTION,
        article=article,
        actor=recorded(user),
    )


def article_delete(*, user, article: Article) -> Article:
    """Delete an article softly: it leaves lists, search and asset pages, while its page (saying it
    was deleted), its revisions and who deleted it when are kept. Authors, stewards and admins."""
    require(user, WRITE, "You cannot write articles.")
    if not can_edit(user, article):
        raise DiscussionError("article", "Only its authors, stewards and admins delete an article.")
    if article.deleted_at:
        return article
    with transaction.atomic():
        article.deleted_at, article.deleted_by = timezone.now(), recorded(user)
        article.save(update_fields=["deleted_at", "deleted_by"])
        index_objects(Article, [article.pk])  # the builder skips deleted articles: the document goes
    return article

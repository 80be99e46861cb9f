"""Article pages: the list (with a search box), one article, writing, editing and its history."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from discussions import selectors
from discussions.models import Article
from discussions.services import articles as service
from discussions.services.posts import DiscussionError

MAX_ASSET_NAMES = 50


def panel_for(kind):
    """ "Articles about this table": left out where there are none."""

    def panel(request, asset):
        found = list(selectors.articles_about(kind, asset.pk))
        return {"articles": found, "asset_kind": kind} if found else None

    return panel


def _article(request, pk) -> Article:
    return get_object_or_404(Article.objects.visible_to(request.user), pk=pk)


@require_safe
def article_list(request):
    q = request.GET.get("q", "")
    return render(
        request,
        "discussions/articles.html",
        {"articles": selectors.articles(q), "q": q, "can_write": request.user.has_perm(service.WRITE)},
    )


@require_safe
def article_page(request, pk):
    article = _article(request, pk)
    context = {
        "article": article,
        "authors": list(article.authors.all()),
        "assets": selectors.linked_assets(article, request.user),
        "conversations": selectors.conversations_for("article", article.pk)[:20],
        "can_edit": service.can_edit(request.user, article) and not article.deleted_at,
        "revision_count": article.revisions.count(),
        "following": selectors.is_following(request.user, "article", article.pk),
    }
    return render(request, "discussions/article.html", context)


def _form_data(request) -> tuple[dict, list[str]]:
    names = [n for n in re.split(r"[\s,]+", request.POST.get("assets", "")) if n][: MAX_ASSET_NAMES + 1]
    pairs, unknown = selectors.resolve_asset_names(request.user, names[:MAX_ASSET_NAMES])
    errors = [f"No table or column named {', '.join(unknown[:10])}."] if unknown else []
    if len(names) > MAX_ASSET_NAMES:
        errors.append(f"Link at most {MAX_ASSET_NAMES} assets.")
    data = {
        "title": request.POST.get("title", ""),
        "body": request.POST.get("body", ""),
        "tags": request.POST.get("tags", ""),
        "assets": pairs,
    }
    return data, errors


def _form(request, article, data, errors, status=200):
    return render(
        request,
        "discussions/article_form.html",
        {"article": article, "form": data, "errors": errors},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def article_new(request):
    if not request.user.has_perm(service.WRITE):
        raise PermissionDenied("You cannot write articles.")
    if request.method != "POST":
        return _form(request, None, {"assets_text": request.GET.get("about", "")[:300]}, [])
    data, errors = _form_data(request)
    if not errors:
        try:
            article = service.article_create(user=request.user, **data)
        except DiscussionError as exc:
            errors = [exc.message]
        else:
            return redirect("discussions-article", pk=article.pk)
    return _form(request, None, {**data, "assets_text": request.POST.get("assets", "")}, errors, 400)


@require_http_methods(["GET", "HEAD", "POST"])
def article_edit(request, pk):
    article = _article(request, pk)
    if not service.can_edit(request.user, article) or article.deleted_at:
        raise PermissionDenied("Only its authors, stewards and admins edit an article, while it exists.")
    if request.method != "POST":
        names = " ".join(
            a.name for a in selectors.linked_assets(article, request.user) if a.kind in ("table", "column")
        )
        form = {
            "title": article.title,
            "body": article.body,
            "tags": article.tags.replace(",", ", "),
            "assets_text": names,
        }
        return _form(request, article, form, [])
    data, errors = _form_data(request)
    # Sources and schemas are linked through the API only: the form's names do not drop them.
    data["assets"] += [
        (kind, pk)
        for kind, pk in article.assets.values_list("asset_kind", "asset_id")
        if kind in ("source", "schema")
    ]
    if not errors:
        try:
            service.article_update(user=request.user, article=article, **data)
        except DiscussionError as exc:
            errors = [exc.message]
        else:
            return redirect("discussions-article", pk=article.pk)
    return _form(request, article, {**data, "assets_text": request.POST.get("assets", "")}, errors, 400)


@require_http_methods(["GET", "HEAD", "POST"])
def article_delete(request, pk):
    """GET: a confirmation page; POST: delete (authors, stewards and admins), back to the article."""
    article = _article(request, pk)
    if not service.can_edit(request.user, article):
        raise PermissionDenied("Only its authors, stewards and admins delete an article.")
    if request.method == "POST":
        try:
            service.article_delete(user=request.user, article=article)
        except DiscussionError as exc:
            raise PermissionDenied(exc.message) from None
        return redirect("discussions-article", pk=article.pk)
    return render(request, "discussions/article_delete.html", {"article": article})


@require_safe
def article_history(request, pk):
    article = _article(request, pk)
    return render(
        request,
        "discussions/article_history.html",
        {"article": article, "revisions": selectors.history(article)},
    )

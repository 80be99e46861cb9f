"""Conversation pages: the Conversations tab and panel of assets, a thread, a person, the inbox."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from discussions import selectors
from discussions.models import Conversation, Post
from discussions.services import follows
from discussions.services import posts as service
from discussions.services.posts import DiscussionError


def _asset_url(kind: str, asset_id: int) -> str:
    names = {
        "table": "table-detail",
        "column": "column-detail",
        "schema": "schema-detail",
        "article": "discussions-article",
    }
    if kind == "source":
        source = (
            selectors.ASSET_MODELS["source"]
            .objects.filter(pk=asset_id)
            .values_list("slug", flat=True)
            .first()
        )
        return reverse("source-detail", args=[source]) if source else "/"
    return reverse(names[kind], args=[asset_id])


def tab_context(request, table) -> dict:
    return {
        "conversations": selectors.conversations_for("table", table.pk),
        "asset_kind": "table",
        "asset": table,
    }


def tab_count(table) -> int:
    return Conversation.objects.filter(asset_kind="table", asset_id=table.pk).count()


def panel_for(kind):
    def panel(request, asset):
        found = list(selectors.conversations_for(kind, asset.pk)[:5])
        return {"conversations": found, "asset_kind": kind, "asset": asset}

    return panel


def follow_panel_for(kind):
    def panel(request, asset):
        return {
            "kind": kind,
            "target": asset.pk,
            "following": selectors.is_following(request.user, kind, asset.pk),
            "next": request.get_full_path(),
        }

    return panel


def _conversation(request, pk) -> Conversation:
    conversation = get_object_or_404(Conversation, pk=pk)
    if selectors.visible_asset(request.user, conversation.asset_kind, conversation.asset_id) is None:
        raise Http404("No such conversation.")
    return conversation


@require_safe
def conversation_page(request, pk):
    conversation = _conversation(request, pk)
    context = {
        "conversation": conversation,
        "thread": selectors.thread(conversation, request.user),
        "asset_url": _asset_url(conversation.asset_kind, conversation.asset_id),
        "can_moderate": request.user.has_perm(service.MODERATE),
        "following": selectors.is_following(request.user, "conversation", conversation.pk),
    }
    return render(request, "discussions/conversation.html", context)


@require_POST
def conversation_start(request, kind, asset_id):
    if selectors.visible_asset(request.user, kind, asset_id) is None:
        raise Http404("No such asset.")
    try:
        conversation = service.conversation_start(
            user=request.user,
            asset_kind=kind,
            asset_id=asset_id,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except DiscussionError as exc:
        messages.error(request, f"Not started: {exc.message}")
        return redirect(_asset_url(kind, asset_id))
    return redirect("discussions-conversation", pk=conversation.pk)


def _post(request, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("conversation"), pk=pk)
    _conversation(request, post.conversation_id)
    return post


def _act(request, conversation_id, action):
    try:
        action()
    except DiscussionError as exc:
        messages.error(request, exc.message)
    return redirect("discussions-conversation", pk=conversation_id)


@require_POST
def reply(request, pk):
    conversation = _conversation(request, pk)
    parent_id = request.POST.get("parent", "")
    parent = (
        Post.objects.filter(pk=int(parent_id), conversation=conversation).first()
        if parent_id.isdigit()
        else None
    )
    body = request.POST.get("body", "")
    return _act(
        request,
        pk,
        lambda: service.post_reply(user=request.user, conversation=conversation, body=body, parent=parent),
    )


@require_POST
def edit(request, pk):
    post = _post(request, pk)
    body = request.POST.get("body", "")
    return _act(
        request, post.conversation_id, lambda: service.post_edit(user=request.user, post=post, body=body)
    )


@require_POST
def delete(request, pk):
    post = _post(request, pk)
    return _act(request, post.conversation_id, lambda: service.post_delete(user=request.user, post=post))


@require_POST
def like(request, pk):
    post = _post(request, pk)
    return _act(request, post.conversation_id, lambda: service.like_toggle(user=request.user, post=post))


@require_POST
def answer(request, pk):
    post = _post(request, pk)
    return _act(
        request,
        post.conversation_id,
        lambda: service.answer_mark(user=request.user, conversation=post.conversation, post=post),
    )


@require_safe
def person(request, username):
    user = get_object_or_404(get_user_model(), username=username)
    posts = (
        Post.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("conversation")
        .order_by("-created_at")
    )
    visible = [
        p
        for p in posts[:200]
        if selectors.visible_asset(request.user, p.conversation.asset_kind, p.conversation.asset_id)
    ][:50]
    return render(request, "discussions/person.html", {"person": user, "posts": visible})


@require_safe
def inbox(request):
    return render(request, "discussions/inbox.html", {"notifications": selectors.inbox(request.user)})


@require_POST
def inbox_read(request):
    service.mark_read(user=request.user)
    return redirect("discussions-inbox")


@require_POST
def inbox_read_one(request, pk):
    service.mark_read(user=request.user, ids=[pk])
    return redirect("discussions-inbox")


@require_POST
def follow(request, kind, pk):
    """Follow or unfollow (on=0) what the page shows, then go back to it."""
    try:
        follows.follow_set(user=request.user, kind=kind, target_id=pk, on=request.POST.get("on", "1") != "0")
    except follows.FollowError as exc:
        raise Http404(exc.message) from None
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = "/"
    return redirect(back or "/")


@require_safe
def asset_redirect(request, kind, asset_id):
    """Where an inbox entry about an asset leads: its page, if the reader may see it."""
    if selectors.visible_asset(request.user, kind, asset_id) is None:
        raise Http404("No such asset.")
    return redirect(_asset_url(kind, asset_id))


def mentioned_panel_for(kind):
    """ "Mentioned in": the posts, articles and descriptions that write [[this asset]]."""

    def panel(request, asset):
        name = asset.qualified_name if kind == "table" else f"{asset.table.qualified_name}.{asset.name}"
        found = selectors.mentioned_in(request.user, name)
        return {"mentions": found} if found else None

    return panel

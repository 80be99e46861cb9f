"""Discussions API: conversations on assets, posts, likes, answers and the inbox — the same
services and permissions as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.openapi import LIST_OF_OBJECTS
from catalog.api.serializers import TextField
from discussions import selectors
from discussions.models import CONVERSATION_KINDS, Conversation, Post
from discussions.services import follows
from discussions.services import posts as service
from discussions.services.posts import DiscussionError


def _post(item) -> dict:
    post = item.post
    return {
        "id": post.pk,
        "parent": post.parent_id,
        "depth": item.depth,
        "author": post.author.username if post.author and not post.deleted_at else None,
        "body": None if post.deleted_at else post.body,
        "deleted": bool(post.deleted_at),
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "likes": item.likes,
        "liked": item.liked,
    }


class StartSerializer(serializers.Serializer):
    asset_kind = serializers.ChoiceField(choices=[k for k, _ in CONVERSATION_KINDS])
    asset_id = serializers.IntegerField(min_value=1)
    title = TextField(max_length=200)
    body = TextField()


class ReplySerializer(serializers.Serializer):
    body = TextField()
    parent = serializers.IntegerField(required=False, min_value=1)


def _visible(request, pk) -> Conversation:
    conversation = get_object_or_404(Conversation, pk=pk)
    if selectors.visible_asset(request.user, conversation.asset_kind, conversation.asset_id) is None:
        raise NotFound
    return conversation


def _service(call):
    try:
        return call()
    except DiscussionError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


class ConversationListView(APIView):
    """GET ?asset_kind=table&asset_id=N: the asset's conversations; POST: start one."""

    @extend_schema(operation_id="discussions_conversations_list", responses={200: dict})
    def get(self, request):
        kind, asset_id = request.query_params.get("asset_kind", ""), request.query_params.get("asset_id", "")
        if not asset_id.isdigit() or selectors.visible_asset(request.user, kind, int(asset_id)) is None:
            raise ValidationError({"asset_id": ["Give asset_kind and the id of an asset you can read."]})
        found = selectors.conversations_for(kind, int(asset_id))[:100]
        return Response(
            [
                {
                    "id": c.pk,
                    "title": c.title,
                    "replies": c.replies,
                    "likes": c.likes,
                    "answered": bool(c.answer_id),
                    "last_activity_at": c.last_activity_at,
                }
                for c in found
            ]
        )

    @extend_schema(request=StartSerializer, responses={201: dict})
    def post(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if (
            selectors.visible_asset(
                request.user, data.validated_data["asset_kind"], data.validated_data["asset_id"]
            )
            is None
        ):
            raise ValidationError({"asset_id": ["No such asset."]})
        conversation = _service(lambda: service.conversation_start(user=request.user, **data.validated_data))
        return Response({"id": conversation.pk}, status=201)


class ConversationView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        conversation = _visible(request, pk)
        posts = [_post(item) for item in selectors.thread(conversation, request.user)]
        return Response(
            {
                "id": conversation.pk,
                "title": conversation.title,
                "answer": conversation.answer_id,
                "asset_kind": conversation.asset_kind,
                "asset_id": conversation.asset_id,
                "posts": posts,
            }
        )


class ReplyView(APIView):
    @extend_schema(request=ReplySerializer, responses={201: dict})
    def post(self, request, pk):
        conversation = _visible(request, pk)
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = None
        if data.validated_data.get("parent"):
            parent = Post.objects.filter(pk=data.validated_data["parent"], conversation=conversation).first()
            if parent is None:
                raise ValidationError({"parent": ["No such post in this conversation."]})
        body = data.validated_data["body"]
        post = _service(
            lambda: service.post_reply(user=request.user, conversation=conversation, body=body, parent=parent)
        )
        return Response({"id": post.pk}, status=201)


class PostView(APIView):
    """PATCH {"body"} edits your post (earlier text kept); DELETE deletes it (its place stays)."""

    def _post(self, request, pk) -> Post:
        post = get_object_or_404(Post, pk=pk)
        _visible(request, post.conversation_id)
        return post

    @extend_schema(request=ReplySerializer, responses={200: dict})
    def patch(self, request, pk):
        post = self._post(request, pk)
        body = request.data.get("body") if isinstance(request.data, dict) else None
        _service(lambda: service.post_edit(user=request.user, post=post, body=body))
        return Response({"id": post.pk, "edited_at": post.edited_at})

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        post = self._post(request, pk)
        _service(lambda: service.post_delete(user=request.user, post=post))
        return Response(status=204)


class LikeView(APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        post = PostView()._post(request, pk)
        return Response({"liked": _service(lambda: service.like_toggle(user=request.user, post=post))})


class AnswerView(APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        post = PostView()._post(request, pk)
        conversation = post.conversation
        _service(lambda: service.answer_mark(user=request.user, conversation=conversation, post=post))
        return Response({"answer": post.pk})


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=500, required=False)


class InboxView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        items = selectors.inbox(request.user)
        return Response(
            {
                "unread": selectors.unread_count(request.user),
                "notifications": [
                    {
                        "id": n.pk,
                        "kind": n.kind,
                        "post": n.post_id,
                        "conversation": n.post.conversation_id if n.post_id else None,
                        "article": n.article_id,
                        "asset_kind": n.asset_kind or None,
                        "asset_id": n.asset_id,
                        "actor": n.actor.username if n.actor else None,
                        "read": bool(n.read_at),
                        "created_at": n.created_at,
                    }
                    for n in items
                ],
            }
        )

    @extend_schema(request=MarkReadSerializer, responses={200: dict})
    def post(self, request):
        """Mark read the notifications whose `ids` are given, or all of them."""
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data.get("ids")
        return Response({"marked_read": service.mark_read(user=request.user, ids=ids)})


class FollowSerializer(serializers.Serializer):
    # A plain string: conversation, article, source, schema, table or column.
    kind = TextField(max_length=20)
    id = serializers.IntegerField(min_value=1)


def _follow(request, kind, target_id, on):
    try:
        return follows.follow_set(user=request.user, kind=kind, target_id=target_id, on=on)
    except follows.FollowError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


class FollowListView(APIView):
    """GET: what you follow; POST {kind, id}: follow it."""

    @extend_schema(operation_id="discussions_follows_list", responses={200: LIST_OF_OBJECTS})
    def get(self, request):
        return Response(
            [
                {"kind": f.target_kind, "id": f.target_id, "since": f.created_at}
                for f in selectors.follows_of(request.user)
            ]
        )

    @extend_schema(operation_id="discussions_follows_create", request=FollowSerializer, responses={201: dict})
    def post(self, request):
        data = FollowSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _follow(request, data.validated_data["kind"], data.validated_data["id"], True)
        return Response({"following": True}, status=201)


class FollowView(APIView):
    """DELETE: stop following."""

    @extend_schema(operation_id="discussions_follows_destroy", responses={204: None})
    def delete(self, request, kind, pk):
        _follow(request, kind, pk, False)
        return Response(status=204)


class MentionCardView(APIView):
    """The hover card of a [[mention]]: type, title, description excerpt and the badges search
    shows (trust flags, tags). 404 for an asset the viewer may not read, as its page."""

    @extend_schema(responses={200: dict})
    def get(self, request, kind, pk):
        card = selectors.asset_card(request.user, kind, pk)
        if card is None:
            raise NotFound
        response = Response(card)
        response["Cache-Control"] = "private, max-age=60"
        return response


class PeopleView(APIView):
    """People whose username starts with `q`, for the @ autocomplete of Markdown editors."""

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses={200: LIST_OF_OBJECTS})
    def get(self, request):
        return Response(selectors.people_starting(request.query_params.get("q", "")))

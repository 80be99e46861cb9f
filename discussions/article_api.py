"""Articles API: list and search, write, read, edit and revisions — the same services and
permissions as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.openapi import LIST_OF_OBJECTS
from catalog.api.permissions import read_or
from catalog.api.serializers import TextField
from discussions import selectors
from discussions.models import ASSET_KINDS, MAX_ARTICLE_BODY, Article
from discussions.services import articles as service
from discussions.services.posts import DiscussionError


class AssetRefSerializer(serializers.Serializer):
    # A plain string (source, schema, table or column), checked by the service.
    kind = TextField(max_length=20, help_text=", ".join(k for k, _ in ASSET_KINDS))
    id = serializers.IntegerField(min_value=1)


class ArticleWriteSerializer(serializers.Serializer):
    title = TextField(max_length=200)
    body = TextField(max_length=MAX_ARTICLE_BODY)
    tags = serializers.ListField(child=TextField(max_length=40), max_length=service.MAX_TAGS, required=False)
    assets = serializers.ListField(child=AssetRefSerializer(), max_length=service.MAX_ASSETS, required=False)


def _summary(article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "tags": article.tag_list,
        "authors": [u.username for u in article.authors.all()],
        "updated_at": article.updated_at,
        "deleted": bool(article.deleted_at),
    }


def _service(call):
    try:
        return call()
    except DiscussionError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


def _data(serializer) -> dict:
    data = dict(serializer.validated_data)
    if "assets" in data:
        data["assets"] = [(a["kind"], a["id"]) for a in data["assets"]]
    return data


class ArticleListView(APIView):
    """GET ?q=: articles, newest change first (at most 200); POST: write one (Contributors+)."""

    permission_classes = [read_or(service.WRITE)]

    @extend_schema(operation_id="discussions_articles_list", responses={200: LIST_OF_OBJECTS})
    def get(self, request):
        return Response([_summary(a) for a in selectors.articles(request.query_params.get("q", ""))])

    @extend_schema(
        operation_id="discussions_articles_create", request=ArticleWriteSerializer, responses={201: dict}
    )
    def post(self, request):
        data = ArticleWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = _service(lambda: service.article_create(user=request.user, **_data(data)))
        return Response({"id": article.pk}, status=201)


class ArticleView(APIView):
    """GET: the article with its linked assets (a deleted one says so, without its text); PATCH:
    change what is given; DELETE: delete it softly (authors, stewards and admins)."""

    permission_classes = [read_or(service.WRITE)]

    @extend_schema(operation_id="discussions_articles_retrieve", responses={200: dict})
    def get(self, request, pk):
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        assets = selectors.linked_assets(article, request.user)
        return Response(
            {
                **_summary(article),
                "body": None if article.deleted_at else article.body,
                "deleted_at": article.deleted_at,
                "created_at": article.created_at,
                "assets": [
                    {"kind": a.kind, "id": a.id, "name": a.name, "removed": a.removed} for a in assets
                ],
                "revisions": article.revisions.count(),
            }
        )

    @extend_schema(
        operation_id="discussions_articles_update",
        request=ArticleWriteSerializer(partial=True),
        responses={200: dict},
    )
    def patch(self, request, pk):
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        if not service.can_edit(request.user, article):
            raise PermissionDenied("Only its authors, stewards and admins edit an article.")
        if article.deleted_at:
            raise NotFound("This article was deleted.")
        data = ArticleWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _service(lambda: service.article_update(user=request.user, article=article, **_data(data)))
        return Response({"id": article.pk, "updated_at": article.updated_at})

    @extend_schema(operation_id="discussions_articles_destroy", responses={204: None})
    def delete(self, request, pk):
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        if not service.can_edit(request.user, article):
            raise PermissionDenied("Only its authors, stewards and admins delete an article.")
        _service(lambda: service.article_delete(user=request.user, article=article))
        return Response(status=204)


class ArticleRevisionsView(APIView):
    """GET: every version, newest first, with its diff against the one before (bounded)."""

    @extend_schema(operation_id="discussions_articles_revisions", responses={200: LIST_OF_OBJECTS})
    def get(self, request, pk):
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
        return Response(
            [
                {
                    "number": item.revision.number,
                    "author": item.revision.author.username if item.revision.author else None,
                    "created_at": item.revision.created_at,
                    "title": item.revision.title,
                    "diff": [text for _, text in item.lines],
                    "diff_truncated": item.truncated or item.too_large,
                }
                for item in selectors.history(article)
            ]
        )

"""Glossary API: list and filter terms, write, read, edit and delete them, link and unlink tables
and columns — the same services, permissions and visibility as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_column, access_table
from catalog.api.openapi import LIST_OF_OBJECTS
from catalog.api.permissions import read_or
from catalog.api.serializers import TextField
from governance import selectors
from governance.models import (
    MAX_DEFINITION,
    MAX_SYNONYM,
    MAX_SYNONYMS,
    MAX_TERM_LINKS,
    MAX_TERM_NAME,
    MAX_TERM_STEWARDS,
    GlossaryTerm,
)
from governance.selectors import GOVERN
from governance.services import glossary as service

MAX_LISTED = 500


class GlossaryAssetSerializer(serializers.Serializer):
    # A plain string in the schema (the catalog's API names its own `kind` enum), checked by the service.
    kind = TextField(max_length=20, help_text="table or column")
    id = serializers.IntegerField(min_value=1)


class TermWriteSerializer(serializers.Serializer):
    name = TextField(max_length=MAX_TERM_NAME)
    definition = TextField(max_length=MAX_DEFINITION, required=False, allow_blank=True, help_text="Markdown")
    synonyms = serializers.ListField(
        child=TextField(max_length=MAX_SYNONYM), max_length=MAX_SYNONYMS, required=False
    )
    stewards = serializers.ListField(
        child=TextField(max_length=150), max_length=MAX_TERM_STEWARDS, required=False, help_text="Usernames."
    )
    assets = serializers.ListField(
        child=GlossaryAssetSerializer(),
        max_length=MAX_TERM_LINKS,
        required=False,
        help_text="Tables and columns to link (at creation; later through /links/).",
    )


class TermUpdateSerializer(TermWriteSerializer):
    name = TextField(max_length=MAX_TERM_NAME, required=False)
    assets = None


def _summary(term: GlossaryTerm) -> dict:
    return {
        "id": term.pk,
        "name": term.name,
        "synonyms": list(term.synonyms),
        "stewards": [person.get_username() for person in term.stewards.all()],
        "updated_at": term.updated_at,
    }


def _detail(term: GlossaryTerm, user) -> dict:
    return {
        **_summary(term),
        "definition": term.definition,
        "created_at": term.created_at,
        "created_by": term.created_by.get_username() if term.created_by else None,
        "updated_by": term.updated_by.get_username() if term.updated_by else None,
        "assets": [
            {"kind": a["kind"], "id": a["id"], "name": a["name"], "label": a["label"]}
            for a in selectors.term_assets(term, user)
        ],
        "can_edit": service.can_edit(user, term),
    }


def _service(call):
    try:
        return call()
    except service.GlossaryError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


def _term(request, pk) -> GlossaryTerm:
    terms = GlossaryTerm.objects.visible_to(request.user).prefetch_related("stewards")
    return get_object_or_404(terms.select_related("created_by", "updated_by"), pk=pk)


def _int(value, name):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: ["Send an id (a whole number)."]}) from None


class GlossaryListView(APIView):
    """GET: terms A to Z (at most 500), filtered by name or synonym and by a linked table or
    column; POST: add a term (Stewards and Admins)."""

    permission_classes = [read_or(GOVERN)]

    @extend_schema(
        operation_id="glossary_terms_list",
        parameters=[
            OpenApiParameter("name", str, description="Part of the name or of a synonym."),
            OpenApiParameter("letter", str, description="First letter of the name (# for others)."),
            OpenApiParameter("table", int, description="Only terms linking this table."),
            OpenApiParameter("column", int, description="Only terms linking this column."),
        ],
        responses={200: LIST_OF_OBJECTS},
    )
    def get(self, request):
        params = request.query_params
        table = access_table(request.user, _int(params["table"], "table")) if params.get("table") else None
        column = (
            access_column(request.user, _int(params["column"], "column")) if params.get("column") else None
        )
        terms = selectors.glossary_terms(
            request.user,
            q=params.get("name", ""),
            letter=params.get("letter", ""),
            table=table,
            column=column,
        ).prefetch_related("stewards")
        return Response([_summary(term) for term in terms[:MAX_LISTED]])

    @extend_schema(operation_id="glossary_terms_create", request=TermWriteSerializer, responses={201: dict})
    def post(self, request):
        data = TermWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["assets"] = [(a["kind"], a["id"]) for a in values.get("assets", [])]
        term = _service(lambda: service.term_create(user=request.user, **values))
        return Response(_detail(term, request.user), status=201)


class GlossaryTermView(APIView):
    """GET: the term, its definition and the linked tables and columns the caller may read;
    PATCH: change what is given; DELETE: delete it (its stewards and admins)."""

    permission_classes = [read_or(GOVERN)]

    @extend_schema(operation_id="glossary_terms_retrieve", responses={200: dict})
    def get(self, request, pk):
        return Response(_detail(_term(request, pk), request.user))

    @extend_schema(operation_id="glossary_terms_update", request=TermUpdateSerializer, responses={200: dict})
    def patch(self, request, pk):
        term = _term(request, pk)
        data = TermUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        _service(lambda: service.term_update(user=request.user, term=term, **data.validated_data))
        return Response(_detail(_term(request, pk), request.user))

    @extend_schema(operation_id="glossary_terms_destroy", responses={204: None})
    def delete(self, request, pk):
        service.term_delete(user=request.user, term=_term(request, pk))
        return Response(status=204)


class GlossaryLinksView(APIView):
    """POST {kind, id}: link a table or column the caller may read to the term."""

    permission_classes = [read_or(GOVERN)]

    @extend_schema(
        operation_id="glossary_terms_link", request=GlossaryAssetSerializer, responses={201: dict, 200: dict}
    )
    def post(self, request, pk):
        term = _term(request, pk)
        data = GlossaryAssetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind, asset_id = data.validated_data["kind"], data.validated_data["id"]
        created = _service(
            lambda: service.link_asset(user=request.user, term=term, kind=kind, asset_id=asset_id)
        )
        return Response({"kind": kind, "id": asset_id, "linked": True}, status=201 if created else 200)


class GlossaryLinkView(APIView):
    """DELETE: unlink a table or column from the term."""

    permission_classes = [read_or(GOVERN)]

    @extend_schema(operation_id="glossary_terms_unlink", responses={204: None})
    def delete(self, request, pk, kind, asset_id):
        term = _term(request, pk)
        if not service.unlink_asset(user=request.user, term=term, kind=kind, asset_id=asset_id):
            raise NotFound(f"The term does not link {kind} {asset_id}.")
        return Response(status=204)

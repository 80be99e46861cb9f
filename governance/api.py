"""Governance API: the PII review queue, decisions, and a source's PII report."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_source
from catalog.api.openapi import LIST_OF_OBJECTS
from catalog.api.permissions import read_or, requires
from governance import selectors
from governance.assets import KINDS as ASSET_KINDS
from governance.assets import access_asset, kind_of
from governance.models import MAX_REASON, PiiClassification, Tag, TrustFlag
from governance.pii import KINDS
from governance.selectors import pii_report, review_queue
from governance.services import stewards, tags, trust
from governance.services.pii import REVIEW, PiiDecisionError, decide


class PiiClassificationSerializer(serializers.ModelSerializer):
    column = serializers.SerializerMethodField()
    # Plain strings in the schema: the catalog's API names its own `kind` and `status` enums.
    status = serializers.CharField(read_only=True, help_text="suggested, accepted or rejected")
    kind = serializers.CharField(read_only=True, help_text="One of: " + ", ".join(KINDS))
    detected_kind = serializers.CharField(read_only=True, help_text="What the detector suggested.")

    class Meta:
        model = PiiClassification
        fields = ["id", "column", "status", "kind", "detected_kind", "confidence", "evidence", "decided_at"]
        read_only_fields = fields

    def get_column(self, obj) -> dict:
        table = obj.column.table
        return {"id": obj.column_id, "name": obj.column.name, "table": table.qualified_name,
                "source": table.source.slug}  # fmt: skip


class DecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    kind = serializers.CharField(required=False, help_text="One of: " + ", ".join(KINDS))


class PiiQueueView(ListAPIView):
    """Suggestions waiting for a steward (Stewards and Admins)."""

    serializer_class = PiiClassificationSerializer
    permission_classes = [requires(REVIEW)]

    def get_queryset(self):
        return review_queue(self.request.query_params.get("source") or None)


class PiiDecisionView(APIView):
    permission_classes = [requires(REVIEW)]

    @extend_schema(request=DecisionSerializer, responses={200: PiiClassificationSerializer})
    def post(self, request, pk):
        classification = get_object_or_404(
            PiiClassification.objects.select_related("column__table__schema"), pk=pk
        )
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            decide(user=request.user, classification=classification, **data.validated_data)
        except PiiDecisionError as exc:
            raise ValidationError({"kind": [str(exc)]}) from None
        return Response(PiiClassificationSerializer(classification).data)


class PiiReportView(APIView):
    """Every column of a source: personal data or not, and its kind (the same as manage.py pii_report)."""

    @extend_schema(responses={200: LIST_OF_OBJECTS})
    def get(self, request, slug):
        return Response(pii_report(access_source(request.user, slug)))


# --- trust: endorsements and flags -----------------------------------------------------------------


def _trust(request, asset) -> dict:
    kind = kind_of(asset)
    endorsers = [e.user for e in selectors.endorsements_of(kind, asset.pk)]
    flag = selectors.flag_of(kind, asset.pk)
    return {
        "kind": kind,
        "id": asset.pk,
        "endorsements": len(endorsers),
        "endorsed_by": [person.get_username() for person in endorsers],
        "endorsed_by_me": any(person.pk == request.user.pk for person in endorsers),
        "flag": None
        if flag is None
        else {"flag": flag.flag, "reason": flag.reason, "replacement_id": flag.replacement_id,
              "set_by": flag.set_by.get_username() if flag.set_by else None, "set_at": flag.set_at},
    }  # fmt: skip


class FlagSerializer(serializers.Serializer):
    flag = serializers.ChoiceField(choices=TrustFlag.Flag.values, help_text="endorsed, warning or deprecated")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_REASON)
    replacement_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class TrustView(APIView):
    """An asset's endorsements (count and who) and its trust flag."""

    @extend_schema(operation_id="governance_trust_read", responses={200: dict})
    def get(self, request, kind, asset_id):
        return Response(_trust(request, access_asset(request.user, kind, asset_id)))


class EndorsementView(APIView):
    """Endorse an asset (POST) or withdraw your endorsement (DELETE): one per person per asset."""

    permission_classes = [requires(trust.ENDORSE)]

    @extend_schema(operation_id="governance_endorse", request=None, responses={200: dict})
    def post(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        trust.endorse(user=request.user, asset=asset, endorsed=True)
        return Response(_trust(request, asset))

    @extend_schema(operation_id="governance_endorse_withdraw", responses={200: dict})
    def delete(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        trust.endorse(user=request.user, asset=asset, endorsed=False)
        return Response(_trust(request, asset))


class FlagView(APIView):
    """Set (PUT) or remove (DELETE) an asset's trust flag: the asset's stewards and admins."""

    permission_classes = [requires(selectors.GOVERN)]

    @extend_schema(operation_id="governance_flag_set", request=FlagSerializer, responses={200: dict})
    def put(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        data = FlagSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            trust.set_flag(user=request.user, asset=asset, **data.validated_data)
        except trust.TrustError as exc:
            raise ValidationError({"flag": [str(exc)]}) from None
        return Response(_trust(request, asset))

    @extend_schema(operation_id="governance_flag_clear", responses={200: dict})
    def delete(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        trust.clear_flag(user=request.user, asset=asset)
        return Response(_trust(request, asset))


# --- tags -----------------------------------------------------------------------------------------


def _tag_rows(kind, asset) -> list[dict]:
    return [
        {"slug": row["tag"].slug, "name": row["tag"].name, "kind": row["tag"].kind,
         "governed": row["governed"], "pii_kind": row["value"] or None}
        for row in selectors.tags_of(kind, asset)
    ]  # fmt: skip


class TagAddSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=60, help_text="A tag's name or slug; a new name makes a free tag."
    )
    pii_kind = serializers.CharField(required=False, help_text="With the PII tag: one of " + ", ".join(KINDS))


class AssetTagsView(APIView):
    """The tags an asset carries (GET); tag it (POST: contributors for free tags, the asset's
    stewards for classification and PII)."""

    permission_classes = [read_or(tags.TAG)]

    @extend_schema(operation_id="governance_asset_tags", responses={200: LIST_OF_OBJECTS})
    def get(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        return Response(_tag_rows(kind, asset))

    @extend_schema(
        operation_id="governance_asset_tag_add", request=TagAddSerializer, responses={201: LIST_OF_OBJECTS}
    )
    def post(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        data = TagAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            tags.add_tag(user=request.user, asset=asset, **data.validated_data)
        except (trust.TrustError, PiiDecisionError) as exc:
            raise ValidationError({"name": [str(exc)]}) from None
        return Response(_tag_rows(kind, asset), status=201)


class AssetTagView(APIView):
    """Take one tag off an asset."""

    permission_classes = [requires(tags.TAG)]

    @extend_schema(operation_id="governance_asset_tag_remove", responses={204: None})
    def delete(self, request, kind, asset_id, slug):
        asset = access_asset(request.user, kind, asset_id)
        if not tags.remove_tag(user=request.user, asset=asset, slug=slug):
            raise NotFound("The asset does not carry that tag.")
        return Response(status=204)


class TagListView(APIView):
    """Every tag, with how many assets carry it."""

    @extend_schema(operation_id="governance_tags_list", responses={200: LIST_OF_OBJECTS})
    def get(self, request):
        return Response(
            [{"slug": t.slug, "name": t.name, "kind": t.kind, "assets": t.n} for t in selectors.tag_index()]
        )


class TaggedAssetsView(APIView):
    """What carries a tag and you may read (at most 500); `kind` narrows the PII tag to one kind
    of personal data, `asset_kind` to sources, schemas, tables or columns."""

    @extend_schema(
        operation_id="governance_tag_assets",
        parameters=[
            OpenApiParameter("kind", str, description="PII only: one of " + ", ".join(KINDS)),
            OpenApiParameter("asset_kind", str, description="source, schema, table or column"),
        ],
        responses={200: dict},
    )
    def get(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        pii_kind = request.query_params.get("kind")
        if pii_kind and pii_kind not in KINDS:
            raise ValidationError({"kind": [f"One of {', '.join(KINDS)}."]})
        asset_kind = request.query_params.get("asset_kind")
        if asset_kind and asset_kind not in ASSET_KINDS:
            raise ValidationError({"asset_kind": ["One of source, schema, table, column."]})
        return Response(selectors.tagged_assets(tag, request.user, asset_kind=asset_kind, pii_kind=pii_kind))


# --- stewards -------------------------------------------------------------------------------------


class StewardSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)


def _stewards(request, asset) -> dict:
    found = selectors.stewards_of(asset)
    return {
        "stewards": [person.get_username() for person in found["users"]],
        "inherited": found["inherited"],
        "inherited_from": {"kind": found["from"][0], "id": found["from"][1]} if found["inherited"] else None,
    }


class StewardsView(APIView):
    """Who stewards an asset (their own, else inherited from the nearest level above); name a
    steward (POST: the asset's stewards and admins)."""

    permission_classes = [read_or(selectors.GOVERN)]

    @extend_schema(operation_id="governance_stewards_list", responses={200: dict})
    def get(self, request, kind, asset_id):
        return Response(_stewards(request, access_asset(request.user, kind, asset_id)))

    @extend_schema(operation_id="governance_steward_add", request=StewardSerializer, responses={201: dict})
    def post(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        data = StewardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            stewards.add_steward(user=request.user, asset=asset, **data.validated_data)
        except trust.TrustError as exc:
            raise ValidationError({"username": [str(exc)]}) from None
        return Response(_stewards(request, asset), status=201)


class StewardView(APIView):
    permission_classes = [requires(selectors.GOVERN)]

    @extend_schema(operation_id="governance_steward_remove", responses={204: None})
    def delete(self, request, kind, asset_id, username):
        asset = access_asset(request.user, kind, asset_id)
        if not stewards.remove_steward(user=request.user, asset=asset, username=username):
            raise NotFound("Not a steward of this asset.")
        return Response(status=204)

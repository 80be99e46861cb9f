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
from governance.models import MAX_FIELD_VALUE, MAX_REASON, CustomField, PiiClassification, Tag, TrustFlag
from governance.pii import KINDS
from governance.selectors import pii_report, review_queue
from governance.services import fields, stewards, tags, trust
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
    username = serializers.CharField(max_length=150, required=False, help_text="A person, or:")
    group = serializers.CharField(max_length=150, required=False, help_text="A group of people (not a role).")

    def validate(self, attrs):
        if bool(attrs.get("username")) == bool(attrs.get("group")):
            raise serializers.ValidationError("Name either a username or a group.")
        return attrs


def _stewards(request, asset) -> dict:
    found = selectors.stewards_of(asset)
    members = selectors.group_members(found["groups"])
    return {
        "stewards": [person.get_username() for person in found["users"]],
        "groups": [
            {"name": group.name, "members": [person.get_username() for person in members[group.pk]]}
            for group in found["groups"]
        ],
        "inherited": found["inherited"],
        "inherited_from": {"kind": found["from"][0], "id": found["from"][1]} if found["inherited"] else None,
    }


class StewardsView(APIView):
    """Who stewards an asset, people and groups (their own, else inherited from the nearest level
    above); name a steward, `username` or `group` (POST: the asset's stewards and admins)."""

    permission_classes = [read_or(selectors.GOVERN)]

    @extend_schema(operation_id="governance_stewards_list", responses={200: dict})
    def get(self, request, kind, asset_id):
        return Response(_stewards(request, access_asset(request.user, kind, asset_id)))

    @extend_schema(operation_id="governance_steward_add", request=StewardSerializer, responses={201: dict})
    def post(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        data = StewardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        group = data.validated_data.get("group")
        try:
            if group:
                stewards.add_group_steward(user=request.user, asset=asset, name=group)
            else:
                stewards.add_steward(user=request.user, asset=asset, username=data.validated_data["username"])
        except trust.TrustError as exc:
            raise ValidationError({"group" if group else "username": [str(exc)]}) from None
        return Response(_stewards(request, asset), status=201)


class StewardView(APIView):
    permission_classes = [requires(selectors.GOVERN)]

    @extend_schema(operation_id="governance_steward_remove", responses={204: None})
    def delete(self, request, kind, asset_id, username):
        asset = access_asset(request.user, kind, asset_id)
        if not stewards.remove_steward(user=request.user, asset=asset, username=username):
            raise NotFound("Not a steward of this asset.")
        return Response(status=204)


class StewardGroupView(APIView):
    """Take a steward group off an asset."""

    permission_classes = [requires(selectors.GOVERN)]

    @extend_schema(operation_id="governance_steward_group_remove", responses={204: None})
    def delete(self, request, kind, asset_id, name):
        asset = access_asset(request.user, kind, asset_id)
        if not stewards.remove_group_steward(user=request.user, asset=asset, name=name):
            raise NotFound("That group does not steward this asset.")
        return Response(status=204)


# --- custom fields --------------------------------------------------------------------------------


class CustomFieldSerializer(serializers.ModelSerializer):
    """A custom field's definition. `key` defaults to the name's slug; `choices` for choice
    fields; `asset_kinds`: some of source, schema, table, column."""

    key = serializers.CharField(max_length=fields.MAX_KEY, required=False, allow_blank=True)
    kind = serializers.CharField(help_text="text, choice, user or date")
    choices = serializers.ListField(
        child=serializers.CharField(max_length=fields.MAX_CHOICE),
        max_length=fields.MAX_CHOICES,
        required=False,
    )
    asset_kinds = serializers.ListField(child=serializers.CharField(max_length=20), max_length=4)
    order = serializers.IntegerField(min_value=0, max_value=10_000, required=False)

    class Meta:
        model = CustomField
        fields = ["key", "name", "kind", "choices", "help_text", "asset_kinds", "order"]


def _field_error(exc) -> ValidationError:
    return ValidationError({"field": [str(exc)]})


class FieldListView(APIView):
    """The custom fields (GET: anyone logged in); define one (POST: admins)."""

    permission_classes = [read_or(fields.DEFINE)]

    @extend_schema(operation_id="governance_fields_list", responses={200: CustomFieldSerializer(many=True)})
    def get(self, request):
        return Response(CustomFieldSerializer(selectors.fields_for(), many=True).data)

    @extend_schema(
        operation_id="governance_field_define",
        request=CustomFieldSerializer,
        responses={201: CustomFieldSerializer},
    )
    def post(self, request):
        data = CustomFieldSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            field = fields.define_field(user=request.user, **data.validated_data)
        except fields.FieldError as exc:
            raise _field_error(exc) from None
        return Response(CustomFieldSerializer(field).data, status=201)


class FieldDetailView(APIView):
    """One custom field (GET); change it (PATCH: admins, only what is sent) or delete it with
    every asset's value (DELETE: admins)."""

    permission_classes = [read_or(fields.DEFINE)]

    @extend_schema(operation_id="governance_field_read", responses={200: CustomFieldSerializer})
    def get(self, request, slug):
        return Response(CustomFieldSerializer(get_object_or_404(CustomField, key=slug)).data)

    @extend_schema(
        operation_id="governance_field_change",
        request=CustomFieldSerializer,
        responses={200: CustomFieldSerializer},
    )
    def patch(self, request, slug):
        field = get_object_or_404(CustomField, key=slug)
        data = CustomFieldSerializer(field, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            fields.change_field(user=request.user, field=field, **data.validated_data)
        except fields.FieldError as exc:
            raise _field_error(exc) from None
        return Response(CustomFieldSerializer(field).data)

    @extend_schema(operation_id="governance_field_delete", responses={204: None})
    def delete(self, request, slug):
        fields.delete_field(user=request.user, field=get_object_or_404(CustomField, key=slug))
        return Response(status=204)


class FieldAssetsView(APIView):
    """The assets you may read that have this field filled in, at most 500: `value` keeps those
    with exactly that value (`?value=7y`; a date as YYYY-MM-DD, a person by username),
    `asset_kind` one kind of asset. The API's filter by custom field."""

    @extend_schema(
        operation_id="governance_field_assets",
        parameters=[
            OpenApiParameter("value", str, description="Only assets with exactly this value."),
            OpenApiParameter("asset_kind", str, description="source, schema, table or column"),
        ],
        responses={200: dict},
    )
    def get(self, request, slug):
        field = get_object_or_404(CustomField, key=slug)
        value = request.query_params.get("value")
        if value is not None and len(value) > MAX_FIELD_VALUE:
            raise ValidationError({"value": [f"At most {MAX_FIELD_VALUE} characters."]})
        asset_kind = request.query_params.get("asset_kind")
        if asset_kind and asset_kind not in ASSET_KINDS:
            raise ValidationError({"asset_kind": ["One of source, schema, table, column."]})
        return Response(selectors.assets_with_field(field, request.user, value=value, asset_kind=asset_kind))


class FieldValuesSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(max_length=MAX_FIELD_VALUE, allow_blank=True, allow_null=True),
        help_text="{field key: value}; null or an empty string clears it.",
    )

    def validate_values(self, values):
        if len(values) > 100:
            raise serializers.ValidationError("At most 100 fields at once.")
        return values


def _asset_fields(kind, asset) -> dict:
    values = {v.field.key: v for v in selectors.field_values_of(kind, asset.pk)}
    return {
        "kind": kind,
        "id": asset.pk,
        "fields": [
            {"key": field.key, "name": field.name, "kind": field.kind,
             "value": values[field.key].value if field.key in values else None,
             "shown": selectors.shown_value(values[field.key]) if field.key in values else None}
            for field in selectors.fields_for(kind)
        ],
    }  # fmt: skip


class AssetFieldsView(APIView):
    """An asset's custom fields with their values (GET); set some (PUT {"values": {key: value}},
    null or "" clears one: the asset's stewards and admins). A value must fit its field: one of
    the choices, an active username, a date as YYYY-MM-DD, text under 1,000 characters."""

    permission_classes = [read_or(selectors.GOVERN)]

    @extend_schema(operation_id="governance_asset_fields", responses={200: dict})
    def get(self, request, kind, asset_id):
        return Response(_asset_fields(kind, access_asset(request.user, kind, asset_id)))

    @extend_schema(
        operation_id="governance_asset_fields_set", request=FieldValuesSerializer, responses={200: dict}
    )
    def put(self, request, kind, asset_id):
        asset = access_asset(request.user, kind, asset_id)
        data = FieldValuesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            fields.set_field_values(user=request.user, asset=asset, values=data.validated_data["values"])
        except fields.FieldError as exc:
            raise ValidationError({"values": [str(exc)]}) from None
        return Response(_asset_fields(kind, asset))

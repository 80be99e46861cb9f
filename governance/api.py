"""Governance API: the PII review queue, decisions, and a source's PII report."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_source
from catalog.api.permissions import requires
from governance.models import PiiClassification
from governance.pii import KINDS
from governance.selectors import pii_report, review_queue
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

    @extend_schema(responses={200: dict})
    def get(self, request, slug):
        return Response(pii_report(access_source(request.user, slug)))

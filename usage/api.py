"""Usage API: a table's queries, joins, filters and top users; a source's report; log uploads."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_source, access_table
from catalog.api.permissions import requires
from catalog.models import DataSource
from usage import selectors
from usage.forms import MAX_UPLOAD_BYTES
from usage.models import IngestionRun, QueryShape
from usage.services.ingest import INGEST, IngestError, ingest_log


class IngestionRunSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "source",
            "name",
            "status",
            "lines_read",
            "executions",
            "unparseable",
            "skipped_lines",
            "error_count",
            "errors",
            "message",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


def _shape(shape) -> dict:
    return {"id": shape.pk, "sql": shape.sql, "executions": shape.executions,
            "users": getattr(shape, "users", None), "last_run": shape.last_run}  # fmt: skip


class TableUsageView(APIView):
    """A table's Queries, Joins, Filters and Top users tabs, and its popularity."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        table = access_table(request.user, pk)
        return Response(
            {
                "popularity": selectors.popularity([table.pk]).get(table.pk, {"users": 0, "executions": 0}),
                "top_users": selectors.top_users(table, limit=10),
                "queries": [_shape(shape) for shape in selectors.table_queries(table)],
                "joins": [
                    {
                        "column": row["column"].name,
                        "other_table": row["other"].table.qualified_name,
                        "other_column": row["other"].name,
                        "executions": row["executions"],
                        "users": row["users"],
                        "example_query": row["example"],
                    }  # fmt: skip
                    for row in selectors.table_joins(table)
                ],
                "filters": [
                    {
                        "column": row["column"].name,
                        "executions": row["executions"],
                        "operators": dict(row["operators"]),
                        "example_values": row["values"],
                    }  # fmt: skip
                    for row in selectors.table_filters(table)
                ],
            }
        )


class SourceReportView(APIView):
    """The usage report of a source (the same JSON as manage.py usage_report --format json)."""

    @extend_schema(responses={200: dict})
    def get(self, request, slug):
        return Response(selectors.usage_report(access_source(request.user, slug)))


class QueryView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        visible = DataSource.objects.visible_to(request.user)
        shape = QueryShape.objects.filter(pk=pk, source__in=visible).first()
        if shape is None:
            raise Http404
        tables = [t.table.qualified_name for t in shape.tables.select_related("table__schema")]
        return Response({**_shape(shape), "tables": tables, "users": selectors.shape_users(shape)})


class IngestionListView(ListAPIView):
    """Ingestions of query logs, newest first: progress, counts and the lines that could not be read."""

    serializer_class = IngestionRunSerializer

    def get_queryset(self):
        return IngestionRun.objects.filter(
            source__in=DataSource.objects.visible_to(self.request.user)
        ).select_related("source")


class LogUploadView(APIView):
    """POST a log file (multipart field `log`, optional `format` jsonl|csv): counted before the answer."""

    parser_classes = [MultiPartParser]
    permission_classes = [requires(INGEST)]

    @extend_schema(request={"multipart/form-data": dict}, responses={201: IngestionRunSerializer})
    def post(self, request, slug):
        source = access_source(request.user, slug)
        log = request.FILES.get("log")
        if log is None:
            raise ValidationError({"log": ["Attach the log file as `log`."]})
        if log.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                {"log": [f"Over {MAX_UPLOAD_BYTES // 1024**2} MB: use manage.py ingest_queries."]}
            )
        fmt = request.data.get("format") or ("csv" if log.name.lower().endswith(".csv") else "jsonl")
        try:
            run = ingest_log(source=source, stream=log.file, fmt=fmt, user=request.user, name=log.name)
        except IngestError as exc:
            raise ValidationError({"log": [str(exc)]}) from None
        return Response(IngestionRunSerializer(run).data, status=201)

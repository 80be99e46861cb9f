"""Usage API: a table's queries, joins, filters and top users; a source's report; log uploads;
saved queries."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_source, access_table
from catalog.api.permissions import read_or, requires
from catalog.api.serializers import TextField
from catalog.markdown import render_markdown
from catalog.models import DataSource
from usage import selectors
from usage.forms import MAX_UPLOAD_BYTES
from usage.models import IngestionRun, QueryShape, SavedQuery, SavedQueryTable
from usage.services.ingest import INGEST, IngestError, ingest_log
from usage.services.saved import (
    SAVE,
    SavedQueryError,
    may_edit,
    saved_query_create,
    saved_query_delete,
    saved_query_update,
)


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


# --- saved queries ----------------------------------------------------------------------------------


class SavedQueryTableSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="table.pk")
    name = serializers.CharField(source="table.qualified_name")
    written = serializers.BooleanField()


class SavedQuerySerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    description_html = serializers.SerializerMethodField()
    tables = SavedQueryTableSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = SavedQuery
        fields = ["id", "title", "description", "description_html", "sql", "formatted_sql",
                  "parse_error", "default_schema", "source", "author", "tables", "created_at",
                  "updated_at", "url"]  # fmt: skip
        read_only_fields = fields

    def get_description_html(self, saved) -> str:
        return str(render_markdown(saved.description))

    def get_url(self, saved) -> str:
        return reverse("usage-saved", args=[saved.pk])


class SavedQueryWriteSerializer(serializers.Serializer):
    """Types only: the bounds and rules are the service's, with the same messages as the pages."""

    source = TextField(help_text="The source's slug (create only).")
    title = TextField(trim_whitespace=False)
    description = TextField(required=False, allow_blank=True, trim_whitespace=False)
    sql = TextField(trim_whitespace=False)
    default_schema = TextField(required=False, allow_blank=True, trim_whitespace=False)


class SavedQueryUpdateSerializer(SavedQueryWriteSerializer):
    source = None
    title = TextField(required=False, trim_whitespace=False)
    sql = TextField(required=False, trim_whitespace=False)


def _saved(call):
    try:
        return call()
    except SavedQueryError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


def _with_tables(queryset):
    return queryset.prefetch_related(
        Prefetch("tables", queryset=SavedQueryTable.objects.select_related("table__schema"))
    )


class SavedQueryListView(ListAPIView):
    """Saved queries on the sources you may read, recently updated first (?source=slug to narrow);
    POST writes one (Contributors)."""

    serializer_class = SavedQuerySerializer
    permission_classes = [read_or(SAVE)]

    def get_queryset(self):
        saved = selectors.saved_queries_visible(self.request.user).order_by("-updated_at", "-id")
        source = self.request.query_params.get("source")
        if source:
            saved = saved.filter(source__slug=source[:100])
        return _with_tables(saved)

    @extend_schema(
        operation_id="usage_saved_queries_create",
        request=SavedQueryWriteSerializer,
        responses={201: SavedQuerySerializer},
    )
    def post(self, request):
        data = _valid(SavedQueryWriteSerializer, request.data)
        source = access_source(request.user, data.pop("source"))
        saved = _saved(lambda: saved_query_create(user=request.user, source=source, **data))
        return Response(SavedQuerySerializer(_reload(saved)).data, status=201)


class SavedQueryDetailView(APIView):
    """One saved query; PATCH changes it and DELETE removes it for good (its author or a steward)."""

    permission_classes = [read_or(SAVE)]

    @extend_schema(operation_id="usage_saved_queries_retrieve", responses={200: SavedQuerySerializer})
    def get(self, request, pk):
        return Response(SavedQuerySerializer(_reload(selectors.access_saved_query(request.user, pk))).data)

    @extend_schema(
        operation_id="usage_saved_queries_update",
        request=SavedQueryUpdateSerializer,
        responses={200: SavedQuerySerializer},
    )
    def patch(self, request, pk):
        saved = selectors.access_saved_query(request.user, pk)
        if not may_edit(request.user, saved):
            raise PermissionDenied("Only its author or a steward edits a saved query.")
        data = _valid(SavedQueryUpdateSerializer, request.data, partial=True)
        _saved(lambda: saved_query_update(user=request.user, saved=saved, **data))
        return Response(SavedQuerySerializer(_reload(saved)).data)

    @extend_schema(operation_id="usage_saved_queries_destroy", responses={204: None})
    def delete(self, request, pk):
        saved = selectors.access_saved_query(request.user, pk)
        saved_query_delete(user=request.user, saved=saved)
        return Response(status=204)


def _valid(serializer_class, data, partial: bool = False) -> dict:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _reload(saved: SavedQuery) -> SavedQuery:
    return _with_tables(SavedQuery.objects.select_related("source", "author")).get(pk=saved.pk)

"""Lineage API: the graph around an asset, impact analysis, statements, manual edges, SQL and
OpenLineage events in. Thin views over lineage.selectors and lineage.services."""

from django.core.exceptions import ValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.access import access_column, access_source, access_table
from catalog.api.permissions import requires
from catalog.models import Column
from lineage.graph import impact, who_to_tell
from lineage.models import LineageStatement
from lineage.selectors import lineage_payload
from lineage.services import manual, openlineage, upload
from lineage.services.manual import manual_edge_add
from lineage.services.openlineage import OpenLineageError, openlineage_event_record
from lineage.services.upload import UploadError, sql_lineage_upload


def _asset(request):
    """The table or column named by ?table= or ?column=, checked for read access."""
    if request.query_params.get("column"):
        return None, access_column(request.user, _id(request.query_params["column"], "column"))
    if request.query_params.get("table"):
        return access_table(request.user, _id(request.query_params["table"], "table")), None
    raise APIValidationError({"table": "Give ?table=<id> or ?column=<id>."})


def _id(value: str, name: str) -> int:
    """An id parameter: a positive whole number that fits a database key, or a 400 that says so."""
    if not value.isdigit() or len(value) > 18:
        raise APIValidationError({name: f"Give the {name}'s id, a whole number."})
    return int(value)


def _int(value, default, low, high, name):
    try:
        return max(low, min(high, int(value))) if value not in (None, "") else default
    except ValueError:
        raise APIValidationError({name: "Must be a whole number."}) from None


ASSET_PARAMETERS = [
    OpenApiParameter("table", int, description="Table id"),
    OpenApiParameter("column", int, description="Column id"),
]


class LineageGraphView(APIView):
    """Nodes and edges around a table or column: direction up/down/both, depth 1–10, level table/column."""

    @extend_schema(
        parameters=[
            *ASSET_PARAMETERS,
            OpenApiParameter("direction", str, enum=["up", "down", "both"]),
            OpenApiParameter("depth", int),
            OpenApiParameter("level", str, enum=["table", "column"]),
        ],
        responses={200: dict},
    )
    def get(self, request):
        table, column = _asset(request)
        direction = request.query_params.get("direction", "both")
        level = request.query_params.get("level", "table")
        if direction not in ("up", "down", "both") or level not in ("table", "column"):
            raise APIValidationError({"direction": "up, down or both; level: table or column."})
        depth = _int(request.query_params.get("depth"), 2, 1, 10, "depth")
        return Response(
            lineage_payload(table=table, column=column, level=level, direction=direction, depth=depth)
        )


class ImpactView(APIView):
    """Every downstream table and column of a table or column someone plans to change."""

    @extend_schema(parameters=ASSET_PARAMETERS, responses={200: dict})
    def get(self, request):
        table, column = _asset(request)
        found = impact(level="column" if column else "table", start_id=(column or table).pk)
        stewards_by_table, tell = who_to_tell(found)
        return Response(
            {
                "tables": [
                    {
                        "id": t.pk,
                        "name": t.qualified_name,
                        "source": t.source.name,
                        "kind": t.kind,
                        "stewards": stewards_by_table.get(t.pk, []),
                    }
                    for t in found["tables"]
                ],
                "columns": [
                    {"id": c.pk, "name": f"{c.table.qualified_name}.{c.name}", "table_id": c.table_id}
                    for c in found["columns"]
                ],
                "external": found["external"],
                "truncated": found["truncated"],
                "who_to_tell": tell,
            }
        )


class StatementSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = LineageStatement
        fields = ["id", "origin", "source", "table", "dialect", "kind", "sql", "target_name", "status",
                  "reasons", "error", "created_at"]  # fmt: skip


class StatementFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=LineageStatement.Status.choices)
    source = filters.CharFilter(field_name="source__slug")
    table = filters.NumberFilter(method="filter_table")
    reviewed = filters.BooleanFilter(field_name="reviewed_by", lookup_expr="isnull", exclude=True)

    class Meta:
        model = LineageStatement
        fields = ["status", "origin", "source", "table", "reviewed"]

    def filter_table(self, queryset, name, value):
        return queryset.filter(table_edges__source_table_id=value) | queryset.filter(
            table_edges__target_table_id=value
        )


class StatementListView(generics.ListAPIView):
    """Statements lineage was read from; ?status=failed&status=partial is the stewards' queue."""

    serializer_class = StatementSerializer
    filterset_class = StatementFilter

    def get_queryset(self):
        return LineageStatement.objects.visible_to(self.request.user).select_related("source").distinct()


class ManualEdgeSerializer(serializers.Serializer):
    source_table = serializers.IntegerField()
    target_table = serializers.IntegerField()
    columns = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        required=False,
        help_text="[[source column id, target column id], …]",
    )


class ManualEdgeView(APIView):
    """Stewards add lineage by hand (recorded with who and when)."""

    permission_classes = [requires(manual.PERMISSION)]

    @extend_schema(request=ManualEdgeSerializer, responses={201: dict})
    def post(self, request):
        data = ManualEdgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = access_table(request.user, data.validated_data["source_table"])
        target = access_table(request.user, data.validated_data["target_table"])
        column_ids = [pk for pair in data.validated_data.get("columns", []) for pk in pair]
        columns = Column.objects.visible_to(request.user).in_bulk(column_ids)
        try:
            pairs = [(columns[a], columns[b]) for a, b in data.validated_data.get("columns", [])]
            edge = manual_edge_add(
                user=request.user, source_table=source, target_table=target, column_pairs=pairs
            )
        except KeyError:
            raise APIValidationError({"columns": "No such column."}) from None
        except ValidationError as exc:
            raise APIValidationError({"non_field_errors": exc.messages}) from None
        return Response({"id": edge.pk, "source": edge.source_name, "target": edge.target_name}, status=201)


class ParseSerializer(serializers.Serializer):
    sql = serializers.CharField(trim_whitespace=False)
    dialect = serializers.CharField(default="postgres")
    default_schema = serializers.CharField(required=False, allow_blank=True)
    source = serializers.SlugField(required=False, help_text="Resolve names against this source's catalog")


class ParseView(APIView):
    """Read the lineage of SQL you paste, and keep its edges (contributors)."""

    permission_classes = [requires(upload.PERMISSION)]

    @extend_schema(request=ParseSerializer, responses={201: StatementSerializer(many=True)})
    def post(self, request):
        data = ParseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slug = data.validated_data.get("source")
        try:
            statements = sql_lineage_upload(
                user=request.user,
                sql=data.validated_data["sql"],
                dialect=data.validated_data["dialect"],
                default_schema=data.validated_data.get("default_schema") or None,
                source=access_source(request.user, slug) if slug else None,
            )
        except UploadError as exc:
            raise APIValidationError({"sql": str(exc)}) from None
        return Response(StatementSerializer(statements, many=True).data, status=status.HTTP_201_CREATED)


class OpenLineageView(APIView):
    """POST OpenLineage run events here (the HTTP transport: Airflow, Spark, dbt integrations).
    Contributors, or an integration's account with that role and an API token."""

    permission_classes = [requires(openlineage.PERMISSION)]

    @extend_schema(request=dict, responses={201: dict, 200: dict})
    def post(self, request):
        try:
            statement = openlineage_event_record(event=request.data, user=request.user)
        except OpenLineageError as exc:
            raise APIValidationError({"event": str(exc)}) from None
        if statement is None:
            return Response({"recorded": False})
        return Response({"recorded": True, "statement": statement.pk}, status=201)

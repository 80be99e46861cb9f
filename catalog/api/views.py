"""The catalog API: thin views that read through querysets and write through catalog.services.

Every list is built so its query count does not grow with the number of rows (select_related,
prefetches and annotations); tests/catalog/api guard that.
"""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from catalog.access import access_table_sample
from catalog.api import serializers as s
from catalog.api.permissions import CanAnnotateCatalog, CanManageSources
from catalog.connectors import ConnectorError
from catalog.filters import ColumnFilter, CrawlRunFilter, DataSourceFilter, SchemaFilter, TableFilter
from catalog.listing import COLUMN_ORDER, ORDER, ColumnsInOrder, TablesInOrder, count_columns
from catalog.masking import mask_column_profiles
from catalog.models import Column, Constraint, CrawlRun, DataSource, Schema, Table, TableChange
from catalog.services.annotations import AnnotationError, asset_annotate
from catalog.services.connections import safe_message, test_connection
from catalog.services.crawl import crawl_request
from catalog.services.sources import (
    SOURCE_SETTINGS,
    SourceError,
    source_delete,
    source_save,
    stored_password_for,
)


class CurrentUserView(APIView):
    """Who the request is authenticated as, and their role."""

    serializer_class = s.CurrentUserSerializer

    def get(self, request):
        return Response(s.CurrentUserSerializer(request.user).data)


def _source_error(exc: SourceError, url: str, password: str | None) -> exceptions.ValidationError:
    return exceptions.ValidationError({exc.field: [safe_message(exc.message, url, password)]})


class ConnectionFailed(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "failed"
    default_detail = "The connection failed."


# --- sources --------------------------------------------------------------------------------------

_error = OpenApiResponse(description='Error: {"error": {"status", "code", "message", "fields"?}}')


@extend_schema_view(
    create=extend_schema(responses={201: s.DataSourceSerializer, 400: _error, 403: _error}),
    update=extend_schema(responses={200: s.DataSourceSerializer, 400: _error, 403: _error}),
    partial_update=extend_schema(responses={200: s.DataSourceSerializer, 400: _error, 403: _error}),
    destroy=extend_schema(responses={204: None, 403: _error}),
)
class DataSourceViewSet(viewsets.ModelViewSet):
    """Registered sources. Anyone logged in reads them; Admins (catalog.manage_sources) change them."""

    serializer_class = s.DataSourceSerializer
    permission_classes = [CanManageSources]
    lookup_field = "slug"
    filterset_class = DataSourceFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        latest = CrawlRun.objects.order_by("-queued_at", "-id").only(
            "id", "source_id", "status", "progress", "finished_at", "queued_at"
        )
        return DataSource.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("crawl_runs", queryset=latest[:1], to_attr="latest_runs")
        )

    def _save(self, serializer, source: DataSource | None) -> DataSource:
        data = serializer.validated_data
        url = data.get("url", source.url if source else "")
        password = data.get("password") or None
        try:
            return source_save(
                source=source,
                name=data.get("name", source.name if source else ""),
                url=url,
                password=password,
                user=self.request.user,
                **{key: value for key, value in data.items() if key in SOURCE_SETTINGS},
            )
        except SourceError as exc:
            raise _source_error(exc, url, password) from None

    def perform_create(self, serializer):
        serializer.instance = self._save(serializer, source=None)

    def get_success_headers(self, data):
        # DRF would put the `url` field in Location: here that is the connection URL, not the
        # resource's address.
        return {"Location": f"/api/sources/{data['slug']}/"} if data.get("slug") else {}

    def perform_update(self, serializer):
        serializer.instance = self._save(serializer, source=serializer.instance)

    def perform_destroy(self, instance):
        source_delete(source=instance, user=self.request.user)

    @extend_schema(
        request=s.TestConnectionSerializer,
        responses={200: s.TestConnectionResultSerializer, 400: _error, 403: _error},
        description="Connect to a database URL and run a trivial query. On failure the error code is the "
        "connector's: unreachable, auth_failed, database_missing, permission_denied, timeout, blocked, "
        "invalid_url, driver_missing or failed.",
    )
    @action(detail=False, methods=["post"], url_path="test-connection", filter_backends=[])
    def test_connection(self, request):
        """Connect to a URL (with `password`, or the stored one of `source`) and run a trivial query."""
        serializer = s.TestConnectionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        url = serializer.validated_data["url"]
        password = serializer.validated_data.get("password") or None
        source = serializer.validated_data.get("source")
        try:
            # A stored secret goes only to the server it was given for, never to a typed-in host.
            password = password or stored_password_for(source, url)
            test_connection(url, password)
        except SourceError as exc:
            raise _source_error(exc, url, password) from None
        except ConnectorError as exc:
            raise ConnectionFailed(detail=safe_message(exc.message, url, password), code=exc.code) from None
        return Response({"ok": True})

    @extend_schema(
        request=s.DescriptionSerializer, responses={200: s.DataSourceSerializer, 400: _error, 403: _error}
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path="description",
        filter_backends=[],
        permission_classes=[CanAnnotateCatalog],
    )
    def set_description(self, request, slug=None):
        """Set the source's description (Markdown): Contributors and above, like other assets'."""
        source = self.get_object()
        serializer = s.DescriptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            asset_annotate(asset=source, user=request.user, **serializer.validated_data)
        except AnnotationError as exc:
            raise exceptions.ValidationError({exc.field: [exc.message]}) from None
        return Response(self.get_serializer(source).data)

    @extend_schema(request=None, responses={202: s.CrawlRequestResultSerializer, 403: _error})
    @action(detail=True, methods=["post"], filter_backends=[])
    def crawl(self, request, slug=None):
        """Queue a crawl of the source, or return the one already queued or running (created: false)."""
        source = self.get_object()
        run, created = crawl_request(source=source, user=request.user)
        run = CrawlRun.objects.select_related("source", "triggered_by").get(pk=run.pk)
        run.created = created
        return Response(s.CrawlRequestResultSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class CrawlRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Crawls of the sources the user can see, newest first. Poll a run's detail for live progress."""

    serializer_class = s.CrawlRunSerializer
    filterset_class = CrawlRunFilter
    ordering_fields = ["queued_at", "finished_at"]
    ordering = ["-queued_at", "-id"]

    def get_queryset(self):
        return CrawlRun.objects.visible_to(self.request.user).select_related("source", "triggered_by")


# --- schemas, tables, columns ---------------------------------------------------------------------


class ListFiltersOnlyMixin:
    """Filters (and the default hiding of removed and filtered-out assets) apply to lists only:
    a detail URL shows its object whatever its state, like the HTML pages do."""

    def filter_queryset(self, queryset):
        if self.action == "list":
            return super().filter_queryset(queryset)
        return queryset


class AnnotateMixin:
    """PATCH title/description through catalog.services.annotations.asset_annotate."""

    def partial_update(self, request, *args, **kwargs):
        asset = self.get_object()
        serializer = s.AnnotationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            asset_annotate(asset=asset, user=request.user, **serializer.validated_data)
        except AnnotationError as exc:
            raise exceptions.ValidationError({exc.field: [exc.message]}) from None
        return Response(self.get_serializer(asset).data)


def _present(relation: str) -> Q:
    return Q(**{f"{relation}__removed_at__isnull": True, f"{relation}__hidden": False})


class AnnotatableAssetViewSet(
    ListFiltersOnlyMixin,
    AnnotateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read an asset type, and PATCH the title and description of one (contributors and above)."""

    http_method_names = ["get", "patch", "head", "options"]
    permission_classes = [CanAnnotateCatalog]


@extend_schema_view(
    partial_update=extend_schema(
        request=s.AnnotationSerializer, responses={200: s.SchemaSerializer, 400: _error, 403: _error}
    ),
)
class SchemaViewSet(AnnotatableAssetViewSet):
    """Schemas. Removed ones are listed with removed=true; filtered-out (hidden) ones never are.
    Contributors and above PATCH their title and description."""

    serializer_class = s.SchemaSerializer
    filterset_class = SchemaFilter
    ordering_fields = ["name"]
    ordering = ["source__name", "name", "id"]

    def get_queryset(self):
        return (
            Schema.objects.visible_to(self.request.user)
            .select_related("source")
            .annotate(table_count=Count("tables", filter=_present("tables")))
        )


@extend_schema_view(
    partial_update=extend_schema(
        request=s.AnnotationSerializer, responses={200: s.TableDetailSerializer, 400: _error, 403: _error}
    ),
)
class TableViewSet(AnnotatableAssetViewSet):
    """Tables and views. Contributors and above PATCH their title and description."""

    filterset_class = TableFilter
    ordering_fields = ["name", "row_count"]
    ordering = list(ORDER)

    def get_serializer_class(self):
        return s.TableSerializer if self.action == "list" else s.TableDetailSerializer

    def get_queryset(self):
        tables = Table.objects.visible_to(self.request.user)
        if self.action in ("samples", "changes"):
            return tables
        tables = tables.select_related("schema", "source").with_last_crawl()
        if self.action == "list":
            return tables  # column counts are added per page by list(): counting all tables first is slow
        tables = tables.annotate(column_count=Count("columns", filter=_present("columns")))
        return tables.prefetch_related(
            Prefetch(
                "columns",
                queryset=Column.objects.present().select_related("profile").order_by("position", "id"),
                to_attr="present_columns",
            ),
            Prefetch(
                "constraints",
                queryset=Constraint.objects.order_by("kind", "name", "id"),
                to_attr="constraint_list",
            ),
        )

    def list(self, request, *args, **kwargs):
        tables = self.filter_queryset(self.get_queryset())
        if not request.query_params.get(api_settings.ORDERING_PARAM):
            # The default order (source, schema, name, id) without sorting the whole catalog.
            tables = TablesInOrder(tables)
        page = self.paginate_queryset(tables)
        count_columns(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        table = super().get_object()
        # Profiles show values (min, max, most common): masked like samples for who may not see them.
        if hasattr(table, "present_columns"):
            mask_column_profiles(self.request.user, table.present_columns)
        return table

    @extend_schema(responses=s.TableSampleSerializer)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def samples(self, request, pk=None):
        """The sample rows the last crawl took; empty columns and rows when there is none."""
        return Response(access_table_sample(request.user, self.get_object()))

    @extend_schema(responses=s.TableChangeSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=s.TableChangeSerializer)
    def changes(self, request, pk=None):
        """The table's change history, newest first, paginated: what crawls saw change, and who
        edited its or its columns' titles and descriptions, with the text before and after."""
        table = self.get_object()
        changes = (
            TableChange.objects.filter(table=table)
            .select_related("changed_by")
            .order_by("-changed_at", "-id")
        )
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(s.TableChangeSerializer(page, many=True).data)


@extend_schema_view(
    partial_update=extend_schema(
        request=s.AnnotationSerializer, responses={200: s.ColumnSerializer, 400: _error, 403: _error}
    ),
)
class ColumnViewSet(AnnotatableAssetViewSet):
    """Columns across tables. Contributors and above PATCH their title and description."""

    serializer_class = s.ColumnSerializer
    filterset_class = ColumnFilter
    ordering_fields = ["name", "position"]
    ordering = list(COLUMN_ORDER)

    def get_queryset(self):
        return Column.objects.visible_to(self.request.user).select_related("table__schema", "table__source")

    def list(self, request, *args, **kwargs):
        columns = self.filter_queryset(self.get_queryset())
        if not request.query_params.get(api_settings.ORDERING_PARAM):
            # The default order without sorting every column of the catalog (see TableViewSet).
            columns = ColumnsInOrder(columns)
        page = self.paginate_queryset(columns)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

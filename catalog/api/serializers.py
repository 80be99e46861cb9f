"""What the API reads and writes. Writes are validated here and carried out by catalog.services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Column, ColumnProfile, Constraint, CrawlRun, DataSource, Schema, Table, TableChange
from catalog.roles import user_role


def _password_field(help_text: str) -> serializers.CharField:
    """A source password: write-only, never echoed, taken exactly as typed."""
    return serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=1000,
        style={"input_type": "password"},
        help_text=help_text,
    )


class TextField(serializers.CharField):
    """A string and only a string: 12 or true is refused, not stored as "12" or "True"."""

    default_error_messages = {"not_text": "Send text (a JSON string), not {kind}."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text", kind=type(data).__name__)
        return super().to_internal_value(data)


class CurrentUserSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email", "role"]

    def get_role(self, user) -> str | None:
        return user_role(user)


# --- crawl runs -----------------------------------------------------------------------------------


class CrawlRunSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = CrawlRun
        fields = ["id", "status", "progress", "finished_at"]


class CrawlRunSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.slug", read_only=True)
    triggered_by = serializers.CharField(source="triggered_by.username", read_only=True, allow_null=True)
    duration_seconds = serializers.SerializerMethodField()

    class Meta:
        model = CrawlRun
        fields = [
            "id",
            "source",
            "status",
            "progress",
            "phase",
            "queued_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "counts",
            "warnings",
            "error",
            "triggered_by",
        ]

    def get_duration_seconds(self, run) -> float | None:
        duration = run.duration
        return round(duration.total_seconds(), 3) if duration is not None else None


class CrawlRequestResultSerializer(CrawlRunSerializer):
    created = serializers.BooleanField(
        help_text="False when a crawl of this source was already queued or running."
    )

    class Meta(CrawlRunSerializer.Meta):
        fields = [*CrawlRunSerializer.Meta.fields, "created"]


# --- sources --------------------------------------------------------------------------------------


def _patterns(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=255), required=False, allow_empty=True, help_text=help_text
    )


class DataSourceSerializer(serializers.ModelSerializer):
    """A source. The password is write-only: it is stored encrypted and never returned."""

    url = serializers.CharField(
        max_length=1000,
        help_text="Connection URL, e.g. postgresql://reader@db.example.com:5432/sales. A password in it is "
        "moved to the encrypted store; responses show the URL without it.",
    )
    password = _password_field("Write-only. On update, leave it out or blank to keep the stored password.")
    name = TextField(max_length=200)
    description = TextField(required=False, allow_blank=True, max_length=100_000, trim_whitespace=False)
    has_password = serializers.BooleanField(read_only=True)
    include_schemas = _patterns("Glob patterns on schema names; empty means all.")
    exclude_schemas = _patterns("Glob patterns on schema names.")
    include_tables = _patterns("Glob patterns on schema.table; empty means all.")
    exclude_tables = _patterns("Glob patterns on schema.table.")
    sample_rows = serializers.IntegerField(min_value=1, max_value=10000, required=False)
    crawl_schedule = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Cron expression (minute hour day month weekday) in UTC; empty: crawl manually.",
    )
    last_crawl = serializers.SerializerMethodField()

    class Meta:
        model = DataSource
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "engine",
            "url",
            "password",
            "has_password",
            "include_schemas",
            "exclude_schemas",
            "include_tables",
            "exclude_tables",
            "sample_enabled",
            "sample_rows",
            "crawl_schedule",
            "created_at",
            "updated_at",
            "last_crawl",
        ]
        read_only_fields = ["slug", "engine", "created_at", "updated_at"]

    @extend_schema_field(CrawlRunSummarySerializer(allow_null=True))
    def get_last_crawl(self, source):
        runs = getattr(source, "latest_runs", None)  # prefetched by the view
        if runs is None:
            run = source.crawl_runs.order_by("-queued_at", "-id").first()
        else:
            run = runs[0] if runs else None
        return CrawlRunSummarySerializer(run).data if run is not None else None


class TestConnectionSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=1000)
    password = _password_field("Leave out to use the stored password of `source`.")
    source = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=DataSource.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of a registered source whose stored password is used when `password` is left out.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["source"].queryset = DataSource.objects.visible_to(request.user)


class TestConnectionResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()


# --- schemas, tables, columns ---------------------------------------------------------------------


class SchemaSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.slug", read_only=True)
    table_count = serializers.IntegerField(read_only=True, help_text="Present tables.")

    class Meta:
        model = Schema
        fields = [
            "id",
            "source",
            "name",
            "title",
            "description",
            "comment",
            "table_count",
            "removed_at",
            "hidden",
        ]
        read_only_fields = fields


class TableSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.slug", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    schema = serializers.CharField(source="schema.name", read_only=True)
    schema_id = serializers.IntegerField(read_only=True)
    qualified_name = serializers.CharField(read_only=True)
    column_count = serializers.IntegerField(read_only=True, help_text="Present columns.")
    last_crawled_at = serializers.SerializerMethodField(help_text="When a crawl last saw the table.")

    class Meta:
        model = Table
        fields = [
            "id",
            "source",
            "source_name",
            "schema",
            "schema_id",
            "name",
            "qualified_name",
            "title",
            "description",
            "comment",
            "kind",
            "row_count",
            "size_bytes",
            "last_crawled_at",
            "removed_at",
            "column_count",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_last_crawled_at(self, table):
        when = table.last_crawl_time()  # the view annotates the source's last crawl (with_last_crawl)
        return serializers.DateTimeField().to_representation(when) if when else None


class ColumnProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ColumnProfile
        fields = ["null_fraction", "distinct_count", "min_value", "max_value", "most_common", "origin"]


class TableColumnSerializer(serializers.ModelSerializer):
    profile = ColumnProfileSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Column
        fields = [
            "id",
            "name",
            "position",
            "title",
            "description",
            "comment",
            "data_type",
            "nullable",
            "default",
            "is_primary_key",
            "profile",
        ]
        read_only_fields = fields


def _kind(choices) -> serializers.CharField:
    # A plain string in the schema: only Table.kind is an enum there ("kind" names one choice set).
    return serializers.CharField(
        read_only=True, help_text="One of: " + ", ".join(value for value, _ in choices)
    )


class ConstraintSerializer(serializers.ModelSerializer):
    kind = _kind(Constraint.Kind.choices)
    ref_table = serializers.IntegerField(
        source="ref_table_id", read_only=True, allow_null=True, help_text="Id of the referenced table."
    )

    class Meta:
        model = Constraint
        fields = ["kind", "name", "columns", "ref_schema_name", "ref_table_name", "ref_columns", "ref_table"]
        read_only_fields = fields


class TableDetailSerializer(TableSerializer):
    columns = TableColumnSerializer(source="present_columns", many=True, read_only=True)
    constraints = ConstraintSerializer(source="constraint_list", many=True, read_only=True)

    class Meta(TableSerializer.Meta):
        fields = [*TableSerializer.Meta.fields, "definition", "columns", "constraints"]
        read_only_fields = fields


class ColumnSerializer(serializers.ModelSerializer):
    table = serializers.IntegerField(source="table_id", read_only=True)
    table_qualified_name = serializers.CharField(source="table.qualified_name", read_only=True)
    source = serializers.CharField(source="table.source.slug", read_only=True)

    class Meta:
        model = Column
        fields = [
            "id",
            "table",
            "table_qualified_name",
            "source",
            "name",
            "position",
            "title",
            "description",
            "data_type",
            "nullable",
            "is_primary_key",
            "removed_at",
        ]
        read_only_fields = fields


class DescriptionSerializer(serializers.Serializer):
    """The curated text of a source: its description (its name is set with its settings)."""

    description = TextField(allow_blank=True, trim_whitespace=False, help_text="Markdown, stored as typed.")


class AnnotationSerializer(serializers.Serializer):
    """The curated text of a schema, table or column: the only part of them the API writes."""

    title = TextField(max_length=300, required=False, allow_blank=True)
    description = TextField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Markdown, stored as typed."
    )


class TableSampleSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    sampled_at = serializers.DateTimeField(allow_null=True)
    masked = serializers.ListField(
        child=serializers.CharField(), help_text="Columns whose values you see masked (PII you may not see)."
    )


class TableChangeSerializer(serializers.ModelSerializer):
    kind = _kind(TableChange.Kind.choices)
    crawl_run = serializers.IntegerField(source="crawl_run_id", read_only=True, allow_null=True)
    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TableChange
        fields = [
            "id",
            "kind",
            "column_name",
            "old_value",
            "new_value",
            "changed_at",
            "crawl_run",
            "changed_by",
        ]
        read_only_fields = fields

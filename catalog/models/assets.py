from django.conf import settings
from django.db import models

from catalog.models.crawl import CrawlRun
from catalog.models.sources import DataSource


class AssetQuerySet(models.QuerySet):
    def present(self):
        """What the last crawls saw and the source filters include: what users browse by default."""
        return self.filter(removed_at__isnull=True, hidden=False)

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class TableQuerySet(AssetQuerySet):
    def with_last_crawl(self):
        """Annotate `source_crawled_at`: when each table's source last finished a crawl that
        succeeded, what Table.last_crawl_time reads (a subquery, so a page costs no extra query)."""
        runs = CrawlRun.objects.filter(
            source_id=models.OuterRef("source_id"), status=CrawlRun.Status.SUCCEEDED
        )
        return self.annotate(
            source_crawled_at=models.Subquery(runs.order_by("-finished_at").values("finished_at")[:1])
        )


class CuratedAsset(models.Model):
    """Fields every crawled asset shares: curated text, and presence as the crawler last saw it."""

    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, help_text="Markdown; rendered sanitised.")
    comment = models.TextField(blank=True, help_text="The comment stored in the source database.")
    first_seen_at = models.DateTimeField(auto_now_add=True)
    # Set when a complete listing no longer had the object; cleared when it comes back.
    removed_at = models.DateTimeField(null=True, blank=True)
    # Set when the source's include/exclude filters leave the object out: hidden, never removed.
    hidden = models.BooleanField(default=False)

    objects = AssetQuerySet.as_manager()

    class Meta:
        abstract = True


class Schema(CuratedAsset):
    """A schema (or MySQL database, or attached SQLite file) inside a source."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="schemas")
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["source__name", "name"]
        constraints = [models.UniqueConstraint(fields=["source", "name"], name="unique_schema_per_source")]

    def __str__(self):
        return f"{self.source.name} / {self.name}"


class Table(CuratedAsset):
    """A table, view or materialized view, with what the last crawl measured of it."""

    class Kind(models.TextChoices):
        TABLE = "table", "Table"
        VIEW = "view", "View"
        MATERIALIZED_VIEW = "materialized_view", "Materialized view"

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="tables")
    schema = models.ForeignKey(Schema, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TABLE)
    definition = models.TextField(blank=True, help_text="View SQL, kept for lineage.")
    row_count = models.BigIntegerField(null=True, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    # When a crawl last wrote this row (added, changed, removed, hidden or shown it). A crawl that
    # finds a table unchanged does not stamp it, so that a re-crawl of an unchanged source writes
    # nothing: when a table was last crawled is what last_crawl_time() says.
    last_crawled_at = models.DateTimeField(null=True, blank=True)
    # A digest of the structure the last crawl read and saved of this table (kind, comment, view
    # SQL, every column and key: catalog_sync.diff.structure_digest). A re-crawl that reads the
    # same structure skips loading and diffing its columns and keys. Empty: diff them in full.
    structure_digest = models.CharField(max_length=64, blank=True, default="")

    objects = TableQuerySet.as_manager()

    class Meta:
        ordering = ["schema__name", "name"]
        constraints = [models.UniqueConstraint(fields=["schema", "name"], name="unique_table_per_schema")]
        indexes = [models.Index(fields=["source", "name"])]

    def __str__(self):
        return self.qualified_name

    @property
    def qualified_name(self) -> str:
        return f"{self.schema.name}.{self.name}"

    @property
    def display_name(self) -> str:
        return self.title or self.name

    def last_crawl_time(self, source_crawled_at=None):
        """When a crawl last saw this table: a present table was seen by its source's last
        successful crawl (`source_crawled_at`, else the annotation TableQuerySet.with_last_crawl makes);
        a removed or hidden one when a crawl last wrote it."""
        if source_crawled_at is None:
            source_crawled_at = getattr(self, "source_crawled_at", None)
        if self.removed_at is None and not self.hidden and source_crawled_at is not None:
            return max(source_crawled_at, self.last_crawled_at or source_crawled_at)
        return self.last_crawled_at


class Column(CuratedAsset):
    """A column of a table or view."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField()
    data_type = models.CharField(max_length=255)
    nullable = models.BooleanField(default=True)
    default = models.TextField(blank=True, null=True)
    is_primary_key = models.BooleanField(default=False)

    class Meta:
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["table", "name"], name="unique_column_per_table")]
        indexes = [
            # Counting the present columns of a schema or of a page of tables (catalog.listing)
            # reads only this index, not the column rows (200,000 at 10,000 tables). SQLite reads
            # a partial index without the rows only when it holds the columns the query tests.
            models.Index(
                fields=["table", "removed_at", "hidden"],
                condition=models.Q(removed_at__isnull=True, hidden=False),
                name="column_present_by_table",
            )
        ]

    def __str__(self):
        return f"{self.table.qualified_name}.{self.name}"


class Constraint(models.Model):
    """A primary key, unique constraint or foreign key, as the source declares it."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary key"
        UNIQUE = "unique", "Unique"
        FOREIGN = "foreign", "Foreign key"

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="constraints")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=255, blank=True)
    columns = models.JSONField(default=list)
    ref_schema_name = models.CharField(max_length=255, blank=True)
    ref_table_name = models.CharField(max_length=255, blank=True)
    ref_columns = models.JSONField(default=list)
    # Resolved when the referenced table is in the catalog too, so pages can link to it.
    ref_table = models.ForeignKey(
        Table, null=True, blank=True, on_delete=models.SET_NULL, related_name="referenced_by"
    )

    class Meta:
        ordering = ["table", "kind", "name"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name or ''} ({', '.join(self.columns)})"


class ColumnProfile(models.Model):
    """Statistics of a column: from the engine's statistics where it keeps them, else from the sample."""

    column = models.OneToOneField(Column, on_delete=models.CASCADE, related_name="profile")
    null_fraction = models.FloatField(null=True, blank=True)
    distinct_count = models.BigIntegerField(null=True, blank=True)
    min_value = models.TextField(null=True, blank=True)
    max_value = models.TextField(null=True, blank=True)
    most_common = models.JSONField(default=list, blank=True, help_text="[[value, frequency], …]")
    origin = models.CharField(max_length=20, default="sample")
    profiled_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.column_id}"


class TableSample(models.Model):
    """The sample rows of a table taken by the last crawl that sampled it."""

    table = models.OneToOneField(Table, on_delete=models.CASCADE, related_name="sample")
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    sampled_at = models.DateTimeField(auto_now=True)
    # What the sample and the profiles made from the table's rows were made from
    # (catalog.connectors.profiling.sample_digest): a re-crawl that reads the same rows neither
    # profiles them again nor compares what is stored.
    digest = models.CharField(max_length=64, blank=True, default="")

    def __str__(self):
        return f"Sample of {self.table_id}"


class TableChange(models.Model):
    """One entry of a table's change history: what a crawl saw change, or what a person edited."""

    class Kind(models.TextChoices):
        TABLE_ADDED = "table_added", "Table added"
        TABLE_REMOVED = "table_removed", "Table removed"
        TABLE_RESTORED = "table_restored", "Table came back"
        COLUMN_ADDED = "column_added", "Column added"
        COLUMN_REMOVED = "column_removed", "Column removed"
        COLUMN_RESTORED = "column_restored", "Column came back"
        COLUMN_TYPE_CHANGED = "column_type_changed", "Column type changed"
        DEFINITION_CHANGED = "definition_changed", "View definition changed"
        TITLE_EDITED = "title_edited", "Title edited"
        DESCRIPTION_EDITED = "description_edited", "Description edited"

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="changes")
    crawl_run = models.ForeignKey(CrawlRun, null=True, blank=True, on_delete=models.SET_NULL)
    # Who made an edit; empty for what a crawl saw.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    column_name = models.CharField(max_length=255, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.column_name}".strip()

"""What the catalog keeps of query history: one row per statement shape, executions counted per
shape, user and day (a million executions of a few thousand shapes stay a few thousand rows), and
what each shape reads, joins and filters, linked to the crawled tables and columns."""

from django.conf import settings
from django.db import models

from catalog.models import Column, DataSource, Table


class QueryShape(models.Model):
    """A statement with its literals taken out, as run against one source."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=40)
    default_schema = models.CharField(max_length=255, blank=True)
    sql = models.TextField(help_text="One execution's statement, as run.")
    parseable = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    executions = models.PositiveBigIntegerField(default=0)
    first_run = models.DateTimeField()
    last_run = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "fingerprint", "default_schema"], name="unique_query_shape"
            )
        ]
        indexes = [models.Index(fields=["source", "-executions"], name="usage_shape_popular")]
        permissions = [("ingest_queries", "Can upload query logs")]

    def __str__(self):
        return self.sql[:80]


class ShapeRuns(models.Model):
    """Executions of a shape by one user on one day."""

    shape = models.ForeignKey(QueryShape, on_delete=models.CASCADE, related_name="runs")
    user_name = models.CharField(max_length=150)
    day = models.DateField()
    executions = models.PositiveIntegerField(default=0)
    last_run = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shape", "user_name", "day"], name="unique_shape_runs")
        ]
        indexes = [models.Index(fields=["user_name", "day"], name="usage_runs_user")]

    def __str__(self):
        return f"{self.user_name} ran shape {self.shape_id} {self.executions}× on {self.day}"


class ShapeTable(models.Model):
    """A crawled table a shape reads (or writes: INSERT … SELECT, CREATE TABLE AS)."""

    shape = models.ForeignKey(QueryShape, on_delete=models.CASCADE, related_name="tables")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="+")
    written = models.BooleanField(default=False)

    def __str__(self):
        return f"shape {self.shape_id} {'writes' if self.written else 'reads'} table {self.table_id}"


class ShapeColumn(models.Model):
    shape = models.ForeignKey(QueryShape, on_delete=models.CASCADE, related_name="columns")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"shape {self.shape_id} uses column {self.column_id}"


class ShapeJoin(models.Model):
    """An equality between columns of two table instances: left is the smaller qualified name."""

    shape = models.ForeignKey(QueryShape, on_delete=models.CASCADE, related_name="joins")
    left = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"shape {self.shape_id} joins {self.left_id} = {self.right_id}"


class ShapeFilter(models.Model):
    shape = models.ForeignKey(QueryShape, on_delete=models.CASCADE, related_name="filters")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="+")
    operators = models.JSONField(default=list)
    values = models.JSONField(default=list, help_text="A few example values.")

    def __str__(self):
        return f"shape {self.shape_id} filters {self.column_id} {' '.join(self.operators)}"


class IngestionRun(models.Model):
    """One log ingested: its progress, what it counted and the lines it could not read."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    lines_read = models.PositiveIntegerField(default=0)
    executions = models.PositiveIntegerField(default=0)
    unparseable = models.PositiveIntegerField(default=0)
    skipped_lines = models.PositiveIntegerField(default=0, help_text="Lines ingested before, skipped.")
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text="The first bad lines: [{line, message}].")
    message = models.TextField(blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.status})"


class IngestedLog(models.Model):
    """A watermark: the first `bytes_done` bytes of a log (by their hash) are already counted,
    so the same log ingested again, or the same log grown longer, counts nothing twice."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    prefix_sha256 = models.CharField(max_length=64)
    bytes_done = models.PositiveBigIntegerField()
    lines_done = models.PositiveBigIntegerField()
    ingested_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name}: {self.lines_done} lines"


class SavedQuery(models.Model):
    """A query someone wrote in the catalog for others to reuse: title, Markdown description and
    SQL against one source. The SQL is kept as written; `formatted_sql` is sqlglot's pretty print of
    it in the source's dialect (or the text as written when it does not parse)."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sql = models.TextField()
    formatted_sql = models.TextField(blank=True)
    parse_error = models.CharField(max_length=300, blank=True)
    default_schema = models.CharField(
        max_length=255, blank=True, help_text="Search path that resolves unqualified table names."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("save_queries", "Can write saved queries and edit or delete their own"),
            ("curate_saved_queries", "Can edit and delete anyone's saved queries"),
        ]

    def __str__(self):
        return self.title


class SavedQueryTable(models.Model):
    """A crawled table a saved query reads or writes, found by parsing its SQL."""

    saved_query = models.ForeignKey(SavedQuery, on_delete=models.CASCADE, related_name="tables")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="+")
    written = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_query", "table"], name="unique_saved_query_table")
        ]

    def __str__(self):
        return f"saved query {self.saved_query_id} uses table {self.table_id}"


class StatementStat(models.Model):
    """The watermark of a source's cumulative statement statistics (PostgreSQL pg_stat_statements,
    MySQL/MariaDB statement digests): the `calls` last seen per statement and user, so each crawl
    counts only the executions since the one before."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="+")
    statement = models.CharField(max_length=100, help_text="queryid, or digest and schema.")
    user_name = models.CharField(max_length=150)
    calls = models.PositiveBigIntegerField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "statement", "user_name"], name="unique_statement_stat")
        ]

    def __str__(self):
        return f"{self.statement} by {self.user_name}: {self.calls} calls"

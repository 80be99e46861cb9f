"""Lineage as stored rows: statements that were read, and the table and column edges they gave.

Graphs are built from these rows when a traversal needs them (lineage/graph.py), never stored.
"""

from django.conf import settings
from django.db import models

from catalog.models import Column, DataSource, Table


class Origin(models.TextChoices):
    VIEW = "view", "View definition"
    QUERY = "query", "Query history"
    UPLOAD = "upload", "Uploaded SQL"
    MANUAL = "manual", "Added by hand"
    OPENLINEAGE = "openlineage", "OpenLineage event"


class StatementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Statements of the sources `user` may see, and those tied to no source."""
        return self.filter(
            models.Q(source__isnull=True) | models.Q(source__in=DataSource.objects.visible_to(user))
        )


class LineageStatement(models.Model):
    """One SQL statement (or OpenLineage event) lineage was read from, and how well it went."""

    class Status(models.TextChoices):
        COMPLETE = "complete", "Complete"
        PARTIAL = "partial", "Partial"
        FAILED = "failed", "Failed"

    origin = models.CharField(max_length=20, choices=Origin.choices)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # For a view: the view whose definition this is.
    table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dialect = models.CharField(max_length=30, blank=True)
    sql = models.TextField()
    kind = models.CharField(max_length=30, blank=True)
    target_name = models.CharField(max_length=600, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reasons = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # Set when a steward has looked at a failed or partial statement and dealt with it.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "origin"])]
        permissions = [
            ("upload_sql", "Can add lineage from SQL they paste or upload"),
            ("ingest_openlineage", "Can post OpenLineage run events"),
            ("curate_lineage", "Can add and remove lineage by hand and clear the lineage queue"),
        ]

    def __str__(self):
        return f"{self.get_origin_display()} #{self.pk} ({self.status})"


class EdgeQuerySet(models.QuerySet):
    def touching_tables(self, table_ids):
        return self.filter(models.Q(source_table_id__in=table_ids) | models.Q(target_table_id__in=table_ids))


class TableLineageEdge(models.Model):
    """Data flows from one table to another. Either end may be a name the catalog does not hold."""

    statement = models.ForeignKey(
        LineageStatement, null=True, blank=True, on_delete=models.CASCADE, related_name="table_edges"
    )
    origin = models.CharField(max_length=20, choices=Origin.choices)
    source_table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source_name = models.CharField(max_length=600)
    target_table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_name = models.CharField(max_length=600)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EdgeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["source_table"]), models.Index(fields=["target_table"])]

    def __str__(self):
        return f"{self.source_name} → {self.target_name}"


class ColumnLineageEdge(models.Model):
    """A target column computed from a source column: copied as is, or transformed by an expression."""

    statement = models.ForeignKey(
        LineageStatement, null=True, blank=True, on_delete=models.CASCADE, related_name="column_edges"
    )
    origin = models.CharField(max_length=20, choices=Origin.choices)
    source_column = models.ForeignKey(
        Column, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_name = models.CharField(max_length=900)
    target_column = models.ForeignKey(
        Column, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_name = models.CharField(max_length=900)
    # Table ids of both ends, so table-level pages find column edges without joining columns.
    source_table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_table = models.ForeignKey(Table, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    transformed = models.BooleanField(default=False)
    expression = models.TextField(blank=True)
    # A column edge added by hand belongs to the table edge it was added with, and goes with it.
    table_edge = models.ForeignKey(
        TableLineageEdge, null=True, blank=True, on_delete=models.CASCADE, related_name="column_edges"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EdgeQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["source_column"]),
            models.Index(fields=["target_column"]),
            models.Index(fields=["source_table"]),
            models.Index(fields=["target_table"]),
        ]

    def __str__(self):
        return f"{self.source_name} → {self.target_name}"

from django.conf import settings
from django.db import models

from catalog.models.sources import DataSource


class CrawlRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Crawls of the sources `user` may see."""
        return self.filter(source__in=DataSource.objects.visible_to(user))

    def active(self):
        return self.filter(status__in=[CrawlRun.Status.QUEUED, CrawlRun.Status.RUNNING])


class CrawlRun(models.Model):
    """One crawl of a source: its status, progress, counts, warnings and error."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="crawl_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched as the crawl advances; a running crawl silent for too long died with its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    phase = models.CharField(max_length=100, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = CrawlRunQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            # The database itself refuses a second active crawl of the same source.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_crawl_per_source",
            )
        ]

    def __str__(self):
        return f"{self.source} crawl #{self.pk} ({self.status})"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

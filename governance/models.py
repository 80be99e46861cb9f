"""Governance records: what the catalog says about personal data in each column, and an
append-only audit of every governance decision."""

from django.conf import settings
from django.db import models

from catalog.models import Column
from governance.pii import KINDS

KIND_CHOICES = [(kind, kind.replace("_", " ")) for kind in KINDS]


class PiiClassification(models.Model):
    """The catalog's answer for one column: the detector's suggestion until a steward decides."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Not personal data"

    column = models.OneToOneField(Column, on_delete=models.CASCADE, related_name="pii")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    kind = models.CharField(max_length=30, choices=KIND_CHOICES, blank=True)
    detected_kind = models.CharField(max_length=30, choices=KIND_CHOICES, blank=True)
    confidence = models.FloatField(default=0.0)
    evidence = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="governance_pii_status")]
        permissions = [
            ("view_pii", "Can see the values of columns holding personal data"),
            ("review_pii", "Can accept, reject and change PII suggestions"),
        ]

    def __str__(self):
        return f"{self.column_id}: {self.kind or 'not PII'} ({self.status})"

    @property
    def is_pii(self) -> bool:
        return self.status != self.Status.REJECTED and bool(self.kind)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who changed what governance fact, when, with the value before and after. Never edited."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField(null=True)
    object_label = models.CharField(max_length=500, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        permissions = [("view_audit", "Can browse and export the governance audit log")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")

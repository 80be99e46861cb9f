from django.conf import settings
from django.db import models

from catalog.models import Table


class TableNote(models.Model):
    """A short note someone wrote on a table."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    mood = models.CharField(max_length=20, default="neutral")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        permissions = [("write_notes", "Can write notes on tables")]

    def __str__(self):
        return self.text

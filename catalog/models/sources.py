from django.conf import settings
from django.db import models
from django.utils.text import slugify

from catalog.connectors import engine_choices
from catalog.credentials import decrypt, encrypt


class DataSourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Every logged-in user reads every source today; per-source grants slot in here.
        return self if user.is_authenticated else self.none()


class DataSource(models.Model):
    """A database the catalog crawls: how to reach it, what to include, how to sample it."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    # The registered connectors (catalog/connectors/registry.py): a callable, so that a new engine
    # needs no migration.
    engine = models.CharField(max_length=20, choices=engine_choices)
    # The connection URL without its password: safe to show. The secret lives only encrypted.
    url = models.CharField(max_length=1000)
    password_encrypted = models.BinaryField(blank=True, default=b"", editable=False)
    include_schemas = models.JSONField(default=list, blank=True, help_text="Glob patterns; empty means all.")
    exclude_schemas = models.JSONField(default=list, blank=True)
    include_tables = models.JSONField(default=list, blank=True, help_text="Glob patterns on schema.table.")
    exclude_tables = models.JSONField(default=list, blank=True)
    sample_enabled = models.BooleanField(default=True)
    sample_rows = models.PositiveIntegerField(default=100)
    crawl_schedule = models.CharField(
        max_length=100,
        blank=True,
        help_text="Cron expression (minute hour day month weekday); empty: manual.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DataSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("manage_sources", "Can register sources, edit credentials and start crawls"),
            ("annotate_catalog", "Can edit titles and descriptions of sources, schemas, tables and columns"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "source"
        super().save(*args, **kwargs)

    @property
    def password(self) -> str | None:
        return decrypt(bytes(self.password_encrypted)) if self.password_encrypted else None

    def set_password(self, password: str | None) -> None:
        self.password_encrypted = encrypt(password) if password else b""

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)

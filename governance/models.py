"""Governance records: what the catalog says about personal data in each column, and an
append-only audit of every governance decision."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

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


# --- the human trust layer: endorsements, trust flags, tags, stewards ------------------------------
# Each attaches to any catalog asset by (asset_kind, asset_id), as conversations do: a source,
# schema, table or column, with no foreign key into the catalog's tables per kind.

ASSET_KINDS = [("source", "Source"), ("schema", "Schema"), ("table", "Table"), ("column", "Column")]
MAX_REASON = 1000


class Endorsement(models.Model):
    """One person vouches for an asset ("8 Endorsements"): at most one per person per asset."""

    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset_kind", "asset_id", "user"], name="one_endorsement_per_user"
            )
        ]
        indexes = [models.Index(fields=["asset_kind", "asset_id"], name="governance_endorse_asset")]
        permissions = [("endorse", "Can endorse assets (one endorsement per person per asset)")]

    def __str__(self):
        return f"{self.user_id} endorses {self.asset_kind} {self.asset_id}"


class TrustFlag(models.Model):
    """A steward's word on an asset: endorsed, warning (why) or deprecated (use what instead).
    One flag per asset: the flags contradict each other, so setting one replaces the other."""

    class Flag(models.TextChoices):
        ENDORSED = "endorsed", "Endorsed"
        WARNING = "warning", "Warning"
        DEPRECATED = "deprecated", "Deprecated"

    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()
    flag = models.CharField(max_length=20, choices=Flag.choices)
    reason = models.TextField(blank=True)
    # Deprecated: the asset to use instead, of the same kind.
    replacement_id = models.PositiveBigIntegerField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["asset_kind", "asset_id"], name="one_flag_per_asset")]
        permissions = [
            ("govern", "Can flag assets, apply governed tags and assign stewards on what they steward"),
            ("govern_all", "Governs every asset, stewarded by them or not"),
        ]

    def __str__(self):
        return f"{self.asset_kind} {self.asset_id}: {self.flag}"


class Tag(models.Model):
    """A label assets carry. Free tags anyone contributing creates; governed ones (a
    classification level, PII) exist from the start and only stewards apply them."""

    class Kind(models.TextChoices):
        FREE = "free", "Tag"
        CLASSIFICATION = "classification", "Classification"
        PII = "pii", "Personal data"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FREE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [("tag_assets", "Can add and remove free tags on any asset")]

    def __str__(self):
        return self.name

    @property
    def governed(self) -> bool:
        return self.kind != self.Kind.FREE


class TagAssignment(models.Model):
    """An asset carries a tag. (PII on columns is not stored here: PiiClassification is its
    source of truth, and the PII tag is read from it.)"""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="assignments")
    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "asset_kind", "asset_id"], name="one_tag_per_asset")
        ]
        indexes = [models.Index(fields=["asset_kind", "asset_id"], name="governance_tag_asset")]

    def __str__(self):
        return f"{self.tag_id} on {self.asset_kind} {self.asset_id}"


class Stewardship(models.Model):
    """A person, or a group of people, answers for an asset and, unless a lower level names its
    own, for what is below it (a source's stewards steward its schemas, tables and columns).
    Exactly one of `user` and `group` is set; a group's members govern like a named person."""

    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset_kind", "asset_id", "user"], name="one_stewardship_per_user"
            ),
            models.UniqueConstraint(
                fields=["asset_kind", "asset_id", "group"], name="one_stewardship_per_group"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
                name="steward_is_a_user_or_a_group",
            ),
        ]
        indexes = [models.Index(fields=["asset_kind", "asset_id"], name="governance_steward_asset")]

    def __str__(self):
        who = f"user {self.user_id}" if self.user_id else f"group {self.group_id}"
        return f"{who} stewards {self.asset_kind} {self.asset_id}"


# --- custom fields: facts admins define, stewards fill in ------------------------------------------

MAX_FIELD_VALUE = 1000


class CustomField(models.Model):
    """A fact admins want recorded on assets ("Data owner", "Retention period", "Review date"):
    its kind says what a value may be, `asset_kinds` which assets carry it."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        CHOICE = "choice", "Choice"
        USER = "user", "User"
        DATE = "date", "Date"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEXT)
    # Choice fields: the allowed values, in the order offered.
    choices = models.JSONField(default=list, blank=True)
    help_text = models.CharField(max_length=500, blank=True)
    # Which kinds of asset carry it: a subset of source, schema, table, column.
    asset_kinds = models.JSONField(default=list)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "name"]
        permissions = [("define_fields", "Can define, change and delete custom fields")]

    def __str__(self):
        return self.name


class CustomFieldValue(models.Model):
    """One asset's value of one custom field, stored as text (a date in ISO form, a user by
    username with `user` set so the person shows by name and a deleted account clears it)."""

    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="values")
    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()
    value = models.CharField(max_length=MAX_FIELD_VALUE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["field", "asset_kind", "asset_id"], name="one_value_per_field")
        ]
        indexes = [
            models.Index(fields=["asset_kind", "asset_id"], name="governance_fieldvalue_asset"),
            models.Index(fields=["field", "value"], name="governance_fieldvalue_value"),
        ]

    def __str__(self):
        return f"{self.field_id} of {self.asset_kind} {self.asset_id}: {self.value}"


# --- the business glossary ------------------------------------------------------------------------
# A term says what a word of the business means, once, and points at the tables and columns that
# hold it. Terms are read by everyone signed in; the assets they link are shown through the
# catalog's visibility helpers, so a term never reveals an asset its reader may not see.

MAX_TERM_NAME = 120
MAX_DEFINITION = 100_000  # the bound of catalog descriptions (catalog.services.annotations)
MAX_SYNONYMS = 20
MAX_SYNONYM = 120
MAX_TERM_STEWARDS = 20
MAX_TERM_LINKS = 200
LINK_KINDS = [("table", "Table"), ("column", "Column")]


class GlossaryTermQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Terms are shared vocabulary: everyone signed in reads them."""
        return self if user is not None and user.is_authenticated else self.none()


class GlossaryTerm(models.Model):
    """A business term ("Discharge"): its Markdown definition, synonyms, the people who answer
    for it and (through GlossaryLink) the tables and columns that hold it. Names are unique
    whatever their case."""

    name = models.CharField(max_length=MAX_TERM_NAME)
    definition = models.TextField(blank=True, help_text="Markdown; rendered sanitised.")
    synonyms = models.JSONField(default=list, blank=True)
    stewards = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="glossary_term_name_ci")]

    def __str__(self):
        return self.name

    @property
    def letter(self) -> str:
        first = self.name[:1].upper()
        return first if first.isalpha() else "#"


class GlossaryLink(models.Model):
    """A table or column holds what a term means: the term shows on its page, and it is found
    by the term's name and synonyms."""

    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="links")
    asset_kind = models.CharField(max_length=20, choices=LINK_KINDS)
    asset_id = models.PositiveBigIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "asset_kind", "asset_id"], name="one_glossary_link_per_asset"
            )
        ]
        indexes = [models.Index(fields=["asset_kind", "asset_id"], name="governance_glossary_asset")]

    def __str__(self):
        return f"term {self.term_id} on {self.asset_kind} {self.asset_id}"

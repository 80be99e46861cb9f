"""The search index: one row per findable asset, whatever app owns the asset.

Rows are written only by `catalog.search.indexing` from registered document builders. The text
columns hold pre-tokenised words (snake_case, camelCase and dotted names split, diacritics folded)
so that the PostgreSQL and SQLite backends index exactly the same words. The full-text structures
themselves are vendor-specific and created by migration 0003: a generated, weighted `tsvector`
column with a GIN index (PostgreSQL), or FTS5 tables kept in step by triggers (SQLite).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q

from catalog.models.sources import DataSource


class SearchDocument(models.Model):
    """What search knows about one asset: its names, weighted text, facets and ranking signals."""

    # Neither foreign key has an index of its own: unique_search_document and search_doc_source_ct
    # lead with them, and every index is one more structure each of 200,000 inserts maintains.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField()
    # Fine-grained kind (table, view, column, query…) and the tab it is counted under (data, queries…).
    asset_type = models.CharField(max_length=40)
    category = models.CharField(max_length=40)
    source = models.ForeignKey(
        DataSource, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    schema_name = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=500)
    title = models.CharField(max_length=300, blank=True)
    qualified_name = models.CharField(max_length=1000, blank=True)
    url = models.CharField(max_length=500)
    # Lower-cased keys that exact matches compare against: the name, schema.table[.column],
    # source-slug/schema.table, and the name's words joined by spaces ("summ top drg"). Compared
    # for equality only: plain indexes in Meta (db_index would add a LIKE index on PostgreSQL).
    name_key = models.CharField(max_length=500)
    qualified_key = models.CharField(max_length=1000, blank=True)
    full_key = models.CharField(max_length=1000, blank=True)
    words_key = models.CharField(max_length=500, blank=True)
    # Weighted text, most important first: A names, B titles, C column names/tags/terms, D the rest.
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    text_d = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="Plain text that result snippets are cut from.")
    # Values of the facets apps register, for display ({key: [values]}); SearchFacet rows hold the
    # same values for filtering and counting.
    facets = models.JSONField(default=dict, blank=True)
    # Values of the ranking signals apps register ({key: value}), read by catalog.search.ranking.
    signals = models.JSONField(default=dict, blank=True)
    removed = models.BooleanField(default=False)
    # Type weight x the signals' factors, precomputed by catalog.search.ranking.static_boost.
    boost = models.FloatField(default=1.0)
    content_hash = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_search_document")
        ]
        indexes = [
            models.Index(fields=["source", "content_type"], name="search_doc_source_ct"),
            models.Index(fields=["category", "asset_type"], name="search_doc_type"),
            models.Index(fields=["name_key"], name="search_doc_name_key"),
            models.Index(fields=["qualified_key"], name="search_doc_qualified_key"),
            models.Index(fields=["full_key"], name="search_doc_full_key"),
            # Autocomplete reads the few best columns of each name it suggests (catalog.search.names):
            # in this index's order, it stops after them instead of ranking every column of the name.
            models.Index(
                F("name"),
                F("boost").desc(),
                F("id"),
                condition=Q(asset_type="column"),
                name="search_doc_column_name",
            ),
            # The exact-name tier of autocomplete for assets other than columns: without these, the
            # thousands of columns sharing a common name would be read only to be filtered out.
            models.Index(
                fields=["name_key"], condition=~Q(asset_type="column"), name="search_doc_asset_name"
            ),
            models.Index(
                fields=["words_key"], condition=~Q(asset_type="column"), name="search_doc_asset_words"
            ),
        ]

    def __str__(self):
        return f"{self.asset_type} {self.qualified_name or self.name}"


class SearchFacet(models.Model):
    """One value of a multi-valued facet of a search document."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facet_values")
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "value"], name="search_facet_value")]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """A word of the index with its stem: the vocabulary that stemming and typo tolerance look
    variants up in (catalog.search.vocabulary). Learnt as documents are written; pruned only by
    rebuild_search_index, so a word whose documents are gone merely matches nothing."""

    word = models.CharField(max_length=40, unique=True)
    stem = models.CharField(max_length=40)

    def __str__(self):
        return self.word


class SearchTermKey(models.Model):
    """One lookup key of a term: the word or its stem with up to two letters deleted. A query word
    and a word of the index within a small edit distance share a key (symmetric delete)."""

    key = models.CharField(max_length=40)
    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "term"], name="unique_search_term_key")]

    def __str__(self):
        return f"{self.key} -> {self.term_id}"


class SearchName(models.Model):
    """One word of one distinct column name of the index, for autocomplete: the few names a
    prefix matches are found by a range scan over `word`, instead of reading each of the thousands
    of column documents that share them (catalog.search.names). Kept by search indexing in the
    same transaction as the documents: a name is added when a column document carries it and
    dropped when none does any more. Names carry no visibility of their own: autocomplete reads
    the columns of a name through the same visibility gate as every search."""

    word = models.CharField(max_length=255)
    name = models.CharField(max_length=500)
    words = models.TextField(help_text="The name's indexed words (the documents' text_a).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["word", "name"], name="unique_search_name_word")]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs the pattern operator class whatever the collation
            # (SQLite ignores it, and compares a range of the binary-collated unique index instead).
            models.Index(fields=["word"], opclasses=["varchar_pattern_ops"], name="search_name_prefix"),
            models.Index(fields=["name"], name="search_name_name"),
        ]

    def __str__(self):
        return f"{self.word}: {self.name}"

"""Conversations about assets: threaded posts with likes, edits kept as revisions, deletions that
keep their place, an accepted answer; and the notifications they cause."""

from django.conf import settings
from django.db import models

ASSET_KINDS = [("source", "Source"), ("schema", "Schema"), ("table", "Table"), ("column", "Column")]
# Conversations may also be about an article.
CONVERSATION_KINDS = [*ASSET_KINDS, ("article", "Article")]
MAX_BODY = 20_000


class Conversation(models.Model):
    asset_kind = models.CharField(max_length=20, choices=CONVERSATION_KINDS)
    asset_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answer = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["asset_kind", "asset_id", "-last_activity_at"], name="discussion_asset")
        ]
        permissions = [
            ("take_part", "Can start conversations, reply and like"),
            ("moderate", "Can delete any post and mark answers in any conversation"),
        ]

    def __str__(self):
        return self.title


class Post(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"post {self.pk} in {self.conversation_id}"


class PostRevision(models.Model):
    """The text a post had before an edit: nothing said is lost."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"revision of post {self.post_id}"


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_user")]

    def __str__(self):
        return f"{self.user_id} likes {self.post_id}"


class Notification(models.Model):
    """An entry of someone's inbox: about a post, an article, or an asset's description."""

    class Kind(models.TextChoices):
        MENTION = "mention", "mentioned you"
        REPLY = "reply", "replied in a conversation you follow"
        CONVERSATION = "conversation", "started a conversation on something you follow"
        DESCRIPTION = "description", "changed the description of something you follow"
        ARTICLE = "article", "edited an article you follow"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    asset_kind = models.CharField(max_length=20, blank=True, default="")
    asset_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when an email run claims it (CATALOG_NOTIFY_EMAIL): a redelivered or concurrent task run
    # finds it claimed and sends nothing, so nobody gets the same mention twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="discussion_inbox")]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.post_id or self.article_id or self.asset_id}"


FOLLOW_KINDS = [*CONVERSATION_KINDS, ("conversation", "Conversation")]


class Follow(models.Model):
    """Someone follows a conversation, an article or an asset: its news reach their inbox."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target_kind = models.CharField(max_length=20, choices=FOLLOW_KINDS)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "target_kind", "target_id"], name="one_follow_per_target")
        ]
        indexes = [models.Index(fields=["target_kind", "target_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user_id} follows {self.target_kind} {self.target_id}"


MAX_ARTICLE_BODY = 100_000


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Articles are documentation for everyone signed in; the assets they link are filtered
        by the assets' own visibility where they are shown."""
        return self if user is not None and user.is_authenticated else self.none()

    def live(self):
        """Not deleted: what lists, search and asset pages show (a deleted article's own page
        still says that it was)."""
        return self.filter(deleted_at__isnull=True)


class Article(models.Model):
    """A long-form Markdown document about some assets; every saved version is an ArticleRevision."""

    title = models.CharField(max_length=200)
    body = models.TextField()
    tags = models.CharField(max_length=200, blank=True, default="")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Deleted articles are kept, with their revisions, for history: gone from lists and search.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("write_articles", "Can write articles and edit the ones they author")]

    def __str__(self):
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class ArticleAsset(models.Model):
    """An asset an article is about: it shows the article in its "Articles" panel."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assets")
    asset_kind = models.CharField(max_length=20, choices=ASSET_KINDS)
    asset_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "asset_kind", "asset_id"], name="one_link_per_asset")
        ]
        indexes = [models.Index(fields=["asset_kind", "asset_id"], name="article_asset")]

    def __str__(self):
        return f"article {self.article_id} about {self.asset_kind} {self.asset_id}"


class ArticleRevision(models.Model):
    """One saved version of an article (the first included): who wrote it, when, its full text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="one_revision_number")]

    def __str__(self):
        return f"revision {self.number} of article {self.article_id}"

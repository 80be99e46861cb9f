"""The Django admin site: a read-only view of sources and crawls, and user management that no
one can use to give themselves more than they have.

Sources change only through the catalog's own source pages, API and commands, which all go
through catalog.services.sources.source_save: it validates the URL against the allowlist and
never sends a stored password to a host it was not typed for. The admin site therefore shows
sources but does not add, change or delete them.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html

from catalog.models import CrawlRun, DataSource


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataSource)
class DataSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "engine", "url", "crawl_schedule", "edit_in_catalog"]
    # The encrypted password is never shown.
    exclude = ["password_encrypted"]

    @admin.display(description="Change")
    def edit_in_catalog(self, source):
        return format_html('<a href="{}">edit in the catalog</a>', reverse("source-edit", args=[source.slug]))


@admin.register(CrawlRun)
class CrawlRunAdmin(ReadOnlyAdmin):
    list_display = ["source", "status", "queued_at", "finished_at", "progress"]
    list_filter = ["status"]


User = get_user_model()
# Fields that grant power outside the catalog's roles: only a superuser changes them.
SUPERUSER_FIELDS = ("is_superuser", "user_permissions")


class CatalogUserAdmin(UserAdmin):
    """Admins (the catalog role) manage accounts and their roles (groups); they cannot make anyone
    a superuser or hand out individual permissions, themselves included."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in SUPERUSER_FIELDS if f not in fields]
            if obj is not None and obj.is_superuser:
                fields += ["username", "password", "is_staff", "is_active", "groups", "email"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # an Admin cannot take over a superuser's account
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_superuser = bool(change and User.objects.filter(pk=obj.pk, is_superuser=True).exists())
        super().save_model(request, obj, form, change)


admin.site.unregister(User)
admin.site.register(User, CatalogUserAdmin)

from django.contrib import admin

from catalog.models import CrawlRun, DataSource


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "engine", "url", "crawl_schedule"]
    # The encrypted password is never shown; change it through the source form or API.
    exclude = ["password_encrypted"]


@admin.register(CrawlRun)
class CrawlRunAdmin(admin.ModelAdmin):
    list_display = ["source", "status", "queued_at", "finished_at", "progress"]
    list_filter = ["status"]

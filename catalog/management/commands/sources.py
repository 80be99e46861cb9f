from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from catalog.models import CrawlRun, DataSource


class Command(BaseCommand):
    help = "List the registered sources and their last crawl."

    def handle(self, *args, **options):
        sources = DataSource.objects.prefetch_related(
            Prefetch("crawl_runs", queryset=CrawlRun.objects.order_by("-queued_at"), to_attr="runs")
        )
        rows = [("NAME", "ENGINE", "URL", "LAST CRAWL", "STATUS")]
        for source in sources:
            last = source.runs[0] if source.runs else None
            when = last.queued_at.strftime("%Y-%m-%d %H:%M") if last else "never"
            rows.append((source.name, source.engine, source.url, when, last.status if last else "-"))
        widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
        for row in rows:
            self.stdout.write(
                "  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True))
            )

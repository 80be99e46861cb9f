from django.core.management.base import BaseCommand, CommandError

from catalog.models import CrawlRun, DataSource
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source


class Command(BaseCommand):
    help = "Crawl a source: queue it for the workers, or with --wait run it here and print progress."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--wait", action="store_true", help="Run in the foreground; exit 1 if it fails.")

    def handle(self, *args, name, wait, **options):
        source = DataSource.objects.filter(name=name).first() or DataSource.objects.filter(slug=name).first()
        if source is None:
            raise CommandError(f"No source named {name!r}. `manage.py sources` lists them.")
        if not wait:
            run, created = crawl_request(source=source, user=SYSTEM)
            state = "Queued" if created else "Already active:"
            self.stdout.write(f"{state} crawl #{run.pk} of {source.name} ({run.status}).")
            return
        run, created = crawl_request(source=source, user=SYSTEM, enqueue=False)
        if not created:
            raise CommandError(f"{source.name} is already being crawled (run #{run.pk}, {run.status}).")
        last = [-1]

        interactive = self.stdout.isatty()

        def show(current):
            if current.progress == last[0] and current.is_active:
                return
            last[0] = current.progress
            bar = "#" * (current.progress // 5)
            line = f"[{bar:<20}] {current.progress:3d}% {current.phase}"
            # A terminal gets one redrawn line; a log file gets one line per step.
            self.stdout.write(f"\r{line:<70}" if interactive else line, ending="" if interactive else "\n")
            self.stdout.flush()

        run = crawl_source(run_id=run.pk, on_progress=show)
        if interactive:
            self.stdout.write("")
        if run.status != CrawlRun.Status.SUCCEEDED:
            raise CommandError(f"Crawl #{run.pk} of {source.name} failed: {run.error}")
        counts = ", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in sorted(run.counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Crawl #{run.pk} of {source.name} succeeded. {counts}"))
        for warning in run.warnings:
            self.stdout.write(
                self.style.WARNING(f"warning: {warning['message']} {warning.get('object', '')}")
            )

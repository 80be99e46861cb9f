from django.core.management.base import BaseCommand, CommandError

from catalog.models import DataSource
from catalog.permissions import SYSTEM
from catalog.services.sources import SourceError, source_save


class Command(BaseCommand):
    help = "Register a source from a SQLAlchemy-style URL, or update the one with that name."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "url", help="postgresql://user@host:5432/db, mysql://user@host/db, sqlite:///path"
        )
        parser.add_argument(
            "--password", help="Prefer the SOURCE_PASSWORD environment variable: argv is visible."
        )
        parser.add_argument("--include", action="append", default=[], metavar="SCHEMA_PATTERN")
        parser.add_argument("--exclude", action="append", default=[], metavar="SCHEMA_PATTERN")
        parser.add_argument("--no-samples", action="store_true")
        parser.add_argument("--sample-rows", type=int, default=None)
        parser.add_argument("--schedule", default=None, help='Cron expression, e.g. "0 3 * * *".')

    def handle(
        self, *args, name, url, password, include, exclude, no_samples, sample_rows, schedule, **options
    ):
        import os

        password = password or os.environ.get("SOURCE_PASSWORD")
        existing = DataSource.objects.filter(name=name).first()
        settings = {"include_schemas": include, "exclude_schemas": exclude, "sample_enabled": not no_samples}
        if sample_rows is not None:
            settings["sample_rows"] = sample_rows
        if schedule is not None:
            settings["crawl_schedule"] = schedule
        try:
            source = source_save(
                source=existing, name=name, url=url, password=password, user=SYSTEM, **settings
            )
        except SourceError as exc:
            raise CommandError(exc.message) from None
        verb = "Updated" if existing else "Registered"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} source {source.name!r} ({source.get_engine_display()}).")
        )

"""manage.py ingest_queries SOURCE FILE [--format jsonl|csv]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.models import DataSource
from catalog.permissions import SYSTEM
from usage.services.ingest import IngestError, ingest_log


class Command(BaseCommand):
    help = "Count a query log (JSON Lines or CSV) into a source's usage: Queries, Joins, Filters, Top users."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The source's name or slug.")
        parser.add_argument("file", help="The log: .jsonl/.json (JSON Lines) or .csv.")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Default: from the file's extension.")

    def handle(self, *args, source, file, format=None, **options):
        found = (
            DataSource.objects.filter(slug=source).first() or DataSource.objects.filter(name=source).first()
        )
        if found is None:
            raise CommandError(f"No source named {source!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        fmt = format or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
        try:
            with path.open("rb") as stream:
                run = ingest_log(source=found, stream=stream, fmt=fmt, user=SYSTEM, name=path.name)
        except IngestError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(run.message)
        for error in run.errors[:20]:
            self.stderr.write(f"line {error['line']}: {error['message']}")
        if run.error_count > 20:
            self.stderr.write(f"… and {run.error_count - 20:,} more lines that could not be read.")

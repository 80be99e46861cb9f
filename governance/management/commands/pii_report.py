"""manage.py pii_report SOURCE --format json"""

import json

from django.core.management.base import BaseCommand, CommandError

from catalog.models import DataSource
from governance.selectors import pii_report


class Command(BaseCommand):
    help = "Print each column of a source with the catalog's answer: personal data or not, and its kind."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The source's name or slug.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, source, format, **options):
        found = (
            DataSource.objects.filter(slug=source).first() or DataSource.objects.filter(name=source).first()
        )
        if found is None:
            raise CommandError(f"No source named {source!r}.")
        rows = pii_report(found)
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=1))
            return
        for row in rows:
            if row["pii"]:
                self.stdout.write(f"{row['schema']}.{row['table']}.{row['column']}: {row['kind']}")

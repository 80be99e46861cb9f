"""manage.py usage_report SOURCE --format json"""

import json

from django.core.management.base import BaseCommand, CommandError

from catalog.models import DataSource
from usage.selectors import usage_report


class Command(BaseCommand):
    help = "Print a source's usage: executions, users, joins, filters and columns per table."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The source's name or slug.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, source, format, **options):
        found = (
            DataSource.objects.filter(slug=source).first() or DataSource.objects.filter(name=source).first()
        )
        if found is None:
            raise CommandError(f"No source named {source!r}.")
        report = usage_report(found)
        if format == "json":
            self.stdout.write(json.dumps(report, indent=1))
            return
        self.stdout.write(f"Unparseable executions: {report['unparseable_executions']:,}")
        for name, table in report["tables"].items():
            self.stdout.write(
                f"{name}: {table['executions']:,} executions by {table['distinct_users']} users"
            )

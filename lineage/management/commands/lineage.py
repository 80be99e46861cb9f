"""``manage.py lineage FILE --dialect D``: print the lineage of the SQL statements in FILE.

Needs no database: it only parses SQL.
"""

from django.core.management.base import BaseCommand, CommandError

from lineage.extraction.cli import CliError, run


class Command(BaseCommand):
    help = (
        "Extract table- and column-level lineage from a SQL file ('-' for stdin). "
        "Does not touch the database."
    )
    requires_system_checks = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="SQL file, or - for stdin")
        parser.add_argument("--dialect", required=True, help="sqlglot dialect name, e.g. postgres, snowflake")
        parser.add_argument("--default-schema", default=None, help="schema for unqualified table names")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, **options):
        try:
            output = run(
                options["file"],
                options["dialect"],
                default_schema=options["default_schema"],
                fmt=options["format"],
                stdin=options.get("stdin"),
            )
        except CliError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(output)

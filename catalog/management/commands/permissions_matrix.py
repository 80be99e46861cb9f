import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from catalog.roles import permission_matrix_markdown

BLOCK = re.compile(r"(<!-- permissions-matrix:.*?-->\n)(.*?)(<!-- end permissions-matrix -->)", re.S)


class Command(BaseCommand):
    help = "Print the role × permission table (Markdown) the installed apps define; --write puts it in docs."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Replace the table in docs/permissions.md.")

    def handle(self, *args, write=False, **options):
        table = permission_matrix_markdown()
        if not write:
            self.stdout.write(table, ending="")
            return
        doc = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        doc.write_text(BLOCK.sub(lambda m: m.group(1) + table + m.group(3), doc.read_text()))
        self.stdout.write(f"Updated {doc}")

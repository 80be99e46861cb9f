from django.core.management.base import BaseCommand

from catalog.roles import permission_matrix_markdown


class Command(BaseCommand):
    help = "Print the role × permission table (Markdown), as the installed apps define it."

    def handle(self, *args, **options):
        self.stdout.write(permission_matrix_markdown(), ending="")

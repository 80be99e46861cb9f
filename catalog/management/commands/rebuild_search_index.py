from django.core.management.base import BaseCommand

from catalog.search import rebuild_index
from catalog.search.indexing import count_indexable


class Command(BaseCommand):
    help = (
        "Rebuild the search index from everything in the catalog. Only on demand: crawls and edits keep "
        "the index current by themselves."
    )

    def handle(self, *args, **options):
        total = max(1, count_indexable())
        done = [0]
        interactive = self.stdout.isatty()
        last = [-1]

        def progress(n):
            done[0] += n
            percent = min(100, done[0] * 100 // total)
            if percent == last[0]:
                return
            last[0] = percent
            bar = "#" * (percent // 5)
            line = f"[{bar:<20}] {percent:3d}% {done[0]:,}/{total:,} objects"
            # A terminal gets one redrawn line; a log file a line per 10%.
            if interactive:
                self.stdout.write(f"\r{line}", ending="")
                self.stdout.flush()
            elif percent % 10 == 0:
                self.stdout.write(line)

        written = rebuild_index(progress=progress)
        if interactive:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {done[0]:,} objects, {written:,} rows written.")
        )

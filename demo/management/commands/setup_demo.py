"""Prepare the embedded demo: one user per role, the demo source, and its first crawl.

Running it again reuses what exists: users, the built source files and a successful crawl.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from catalog.models import Column, CrawlRun, DataSource, Schema, Table
from catalog.permissions import SYSTEM
from catalog.roles import ADMIN, ROLES, sync_roles
from catalog.search import index_source
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save

DEMO_USERS = {role: (role.lower(), f"{role.lower()}-demo") for role in ROLES}
DEMO_SOURCE = "Demo Analytics"


class Command(BaseCommand):
    help = "Create demo users (one per role), build and register the demo source, and crawl it."

    def handle(self, *args, **options):
        sync_roles()
        self._users()
        source = self._source()
        if not source.crawl_runs.filter(status=CrawlRun.Status.SUCCEEDED).exists():
            run, _ = crawl_request(source=source, user=SYSTEM, enqueue=False)
            run = crawl_source(run_id=run.pk)
            if run.status != CrawlRun.Status.SUCCEEDED:
                raise CommandError(f"The demo crawl failed: {run.error}")
            self._describe(source)
            self.stdout.write(f"Crawled {source.name}: {run.counts.get('tables_seen', 0)} tables and views.")
        self._seed(source)
        self.stdout.write("Demo users (username / password):")
        for role, (username, password) in DEMO_USERS.items():
            self.stdout.write(f"  {role:<12} {username} / {password}")

    def _seed(self, source: DataSource) -> None:
        """What the feature apps show on the demo: each seed is idempotent."""
        from demo.discussions_seed import seed_article, seed_conversations
        from demo.governance_seed import seed_custom_fields, seed_glossary, seed_governance
        from demo.usage_seed import ingest_demo_log, seed_saved_queries

        directory = Path(settings.SOURCE_SQLITE_DIRS[0]) / "demo"
        self.stdout.write(f"Query history: {ingest_demo_log(source, directory)}")
        self.stdout.write(f"Saved queries: {seed_saved_queries(source)}")
        self.stdout.write(f"Conversations: {seed_conversations(source)}")
        self.stdout.write(f"Articles: {seed_article(source)}")
        self.stdout.write(f"Governance: {seed_governance(source)}")
        self.stdout.write(f"Custom fields: {seed_custom_fields(source)}")
        self.stdout.write(f"Glossary: {seed_glossary(source)}")

    def _users(self):
        users = get_user_model()
        for role, (username, password) in DEMO_USERS.items():
            user, created = users.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.first_name = role
                user.is_staff = role == ADMIN  # the admin site, as the Admin role; not a superuser
                user.save()
            user.groups.add(Group.objects.get(name=role))

    def _source(self) -> DataSource:
        import demo

        directory = Path(settings.SOURCE_SQLITE_DIRS[0]) / "demo"
        if not all((directory / f"{schema}.sqlite").exists() for schema in demo.SCHEMAS):
            demo.build_all(directory)
            self.stdout.write(f"Built the demo source in {directory}")
        source = DataSource.objects.filter(name=DEMO_SOURCE).first()
        if source is None:
            source = source_save(
                user=SYSTEM,
                name=DEMO_SOURCE,
                url=f"sqlite:///{directory.resolve()}",
                description="Demo source: hospital payments, provider registry, education and banking data.",
                crawl_schedule="0 3 * * *",
            )
        return source

    def _describe(self, source: DataSource) -> None:
        """SQLite keeps no comments: give the demo tables and columns their curated descriptions."""
        import demo

        schemas = list(Schema.objects.filter(source=source, description=""))
        for schema in schemas:
            schema.description = demo.DESCRIPTIONS.get(schema.name, "")
        Schema.objects.bulk_update(schemas, ["description"])
        tables = list(Table.objects.filter(source=source, description="").select_related("schema"))
        for table in tables:
            table.description = demo.DESCRIPTIONS.get(table.qualified_name, "")
        Table.objects.bulk_update(tables, ["description"])
        columns = list(
            Column.objects.filter(table__source=source, description="").select_related("table__schema")
        )
        for column in columns:
            column.description = demo.DESCRIPTIONS.get(f"{column.table.qualified_name}.{column.name}", "")
        Column.objects.bulk_update(columns, ["description"], batch_size=500)
        index_source(source)  # the descriptions are searchable too

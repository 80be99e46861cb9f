"""Factories for the catalog's models: tests build exactly the objects they need."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Column, CrawlRun, DataSource, Schema, Table
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSource

    name = factory.Sequence(lambda n: f"Source {n}")
    engine = "postgresql"
    url = factory.Sequence(lambda n: f"postgresql://reader@127.0.0.1:5432/db{n}")


class SchemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schema

    source = factory.SubFactory(DataSourceFactory)
    name = factory.Sequence(lambda n: f"schema{n}")


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    schema = factory.SubFactory(SchemaFactory)
    source = factory.SelfAttribute("schema.source")
    name = factory.Sequence(lambda n: f"table{n}")


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column

    table = factory.SubFactory(TableFactory)
    name = factory.Sequence(lambda n: f"column{n}")
    position = factory.Sequence(lambda n: n + 1)
    data_type = "integer"


class CrawlRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrawlRun

    source = factory.SubFactory(DataSourceFactory)


class ConstraintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Constraint"

    table = factory.SubFactory(TableFactory)
    kind = "primary"
    name = factory.Sequence(lambda n: f"constraint{n}")
    columns = factory.LazyFunction(lambda: ["id"])


class ColumnProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.ColumnProfile"

    column = factory.SubFactory(ColumnFactory)
    null_fraction = 0.0
    distinct_count = 10


class TableSampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.TableSample"

    table = factory.SubFactory(TableFactory)
    columns = factory.LazyFunction(lambda: ["id", "name"])
    rows = factory.LazyFunction(lambda: [[1, "Ada"], [2, "Grace"]])


class TableChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.TableChange"

    table = factory.SubFactory(TableFactory)
    kind = "column_added"
    column_name = factory.Sequence(lambda n: f"column{n}")


def crawl_once(source, *, must_succeed: bool = True) -> CrawlRun:
    """Crawl a source in this process, as the system would on a schedule; by default the crawl
    must succeed (a test of failures passes must_succeed=False and looks at the run itself)."""
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    run = crawl_source(run_id=run.pk)
    if must_succeed:
        assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    return run

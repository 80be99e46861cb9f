"""The benchmark's source generator: deterministic, and a small generated source crawls completely."""

import secrets

import pytest

from bench import large_source
from catalog.models import Column, Constraint, Table, TableChange, TableSample
from catalog.permissions import SYSTEM
from catalog.services.sources import source_save
from tests.factories import crawl_once

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SPEC = large_source.Spec(schemas=3, tables_per_schema=10, rows=5)


@pytest.fixture
def generated_source():
    name = f"catalog_src_bench_{secrets.token_hex(4)}"
    large_source.create_database(PG_ADMIN, name)
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    large_source.build(url, SPEC)
    yield url
    large_source.drop_database(PG_ADMIN, name)


def test_the_generator_is_deterministic():
    assert large_source.schema_ddl(SPEC, 2) == large_source.schema_ddl(SPEC, 2)
    assert large_source.table_rows(SPEC, 1, 7) == large_source.table_rows(SPEC, 1, 7)
    assert large_source.table_rows(SPEC, 1, 7) != large_source.table_rows(SPEC, 1, 8)
    assert len(large_source.table_rows(SPEC, 0, 0).splitlines()) == SPEC.rows


def test_ten_thousand_tables_make_the_issues_source():
    spec = large_source.Spec.for_tables(10_000)
    expected = spec.expected()
    assert (spec.schemas, spec.tables_per_schema) == (50, 200)
    assert (expected["tables"], expected["relations"], expected["columns"]) == (10_000, 10_500, 204_000)


@pytest.mark.django_db
def test_a_small_generated_source_crawls_completely(generated_source):
    expected = SPEC.expected()
    assert (expected["tables"], expected["views"], expected["foreign_keys"]) == (30, 3, 27)
    source = source_save(user=SYSTEM, name="Generated", url=generated_source)

    run = crawl_once(source)

    tables = Table.objects.filter(source=source)
    assert tables.filter(kind=Table.Kind.TABLE).count() == expected["tables"]
    assert tables.filter(kind=Table.Kind.VIEW).count() == expected["views"]
    assert tables.exclude(comment="").count() == expected["table_comments"]
    columns = Column.objects.filter(table__source=source)
    assert columns.count() == expected["columns"] == run.counts["columns_added"]
    assert columns.exclude(comment="").count() == expected["column_comments"]
    assert columns.filter(is_primary_key=True).count() == expected["primary_keys"]
    constraints = Constraint.objects.filter(table__source=source)
    assert constraints.filter(kind=Constraint.Kind.PRIMARY).count() == expected["primary_keys"]
    foreign = constraints.filter(kind=Constraint.Kind.FOREIGN)
    assert foreign.count() == expected["foreign_keys"]
    assert not foreign.filter(ref_table__isnull=True).exists()
    fk = foreign.select_related("table", "ref_table").get(table__schema__name="s001", table__name="t00004")
    assert (fk.columns, fk.ref_table.name, fk.ref_columns) == (["parent_id"], "t00003", ["id"])
    view = tables.get(schema__name="s002", name="v00000")
    assert "t00000" in view.definition
    assert [c.name for c in view.columns.order_by("position")] == large_source.column_names()[:8]
    samples = TableSample.objects.filter(table__source=source)
    assert samples.count() == expected["relations"]
    assert all(len(sample.rows) == SPEC.rows for sample in samples)
    assert Column.objects.filter(table__source=source, profile__isnull=False).count() == expected["columns"]

    # Nothing changed: the re-crawl adds, removes and records nothing.
    changes = TableChange.objects.count()
    again = crawl_once(source)
    assert again.counts.get("tables_added", 0) == again.counts.get("columns_added", 0) == 0
    assert again.counts.get("tables_updated", 0) == 0
    assert TableChange.objects.count() == changes
    assert Column.objects.filter(table__source=source).count() == expected["columns"]

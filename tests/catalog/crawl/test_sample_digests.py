"""A re-crawl skips profiling a table whose rows it read are those its stored profiles were made
from (TableSample.digest); every change to those rows, or to the columns, is still seen."""

import psycopg
import pytest

import catalog.services.crawl as crawl_module
from catalog.connectors import SampleRecord
from catalog.connectors.profiling import sample_digest
from catalog.models import ColumnProfile, Table, TableSample
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db

ROWS = 1000


def _profile(source, column, table="visits"):
    return ColumnProfile.objects.get(
        column__table__source=source, column__table__name=table, column__name=column
    )


@pytest.fixture
def visits(sqlite_source, register):
    # 1,000 rows read whole (exact profiles); the stored sample is 100 of them, every tenth.
    values = ", ".join(f"({i}, {1 + (i - 1) * 7 // ROWS}, 'note {i % 3}')" for i in range(1, ROWS + 1))
    create = "CREATE TABLE visits (id INTEGER PRIMARY KEY, drg INTEGER, note TEXT)"
    sqlite_source.execute("clinic", create, f"INSERT INTO visits VALUES {values}")
    return register("Clinic", sqlite_source.url)


@pytest.fixture
def profiled(monkeypatch):
    """The tables the crawl profiles in Python, by name."""
    tables = []
    profile_sample = crawl_module.profile_sample

    def counting(sample, *args, **kwargs):
        tables.append(sample.table)
        return profile_sample(sample, *args, **kwargs)

    monkeypatch.setattr(crawl_module, "profile_sample", counting)
    return tables


def test_an_unchanged_table_is_not_profiled_again_and_keeps_its_profiles(visits, profiled):
    first = crawl_once(visits)
    stored = list(ColumnProfile.objects.values_list().order_by("pk"))
    assert profiled == ["visits"]
    assert TableSample.objects.get(table__name="visits").digest

    again = crawl_once(visits)

    assert profiled == ["visits"]  # not a second time
    assert list(ColumnProfile.objects.values_list().order_by("pk")) == stored
    assert again.counts["columns_profiled"] == first.counts["columns_profiled"] == 3
    assert again.counts["profiles_written"] == again.counts["samples_written"] == 0


def test_a_value_outside_the_sample_still_changes_the_exact_profile(visits, sqlite_source, profiled):
    crawl_once(visits)
    sample = TableSample.objects.get(table__name="visits")
    assert 2 not in [row[0] for row in sample.rows]  # row 2 is not in the stored sample
    sqlite_source.execute("clinic", "UPDATE visits SET drg = 99 WHERE id = 2")

    run = crawl_once(visits)

    assert profiled == ["visits", "visits"]
    drg = _profile(visits, "drg")
    assert (drg.origin, drg.max_value, drg.distinct_count) == ("exact", "99", 8)
    assert run.counts["profiles_written"] == 1  # only drg's profile differs
    table = Table.objects.get(name="visits")
    assert TableSample.objects.get(table=table).rows == sample.rows  # the same rows, a new digest


def test_a_new_column_is_sampled_and_profiled(visits, sqlite_source):
    crawl_once(visits)
    sqlite_source.execute("clinic", "ALTER TABLE visits ADD COLUMN ward TEXT DEFAULT 'north'")

    run = crawl_once(visits)

    ward = _profile(visits, "ward")
    assert (ward.origin, ward.most_common) == ("exact", [["north", 1.0]])
    sample = TableSample.objects.get(table__name="visits")
    assert sample.columns == ["id", "drg", "note", "ward"]
    assert {row[3] for row in sample.rows} == {"north"}
    assert run.counts["samples_written"] == 1


def test_a_changed_type_with_the_same_values_is_profiled_again(visits, sqlite_source):
    crawl_once(visits)
    # The same numbers, now stored as text: the rows read differ ("1" is not 1), so do the profiles.
    sqlite_source.execute(
        "clinic",
        "CREATE TABLE visits2 (id INTEGER PRIMARY KEY, drg TEXT, note TEXT)",
        "INSERT INTO visits2 SELECT id, CAST(drg AS TEXT), note FROM visits",
        "DROP TABLE visits",
        "ALTER TABLE visits2 RENAME TO visits",
    )

    crawl_once(visits)

    drg = _profile(visits, "drg")
    assert drg.origin == "exact" and drg.most_common[0][0] == "1"
    sample = TableSample.objects.get(table__name="visits")
    assert {type(row[1]) for row in sample.rows} == {str}


def test_a_sample_stored_without_a_digest_gets_one_and_the_profiles_stay(visits):
    crawl_once(visits)
    stored = list(ColumnProfile.objects.values_list().order_by("pk"))
    TableSample.objects.update(digest="")  # as stored before digests were

    run = crawl_once(visits)

    assert TableSample.objects.get(table__name="visits").digest
    assert list(ColumnProfile.objects.values_list().order_by("pk")) == stored
    assert run.counts["profiles_written"] == 0


# --- the digest itself ------------------------------------------------------------------------------


def _sample(rows, *, columns=("a", "b"), whole=True):
    columns = list(columns)
    return SampleRecord("s", "t", columns, rows[:2], len(rows) if whole else None, rows if whole else None)


ROWS_AB = [[1, "x"], [2, "y"], [3, None]]


@pytest.mark.parametrize(
    "changed",
    [
        [[1, "x"], [2, "y"], [3, "None"]],  # None is not the text 'None'
        [[1, "x"], [2, "y"], [True, None]],  # True is not 3, nor 1
        [[1, "x"], [2, "y"], [3.0, None]],  # 3.0 is profiled as '3.0', not '3'
        [[1, "x"], [2, "y"]],  # a row fewer, outside the sample
        [[1, "x"], [2, "y"], [3, None], [3, None]],  # a duplicate row
        [[1, "x"], [3, None], [2, "y"]],  # the same rows in another order (another spread sample)
    ],
)
def test_any_change_to_the_rows_read_changes_the_digest(changed):
    assert sample_digest(_sample(changed)) != sample_digest(_sample(ROWS_AB))


def test_the_digest_changes_with_the_columns_and_with_how_the_rows_were_read():
    digest = sample_digest(_sample(ROWS_AB))
    assert sample_digest(_sample(ROWS_AB, columns=("a", "c"))) != digest
    assert sample_digest(_sample(ROWS_AB, columns=("b", "a"))) != digest
    # A sample of a big table: the same rows, but not every row, so not exact profiles.
    assert sample_digest(_sample(ROWS_AB[:2], whole=False)) != digest
    # Which columns the engine's statistics cover decides which are profiled from the sample.
    sampled = _sample(ROWS_AB[:2], whole=False)
    assert sample_digest(sampled, {"a"}) != sample_digest(sampled, set())
    assert sample_digest(_sample([row[:] for row in ROWS_AB])) == digest  # and only with those


# --- statistics are read only where they serve -------------------------------------------------------


def test_a_table_bigger_than_its_estimate_still_gets_the_engines_statistics(
    postgres_database, register, settings
):
    settings.CRAWL_EXACT_PROFILE_ROWS = 500
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE small (id int, kind text)")
        conn.execute("INSERT INTO small SELECT i, 'k' || (i % 4) FROM generate_series(1, 100) i")
        conn.execute("CREATE TABLE grown (id int, kind text) WITH (autovacuum_enabled = false)")
        conn.execute("INSERT INTO grown SELECT i, 'k' || (i % 4) FROM generate_series(1, 300) i")
        conn.execute("ANALYZE")  # both estimated small: read whole, no statistics read for them
        conn.execute("INSERT INTO grown SELECT i, 'k9' FROM generate_series(301, 2000) i")
    source = register("Grown", postgres_database)

    crawl_once(source)

    assert _profile(source, "kind", table="small").origin == "exact"
    # grown has 2,000 rows, more than its estimate said: sampled, and described by its statistics.
    grown = _profile(source, "kind", table="grown")
    assert grown.origin == "statistics"
    assert {value for value, _ in grown.most_common} == {"k0", "k1", "k2", "k3"}  # as of ANALYZE

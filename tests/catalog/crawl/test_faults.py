"""Crawl faults against a real PostgreSQL source: a table the crawl may not read, a statement
timeout, the source going away while samples are taken and at 10, 50 and 90 % of a crawl. After
each: nothing wrongly removed, descriptions kept, the run says what happened, and the next crawl
succeeds."""

import secrets
import threading
import time

import psycopg
import pytest

from catalog.models import CrawlRun, Table
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from tests.factories import crawl_once

pytestmark = pytest.mark.django_db(transaction=True)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TABLES = ["orders", "customers", "payments", "refunds"]


def _present(source) -> set[str]:
    return set(Table.objects.filter(source=source, removed_at__isnull=True).values_list("name", flat=True))


@pytest.fixture
def shop(postgres_database):
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA shop")
        for name in TABLES:
            conn.execute(f"CREATE TABLE shop.{name} (id integer PRIMARY KEY, note text)")
            conn.execute(f"INSERT INTO shop.{name} SELECT g, 'n' || g FROM generate_series(1, 50) g")
    source = source_save(user=SYSTEM, name="Shop", url=postgres_database, include_schemas=["shop"])
    run = crawl_once(source, must_succeed=False)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    Table.objects.filter(source=source, name="orders").update(description="Curated: one row per order.")
    source.database_url = postgres_database
    return source


def test_a_table_the_crawl_may_not_read_is_kept_and_the_run_says_why(shop):
    # Roles are global to the PostgreSQL server, and CI runs this test on both catalog databases at
    # the same time, where shop.pk and the second can be equal: a random part keeps the names apart.
    role = f"reader_{shop.pk}_{secrets.token_hex(4)}"
    database = shop.database_url.rsplit("/", 1)[1]
    with psycopg.connect(shop.database_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA shop TO {role}")
        conn.execute(f"GRANT SELECT ON shop.orders, shop.customers, shop.refunds TO {role}")  # not payments
    try:
        limited = source_save(
            user=SYSTEM,
            name="Shop as a reader",
            url=f"postgresql://{role}@127.0.0.1:5432/{database}",
            include_schemas=["shop"],
        )
        run = crawl_once(limited, must_succeed=False)
        assert run.status == CrawlRun.Status.SUCCEEDED, run.error
        assert _present(limited) == set(TABLES)  # listed from pg_catalog, denied or not
        denied = [w for w in run.warnings if w["object"] == "shop.payments"]
        assert denied and "permission" in denied[0]["message"].lower()
        assert Table.objects.get(source=limited, name="orders").sample.rows
    finally:
        with psycopg.connect(shop.database_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def test_a_statement_timeout_costs_one_sample_not_the_crawl(shop, settings):
    with psycopg.connect(shop.database_url, autocommit=True) as conn:
        conn.execute(
            "CREATE VIEW shop.slow_orders AS SELECT o.*, pg_sleep(0.2)::text AS waited FROM shop.orders o"
        )
    settings.CRAWL_STATEMENT_TIMEOUT = 1
    run = crawl_once(shop, must_succeed=False)
    assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    slow = [w for w in run.warnings if w["object"] == "shop.slow_orders"]
    assert slow and "statement timeout" in slow[0]["message"]
    assert _present(shop) == {*TABLES, "slow_orders"}
    assert Table.objects.get(source=shop, name="orders").description == "Curated: one row per order."


def test_a_source_that_goes_away_while_sampling_loses_nothing_and_the_next_crawl_succeeds(shop, settings):
    database = shop.database_url.rsplit("/", 1)[1]
    with psycopg.connect(shop.database_url, autocommit=True) as conn:
        # Slow samples keep the crawl in its sampling step long enough to cut the source off there.
        for n in range(6):
            conn.execute(
                f"CREATE VIEW shop.slow_{n} AS SELECT o.id, pg_sleep(0.1)::text AS waited"
                " FROM (SELECT id FROM shop.orders LIMIT 3) o"
            )
    settings.CRAWL_SAMPLE_THREADS = 1

    def cut_off_when_sampling():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            run = CrawlRun.objects.filter(source=shop).order_by("-id").first()
            if run and run.status == CrawlRun.Status.RUNNING and run.progress >= 30:
                break
            time.sleep(0.05)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
            )

    cutter = threading.Thread(target=cut_off_when_sampling)
    cutter.start()
    try:
        run = crawl_once(shop, must_succeed=False)
    finally:
        cutter.join()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
    messages = " ".join([run.error or "", *(w["message"] for w in run.warnings)]).lower()
    assert run.status == CrawlRun.Status.FAILED or run.warnings, "the run must say something went wrong"
    assert any(word in messages for word in ("terminat", "connect", "closed", "reach", "not accepting"))
    assert _present(shop) >= set(TABLES)  # nothing marked removed on a broken crawl
    assert Table.objects.get(source=shop, name="orders").description == "Curated: one row per order."
    again = crawl_once(shop, must_succeed=False)
    assert again.status == CrawlRun.Status.SUCCEEDED, again.error
    assert _present(shop) == {*TABLES, *(f"slow_{n}" for n in range(6))}


def _cut_off(database: str) -> None:
    """The source goes away: open sessions are terminated and new ones refused."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
        )


@pytest.mark.parametrize(
    ("cut_at", "phase"),
    [(10, "reading the catalog"), (50, "sampling"), (90, "saving")],
    ids=["10%-reading-the-catalog", "50%-sampling", "90%-saving"],
)
def test_a_source_dropped_at_10_50_or_90_percent_of_a_crawl_loses_nothing(shop, cut_at, phase):
    """Cut exactly when the crawl reports the given progress (saving runs from 85 to 100 %): the
    run says what happened, nothing is marked removed, curated text stays, the next crawl works."""
    database = shop.database_url.rsplit("/", 1)[1]
    more = [f"extra_{n}" for n in range(20)]
    with psycopg.connect(shop.database_url, autocommit=True) as conn:
        for name in more:  # enough tables for sampling to report its progress along the way
            conn.execute(f"CREATE TABLE shop.{name} AS SELECT g AS id FROM generate_series(1, 20) g")
    crawl_once(shop, must_succeed=False)
    before = _present(shop)
    seen, cut = [], []

    def on_progress(run):
        seen.append((run.progress, run.phase))
        if run.progress >= min(cut_at, 85) and not cut:
            cut.append(run.progress)
            _cut_off(database)

    run, _ = crawl_request(user=SYSTEM, source=shop, enqueue=False)
    try:
        run = crawl_source(run_id=run.pk, on_progress=on_progress)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
    assert cut, f"the crawl never reached {cut_at} %: {seen}"
    assert any(phase in reported for _, reported in seen if reported), seen
    if cut_at == 90:
        # Everything was read before the cut: the crawl completes; what still needed the source
        # afterwards (the query history, for one) may only warn.
        assert run.status == CrawlRun.Status.SUCCEEDED, run.error
    else:
        said = " ".join([run.error or "", *(w["message"] for w in run.warnings)]).lower()
        assert run.status == CrawlRun.Status.FAILED or run.warnings, "the run must say something went wrong"
        assert any(word in said for word in ("terminat", "connect", "closed", "reach", "not accepting")), said
    assert _present(shop) == before  # nothing marked removed, nothing half-added
    assert Table.objects.get(source=shop, name="orders").description == "Curated: one row per order."
    again = crawl_once(shop, must_succeed=False)
    assert again.status == CrawlRun.Status.SUCCEEDED, again.error
    assert _present(shop) == before

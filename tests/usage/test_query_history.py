"""Query history read from the source on each crawl (PostgreSQL pg_stat_statements, MariaDB
statement digests), on the local PostgreSQL and MariaDB servers.

That server does not preload pg_stat_statements (SHOW shared_preload_libraries is empty) and the
suite must not change its configuration, so: the warning paths run for real (extension missing;
extension created in the test database but not loaded), and the delta logic reads a real table
with the view's columns, `history_standin.pg_stat_statements`, through the same reader function
the crawl uses. Should the server preload it one day, the second test checks the real view instead.
"""

import psycopg
import pymysql
import pytest

from catalog.connectors import connector_for_url
from catalog.models import CrawlRun
from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from tests.catalog.crawl.conftest import mysql_prefix, postgres_database  # noqa: F401 - fixtures
from usage.analysis import Catalog, analyze
from usage.models import IngestionRun, QueryShape, StatementStat
from usage.selectors import usage_report
from usage.services.history import (
    UNAVAILABLE,
    people_statements,
    read_mysql_digests,
    read_pg_stat_statements,
    record_statement_stats,
)

pytestmark = pytest.mark.django_db(transaction=True)

STANDIN = ("history_standin", "pg_stat_statements")
JOIN = (
    "SELECT o.id FROM sales.orders o JOIN sales.customers c ON c.customer_id = o.customer_id "
    "WHERE o.status = $1 AND o.total > $2"
)
BIG = "SELECT * FROM sales.orders WHERE total > $1 LIMIT $2"


def _crawl(url):
    source = source_save(user=SYSTEM, name="Shop", url=url)
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    return source, crawl_source(run_id=run.pk)


def _shop(url, *statements):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA sales")
        conn.execute("CREATE TABLE sales.orders (id int, status text, customer_id int, total numeric)")
        conn.execute("CREATE TABLE sales.customers (customer_id int, name text)")
        for statement in statements:
            conn.execute(statement)


def _preloaded(url) -> bool:
    with psycopg.connect(url) as conn:
        return "pg_stat_statements" in conn.execute("SHOW shared_preload_libraries").fetchone()[0]


def _history_warnings(run):
    return [w["message"] for w in run.warnings if w["code"] == UNAVAILABLE]


def test_a_crawl_without_the_extension_succeeds_and_says_how_to_enable_it(postgres_database):  # noqa: F811
    _shop(postgres_database)
    source, run = _crawl(postgres_database)
    assert run.status == CrawlRun.Status.SUCCEEDED
    [message] = _history_warnings(run)
    assert message.startswith("pg_stat_statements is not installed in database catalog_src_crawl_")
    assert "shared_preload_libraries = 'pg_stat_statements'" in message
    assert "CREATE EXTENSION pg_stat_statements;" in message
    assert not IngestionRun.objects.exists() and not StatementStat.objects.exists()


def test_the_extension_created_but_not_loaded_is_a_warning_too(postgres_database):  # noqa: F811
    _shop(postgres_database, "CREATE EXTENSION pg_stat_statements")
    source, run = _crawl(postgres_database)
    assert run.status == CrawlRun.Status.SUCCEEDED
    if _preloaded(postgres_database):  # a server configured for it: the crawl reads the real view
        assert not _history_warnings(run)
        assert StatementStat.objects.filter(source=source).exists()
    else:
        [message] = _history_warnings(run)
        assert message.startswith(
            "pg_stat_statements could not be read (pg_stat_statements must be loaded via"
        )
        assert "shared_preload_libraries" in message and "CREATE EXTENSION" in message


def _standin(url, rows):
    """(Re)fill the stand-in table: rows of (role, queryid, query, calls, toplevel, this database?)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS history_standin")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS history_standin.pg_stat_statements"
            " (userid oid, dbid oid, toplevel bool, queryid bigint, query text, calls bigint)"
        )
        conn.execute("TRUNCATE history_standin.pg_stat_statements")
        for role, queryid, query, calls, toplevel, here in rows:
            conn.execute(
                "INSERT INTO history_standin.pg_stat_statements"
                " SELECT r.oid, CASE WHEN %s THEN d.oid ELSE 0 END, %s, %s, %s, %s"
                " FROM pg_roles r, pg_database d WHERE r.rolname = %s AND d.datname = current_database()",
                (here, toplevel, queryid, query, calls, role),
            )


def _read(source, url, at):
    with connector_for_url(url, None) as connector:
        rows = read_pg_stat_statements(connector, database="shop", relation=STANDIN)
    kept, hidden = people_statements(rows)
    return record_statement_stats(source=source, rows=kept, at=at), hidden


def test_each_reading_counts_the_calls_since_the_last_and_a_reset_counts_the_new_value(
    postgres_database,  # noqa: F811
):
    _shop(postgres_database)
    source, run = _crawl(postgres_database)
    at = run.started_at
    _standin(
        postgres_database,
        [
            ("postgres", 11, JOIN, 5, True, True),
            ("postgres", 11, JOIN, 2, False, True),  # the same statement run nested: summed
            ("pg_monitor", 11, JOIN, 1, True, True),
            ("pg_monitor", 22, BIG, 3, True, True),
            (
                "postgres",
                33,
                "SELECT n.nspname FROM pg_catalog.pg_namespace n",
                40,
                True,
                True,
            ),  # the crawl's
            ("postgres", 44, "BEGIN", 9, True, True),
            ("postgres", 55, "<insufficient privilege>", 4, True, True),
            ("postgres", 66, BIG, 100, True, False),  # another database of the server
        ],
    )
    first, hidden = _read(source, postgres_database, at)
    assert hidden == 1
    assert (first.executions, first.lines_read, first.unparseable) == (11, 3, 0)
    shapes = {shape.sql: shape.executions for shape in QueryShape.objects.filter(source=source)}
    assert shapes == {JOIN: 8, BIG: 3}
    report = usage_report(source)
    orders = report["tables"]["sales.orders"]
    assert (orders["executions"], orders["distinct_users"]) == (11, 2)
    assert orders["top_users"] == [
        {"user": "postgres", "executions": 7},
        {"user": "pg_monitor", "executions": 4},
    ]
    assert orders["joins"] == [
        {
            "left": "sales.customers.customer_id",
            "right": "sales.orders.customer_id",
            "executions": 8,
            "distinct_users": 2,
        }  # fmt: skip
    ]
    filters = {f["column"]: f["operators"] for f in orders["filters"]}
    assert filters == {"sales.orders.status": {"=": 8}, "sales.orders.total": {">": 11}}

    _standin(
        postgres_database,
        [
            ("postgres", 11, JOIN, 9, True, True),  # 7 → 10: three more
            ("postgres", 11, JOIN, 1, False, True),
            ("pg_monitor", 11, JOIN, 1, True, True),  # unchanged
            ("pg_monitor", 22, BIG, 2, True, True),  # 3 → 2: reset since, two ran
        ],
    )
    second, _ = _read(source, postgres_database, at)
    assert second.executions == 5
    shapes = {shape.sql: shape.executions for shape in QueryShape.objects.filter(source=source)}
    assert shapes == {JOIN: 11, BIG: 5}
    assert dict(StatementStat.objects.values_list("statement", "calls").filter(user_name="pg_monitor")) == {
        "11": 1,
        "22": 2,
    }

    third, _ = _read(source, postgres_database, at)
    assert third is None  # nothing ran since: no run, no counts
    assert sum(QueryShape.objects.values_list("executions", flat=True)) == 16


def test_normalized_statements_with_dollar_placeholders_are_analysed():
    catalog = Catalog({("sales", "orders"): ["id", "status", "customer_id", "total"],
                       ("sales", "customers"): ["customer_id", "name"]})  # fmt: skip
    facts = analyze(JOIN + " AND o.id IN ($3, $4) LIMIT $5", dialect="postgres", catalog=catalog)
    assert facts.parseable
    assert facts.reads == {("sales", "orders"), ("sales", "customers")}
    assert facts.joins == {(("sales", "customers", "customer_id"), ("sales", "orders", "customer_id"))}
    assert all(f.values == () for f in facts.filters)  # placeholders are no example values
    assert {f.column[2]: set(f.operators) for f in facts.filters} == {
        "status": {"="},
        "total": {">"},
        "id": {"IN"},
    }


# --- MariaDB: performance_schema statement digests --------------------------------------------------
# The local MariaDB runs with performance_schema = OFF: the warning path runs for real, and the
# delta logic reads a real table with the digest summary's columns, `<db>.digest_standin`.


@pytest.fixture
def mariadb_shop(mysql_prefix):  # noqa: F811
    database = f"{mysql_prefix}shop"
    conn = pymysql.connect(host="127.0.0.1", user="root", autocommit=True)
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{database}`")
        cur.execute(f"CREATE TABLE `{database}`.orders (id int, status varchar(20), total decimal(10, 2))")
        cur.execute("SELECT @@performance_schema")
        enabled = bool(cur.fetchone()[0])
    conn.close()
    return f"mysql://root@127.0.0.1:3306/{database}", database, enabled


def test_a_mariadb_crawl_with_performance_schema_off_says_how_to_enable_it(mariadb_shop):
    url, database, enabled = mariadb_shop
    source, run = _crawl(url)
    assert run.status == CrawlRun.Status.SUCCEEDED
    if enabled:
        assert not _history_warnings(run)
    else:
        [message] = _history_warnings(run)
        assert message.startswith("performance_schema is off on this server")
        assert "performance_schema = ON" in message


def _digests(database, rows):
    conn = pymysql.connect(host="127.0.0.1", user="root", autocommit=True, database=database)
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS digest_standin"
            " (SCHEMA_NAME varchar(64), DIGEST varchar(64), DIGEST_TEXT longtext, COUNT_STAR bigint)"
        )
        cur.execute("DELETE FROM digest_standin")
        cur.executemany("INSERT INTO digest_standin VALUES (%s, %s, %s, %s)", rows)
    conn.close()


def test_mariadb_digests_count_the_calls_since_the_last_reading(mariadb_shop):
    url, database, _ = mariadb_shop
    source, run = _crawl(url)
    by_status = "SELECT `id` FROM `orders` WHERE `status` IN (...) AND `total` > ?"
    _digests(database, [(database, "d1", by_status, 6), (database, "d2", "SELECT @@`version`", 50),
                        (None, "d3", "SHOW TABLES", 3)])  # fmt: skip

    def read():
        with connector_for_url(url, None) as connector:
            rows = read_mysql_digests(connector, relation=(database, "digest_standin"))
        return record_statement_stats(source=source, rows=people_statements(rows)[0], at=run.started_at)

    assert read().executions == 6
    orders = usage_report(source)["tables"][f"{database}.orders"]
    assert orders["top_users"] == [{"user": "(all users)", "executions": 6}]
    assert {f["column"].rsplit(".", 1)[1]: f["operators"] for f in orders["filters"]} == {
        "status": {"IN": 6},
        "total": {">": 6},
    }
    _digests(database, [(database, "d1", by_status, 4)])  # reset since: four ran
    assert read().executions == 4
    assert QueryShape.objects.get(source=source).executions == 10

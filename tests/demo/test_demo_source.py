"""The demo source: deterministic content, real builds on SQLite / PostgreSQL / MariaDB, query log.

PostgreSQL and MariaDB are the real local servers; each test module run creates its own database
(``demo_test_<hex>``) / database prefix (``t<hex>_``) and drops it afterwards.
"""

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import sqlite3
from collections import Counter
from decimal import Decimal

import psycopg
import pymysql
import pytest
import sqlglot
from psycopg import sql
from sqlglot import exp

from demo import DESCRIPTIONS, build_all, build_mysql, build_postgres, build_sqlite, fingerprint, generate
from demo.__main__ import main
from demo.data import npi_check_digit
from demo.querylog import LOG_END, generate_query_log, write_query_log
from demo.writers import _sqlite_value, mysql_connect_params

PG_ADMIN_URL = os.environ.get("DEMO_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MYSQL_URL = os.environ.get("DEMO_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/")

TABLES = {
    "ipps": {"lu_drg", "provider", "summ_top_drg"},
    "npi": {"nppes_provider_identifier"},
    "ed_stats": {"school", "stu"},
    "bank": {"customer", "account", "transaction"},
}
VIEWS = {
    "ipps": {"v_state_drg_summary", "v_provider_payments"},
    "npi": {"v_organizations"},
    "ed_stats": {"v_school_scores"},
    "bank": {"v_customer_balances"},
}
FKS = {
    ("ipps", "summ_top_drg", "drg", "lu_drg"),
    ("ipps", "summ_top_drg", "provider_id", "provider"),
    ("ed_stats", "stu", "school_id", "school"),
    ("bank", "account", "customer_id", "customer"),
    ("bank", "transaction", "account_id", "account"),
}


@pytest.fixture(scope="module")
def dataset():
    return generate()


def _digest(rows_by_table: dict[str, list[tuple]]) -> str:
    h = hashlib.sha256()
    for name in sorted(rows_by_table):
        h.update(name.encode())
        for row in rows_by_table[name]:
            h.update(repr(row).encode())
    return h.hexdigest()


def _order_by(table) -> str:
    return ", ".join(table.primary_key)


# --------------------------------------------------------------------------- content
def test_content_is_deterministic_and_sized(dataset):
    assert fingerprint(generate()) == fingerprint(dataset)
    assert fingerprint(generate(seed=7)) != fingerprint(dataset)
    counts = {t.qualified_name: len(t.rows) for t in dataset.tables}
    assert counts["ipps.summ_top_drg"] == 2000
    assert counts["bank.transaction"] >= 3000
    assert all(n > 0 for n in counts.values())
    assert {s: {t.name for t in dataset.tables_in(s)} for s in dataset.schemas} == TABLES
    assert {s: {v.name for v in dataset.views_in(s)} for s in dataset.schemas} == VIEWS


def test_keys_hold_in_the_generated_rows(dataset):
    for table in dataset.tables:
        idx = [table.column_names.index(c) for c in table.primary_key]
        keys = [tuple(row[i] for i in idx) for row in table.rows]
        assert len(keys) == len(set(keys)), table.qualified_name
        for fk in table.foreign_keys:
            ref = dataset.table(f"{table.schema}.{fk.ref_table}")
            ref_values = {row[ref.column_names.index(fk.ref_columns[0])] for row in ref.rows}
            col = table.column_names.index(fk.columns[0])
            assert {row[col] for row in table.rows} <= ref_values, (table.qualified_name, fk)
    providers = {p[0]: p for p in dataset.table("ipps.provider").rows}
    drgs = {d[0]: d for d in dataset.table("ipps.lu_drg").rows}
    for row in dataset.table("ipps.summ_top_drg").rows:
        assert row[0] == drgs[row[1]][1] and re.fullmatch(r"\d{3} - [A-Z0-9 ,&./+<>'-]+", row[0])
        assert row[3] == providers[row[2]][1] and row[6] == providers[row[2]][4]
        assert re.fullmatch(r"[A-Z]{2}", row[6]) and row[8].startswith(f"{row[6]} - ")
        assert row[10] > row[11] > row[12] > 0 and row[13] in (2024, 2025)
    org_npis = {r[0] for r in dataset.table("npi.nppes_provider_identifier").rows if r[1] == 2}
    assert {p[6] for p in providers.values()} == org_npis


def test_fake_pii_has_the_expected_formats(dataset):
    customer = dataset.table("bank.customer")
    col = {name: i for i, name in enumerate(customer.column_names)}
    for row in customer.rows:
        assert re.fullmatch(r"9\d{2}-\d{2}-\d{4}", row[col["ssn"]])  # 9xx: never issued
        assert re.fullmatch(r"[a-z']+\.[a-z']+\d+@example\.(com|org|net)", row[col["email"]])
        assert re.fullmatch(r"\(\d{3}\) 555-01\d{2}", row[col["phone"]])
        assert dt.date(1940, 1, 1) <= row[col["date_of_birth"]] <= dt.date(2005, 1, 1)
        assert 300 <= row[col["credit_score"]] <= 850 and re.fullmatch(r"\d{5}", row[col["zip"]])
    assert len({r[col["ssn"]] for r in customer.rows}) == len(customer.rows)
    assert npi_check_digit("123456789") == 3  # CMS's published example NPI 1234567893
    for row in dataset.table("npi.nppes_provider_identifier").rows:
        npi = str(row[0])
        assert len(npi) == 10 and npi_check_digit(npi[:9]) == int(npi[9])


def test_descriptions_cover_every_object(dataset):
    for schema in dataset.schemas:
        assert DESCRIPTIONS[schema]
    for table in dataset.tables:
        assert DESCRIPTIONS[table.qualified_name]
        for column in table.columns:
            assert DESCRIPTIONS[f"{table.qualified_name}.{column.name}"]
    for view in dataset.views:
        assert DESCRIPTIONS[view.qualified_name]
        for column in sqlglot.parse_one(view.sql).named_selects:
            assert DESCRIPTIONS[f"{view.qualified_name}.{column}"], (view.name, column)


# --------------------------------------------------------------------------- SQLite
def _sqlite_dump(directory, dataset) -> tuple[str, dict, sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    for schema in dataset.schemas:
        conn.execute(f"ATTACH DATABASE ? AS {schema}", (f"file:{directory / schema}.sqlite?mode=ro",))
    rows = {
        t.qualified_name: conn.execute(
            f'SELECT * FROM {t.schema}."{t.name}" ORDER BY {_order_by(t)}'
        ).fetchall()
        for t in dataset.tables
    }
    return _digest(rows), rows, conn


def test_sqlite_build_is_complete_idempotent_and_faithful(tmp_path, dataset):
    target = tmp_path / "demo"
    build_sqlite(target, dataset)
    first, rows, conn = _sqlite_dump(target, dataset)
    build_sqlite(target)
    second, _rows, conn2 = _sqlite_dump(target, dataset)
    assert first == second
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{s}.sqlite" for s in TABLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]  # temp build dir is gone
    for table in dataset.tables:
        expected = sorted(tuple(_sqlite_value(v) for v in row) for row in table.rows)
        assert sorted(rows[table.qualified_name]) == expected, table.qualified_name
    for schema in TABLES:
        found = set(
            conn.execute(
                f"SELECT type, name FROM {schema}.sqlite_master WHERE type IN ('table', 'view')"
            ).fetchall()
        )
        assert {n for t, n in found if t == "table"} == TABLES[schema] | {"sqlite_stat1"}
        assert {n for t, n in found if t == "view"} == VIEWS[schema]
        for view in VIEWS[schema]:
            assert conn.execute(f"SELECT COUNT(*) FROM {schema}.{view}").fetchone()[0] > 0
    fks = {
        (s, t, row[3], row[2])
        for s, t, *_ in FKS
        for row in conn.execute(f'PRAGMA {s}.foreign_key_list("{t}")')
    }
    assert fks == FKS
    pk = [r[1] for r in conn.execute('PRAGMA ipps.table_info("summ_top_drg")') if r[5]]
    assert pk == ["drg", "provider_id", "year"]
    for schema in TABLES:
        assert conn.execute(f"PRAGMA {schema}.foreign_key_check").fetchall() == []
    conn.close()
    conn2.close()


def test_build_all_and_cli(tmp_path):
    result = build_all(tmp_path / "src")
    assert len(result["sqlite_files"]) == 4 and result["querylog"].exists()
    assert main(["sqlite", str(tmp_path / "cli")]) == 0
    assert main(["querylog", str(tmp_path / "log.jsonl")]) == 0
    assert (tmp_path / "log.jsonl").read_bytes() == result["querylog"].read_bytes()
    assert {p.name for p in (tmp_path / "cli").glob("*.sqlite")} == {f"{s}.sqlite" for s in TABLES}


# --------------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="module")
def pg_url():
    name = f"demo_test_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _pg_dump(url, dataset):
    with psycopg.connect(url) as conn:
        rows = {
            t.qualified_name: conn.execute(
                sql.SQL("SELECT * FROM {}.{} ORDER BY " + _order_by(t)).format(
                    sql.Identifier(t.schema), sql.Identifier(t.name)
                )
            ).fetchall()
            for t in dataset.tables
        }
    return _digest(rows), rows


def test_postgres_build(pg_url, dataset):
    build_postgres(pg_url, dataset)
    first, rows = _pg_dump(pg_url, dataset)
    build_postgres(pg_url)
    assert _pg_dump(pg_url, dataset)[0] == first
    for table in dataset.tables:
        assert sorted(rows[table.qualified_name]) == sorted(table.rows), table.qualified_name
    with psycopg.connect(pg_url) as conn:
        for schema in TABLES:
            found = conn.execute(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
            assert {n for n, t in found if t == "BASE TABLE"} == TABLES[schema]
            assert {n for n, t in found if t == "VIEW"} == VIEWS[schema]
            for view in VIEWS[schema]:
                assert conn.execute(f"SELECT COUNT(*) FROM {schema}.{view}").fetchone()[0] > 0
        fks = set(
            conn.execute(
                """
            SELECT n.nspname, c.relname, a.attname, r.relname FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class r ON r.oid = k.confrelid
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            WHERE k.contype = 'f' AND n.nspname = ANY(%s)""",
                (list(TABLES),),
            ).fetchall()
        )
        assert fks == FKS
        comment = conn.execute("SELECT obj_description('ipps.summ_top_drg'::regclass, 'pg_class')").fetchone()
        assert comment == (DESCRIPTIONS["ipps.summ_top_drg"],)
        ssn = conn.execute("SELECT col_description('bank.customer'::regclass, 6)").fetchone()
        assert ssn == (DESCRIPTIONS["bank.customer.ssn"],)
        balance = conn.execute(
            "SELECT data_type, numeric_precision, numeric_scale "
            "FROM information_schema.columns WHERE table_schema = 'bank' "
            "AND table_name = 'account' AND column_name = 'balance'"
        ).fetchone()
        assert balance == ("numeric", 12, 2)


def test_query_log_runs_against_postgres(pg_url, dataset):
    build_postgres(pg_url, dataset)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for entry in generate_query_log():
            if not entry.sql.startswith(("SELECT", "WITH", "SELEC ")):
                continue
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(entry.default_schema)))
            if entry.status == "ok":
                conn.execute(entry.sql).fetchall()
            else:
                with pytest.raises(psycopg.Error):
                    conn.execute(entry.sql)


# --------------------------------------------------------------------------- MariaDB
@pytest.fixture(scope="module")
def mysql_prefix():
    prefix = f"t{secrets.token_hex(3)}_"
    yield prefix
    conn = pymysql.connect(**mysql_connect_params(MYSQL_URL), autocommit=True)
    with conn.cursor() as cur:
        for schema in TABLES:
            cur.execute(f"DROP DATABASE IF EXISTS `{prefix}{schema}`")
    conn.close()


def _mysql_dump(conn, prefix, dataset):
    rows = {}
    with conn.cursor() as cur:
        for t in dataset.tables:
            cur.execute(f"SELECT * FROM `{prefix}{t.schema}`.`{t.name}` ORDER BY {_order_by(t)}")
            rows[t.qualified_name] = [tuple(r) for r in cur.fetchall()]
    return _digest(rows), rows


def test_mysql_build(mysql_prefix, dataset):
    assert build_mysql(MYSQL_URL, dataset, prefix=mysql_prefix) == [mysql_prefix + s for s in TABLES]
    conn = pymysql.connect(**mysql_connect_params(MYSQL_URL), autocommit=True)
    try:
        first, rows = _mysql_dump(conn, mysql_prefix, dataset)
        build_mysql(MYSQL_URL, prefix=mysql_prefix)
        assert _mysql_dump(conn, mysql_prefix, dataset)[0] == first
        for table in dataset.tables:
            assert sorted(rows[table.qualified_name]) == sorted(table.rows), table.qualified_name
        assert isinstance(rows["bank.account"][0][3], Decimal)
        dbs = [mysql_prefix + s for s in TABLES]
        with conn.cursor() as cur:
            cur.execute(
                "SELECT table_schema, table_name, table_type, table_comment "
                "FROM information_schema.tables WHERE table_schema IN %s",
                (dbs,),
            )
            found = cur.fetchall()
            for schema in TABLES:
                db = mysql_prefix + schema
                assert {n for s, n, t, _c in found if s == db and t == "BASE TABLE"} == TABLES[schema]
                assert {n for s, n, t, _c in found if s == db and t == "VIEW"} == VIEWS[schema]
                for view in VIEWS[schema]:
                    cur.execute(f"SELECT COUNT(*) FROM `{db}`.`{view}`")
                    assert cur.fetchone()[0] > 0
            comments = {(s, n): c for s, n, _t, c in found}
            assert comments[(mysql_prefix + "ipps", "summ_top_drg")] == DESCRIPTIONS["ipps.summ_top_drg"]
            cur.execute(
                "SELECT column_comment, column_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = 'customer' AND column_name = 'ssn'",
                (mysql_prefix + "bank",),
            )
            assert cur.fetchone() == (DESCRIPTIONS["bank.customer.ssn"], "char(11)")
            cur.execute(
                "SELECT table_schema, table_name, column_name, referenced_table_name "
                "FROM information_schema.key_column_usage "
                "WHERE table_schema IN %s AND referenced_table_name IS NOT NULL",
                (dbs,),
            )
            assert {(s.removeprefix(mysql_prefix), t, c, r) for s, t, c, r in cur.fetchall()} == FKS
    finally:
        conn.close()


# --------------------------------------------------------------------------- query log
def _tables_in(statement) -> set[str]:
    ctes = {c.alias for c in statement.find_all(exp.CTE)}
    tables = [t for t in statement.find_all(exp.Table) if t.name not in ctes]
    return {f"{t.db}.{t.name}" if t.db else t.name for t in tables}


def test_query_log(tmp_path):
    log = generate_query_log()
    assert log == generate_query_log() and log != generate_query_log(seed=1)
    assert 300 <= len(log) <= 500
    assert [e.start_time for e in log] == sorted(e.start_time for e in log)
    times = [dt.datetime.fromisoformat(e.start_time) for e in log]
    assert all(LOG_END - dt.timedelta(days=43) <= t < LOG_END for t in times)
    assert len({t.isocalendar()[:2] for t in times}) >= 6
    users = Counter(e.user for e in log)
    assert len(users) == 8 and users["dev.patel"] > 100  # the nightly ETL
    readers = Counter(e.user for e in log if e.sql.startswith(("SELECT", "WITH")))
    assert readers.most_common(1)[0][0] == "ana.lytics"
    assert {"viewer", "contributor", "steward", "admin"}.isdisjoint(users)
    assert {e.database for e in log} == {"demo"} and {e.status for e in log} == {"ok", "error"}

    popularity: Counter = Counter()
    for e in log:
        if e.status == "error":
            continue
        statement = sqlglot.parse_one(e.sql, read="postgres")
        sqlglot.parse_one(e.sql, read="mysql")
        tables = {t if "." in t else f"{e.default_schema}.{t}" for t in _tables_in(statement)}
        if isinstance(statement, exp.Select):
            popularity.update(tables)
    assert popularity.most_common(1)[0][0] == "ipps.summ_top_drg"
    assert popularity["ed_stats.school"] == 0 and popularity["bank.v_customer_balances"] == 0
    assert popularity["bank.transaction"] > 0 and popularity["npi.nppes_provider_identifier"] > 0
    writes = [e.sql for e in log if e.sql.startswith(("CREATE TABLE", "INSERT INTO"))]
    assert any(s.startswith("CREATE TABLE analytics.") for s in writes)
    assert any(s.startswith("INSERT INTO analytics.") for s in writes)
    assert any(s.startswith("CREATE TABLE scratch.") for s in writes)
    errors = [e for e in log if e.status == "error"]
    assert errors and all(e.error and e.rows == 0 for e in errors)
    unparsable = 0
    for e in errors:
        try:
            sqlglot.parse_one(e.sql, read="postgres")
        except sqlglot.errors.ParseError:
            unparsable += 1
    assert unparsable >= 1

    path = tmp_path / "querylog.jsonl"
    assert write_query_log(path) == len(log)
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert set(first) == {
        "user",
        "start_time",
        "duration_ms",
        "rows",
        "database",
        "default_schema",
        "sql",
        "status",
        "error",
    }
    assert first["sql"] == log[0].sql

"""PostgreSQL specifics: error classification, session settings, partitions, statistics parsing.

pg_hba.conf on the test machine uses `trust` for 127.0.0.1, so a wrong password is accepted: the
auth_failed case is provoked with a role that does not exist, which PostgreSQL reports the same way.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

import psycopg
import pytest

from catalog.connectors import ConnectorError, SampleError, SampleRecord
from catalog.connectors.postgres import PostgresConnector, parse_pg_array


def database_url(source) -> str:
    return f"postgresql://postgres@127.0.0.1:5432/{source.config.database}"


@pytest.fixture
def admin(pg_source):
    with psycopg.connect(database_url(pg_source), autocommit=True) as conn:
        yield conn


@pytest.fixture
def role(admin):
    name = f"catalog_role_{secrets.token_hex(4)}"
    admin.execute(f"CREATE ROLE {name} LOGIN")
    yield name
    admin.execute(f"DROP OWNED BY {name}")
    admin.execute(f"DROP ROLE {name}")


def connect_error(config, **kwargs) -> ConnectorError:
    with pytest.raises(ConnectorError) as caught:
        PostgresConnector(config, connect_timeout_s=3, **kwargs).test_connection()
    return caught.value


def test_an_unknown_role_is_auth_failed_and_the_password_never_leaks(pg_source):
    error = connect_error(replace(pg_source.config, username="no_such_role", password="s3cret-pw"))
    assert error.code == "auth_failed"
    assert "s3cret-pw" not in error.message and "s3cret-pw" not in (error.detail or "")
    assert "no_such_role" in error.message


def test_a_missing_database_is_reported(pg_source):
    error = connect_error(replace(pg_source.config, database="catalog_src_missing"))
    assert error.code == "database_missing"
    assert "catalog_src_missing" in error.message


def test_a_closed_port_is_unreachable_with_host_and_port_in_the_message(pg_source):
    error = connect_error(replace(pg_source.config, port=1))
    assert error.code == "unreachable"
    assert error.message == "Could not reach 127.0.0.1:1 — check host and port"


def test_revoked_connect_is_permission_denied(pg_source, admin, role):
    db = pg_source.config.database
    admin.execute(f"REVOKE CONNECT ON DATABASE {db} FROM PUBLIC")
    try:
        error = connect_error(replace(pg_source.config, username=role))
    finally:
        admin.execute(f"GRANT CONNECT ON DATABASE {db} TO PUBLIC")
    assert error.code == "permission_denied"


def test_a_login_without_usage_still_harvests_the_catalog_but_cannot_sample(pg_source, role):
    # pg_catalog shows every table's structure to any login; the data stays behind USAGE/SELECT.
    with PostgresConnector(replace(pg_source.config, username=role)) as conn:
        snapshot = conn.fetch_catalog(["sales"])
        orders = next(t for t in snapshot.tables if t.name == "orders")
        assert [c.kind for c in orders.constraints] == ["foreign", "primary"]
        [result] = conn.fetch_samples([("sales", "orders", ["id"])], 5)
    assert isinstance(result, SampleError)
    assert result.code == "permission_denied"


def test_the_session_is_read_only_with_timeouts_and_a_name(pg_source):
    with PostgresConnector(pg_source.config, statement_timeout_s=7) as conn:
        settings = conn._query(
            "SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout'),"
            " current_setting('lock_timeout'), current_setting('application_name'),"
            " current_setting('idle_in_transaction_session_timeout')"
        )
    assert settings == [("on", "7s", "5s", "datacatalog", "1min")]


def test_a_slow_statement_times_out(pg_source):
    with PostgresConnector(pg_source.config, statement_timeout_s=0.3) as conn:
        with pytest.raises(ConnectorError) as caught:
            conn._query("SELECT pg_sleep(3)")
    assert caught.value.code == "timeout"


def test_it_connects_to_the_vetted_address_not_the_name(pg_source):
    # host_addr set by the URL guard wins over DNS: an unresolvable name still reaches the pinned IP
    config = replace(pg_source.config, host="db.example.invalid", host_addr="127.0.0.1")
    with PostgresConnector(config) as conn:
        conn.test_connection()


def test_partitions_fold_into_their_parent_and_unanalyzed_tables_have_no_row_count(pg_source, admin):
    admin.execute("CREATE SCHEMA parts")
    try:
        admin.execute("CREATE TABLE parts.events (id int, at date NOT NULL) PARTITION BY RANGE (at)")
        admin.execute(
            "CREATE TABLE parts.events_2024 PARTITION OF parts.events"
            " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
        )
        admin.execute("INSERT INTO parts.events SELECT g, '2024-05-01' FROM generate_series(1, 100) g")
        admin.execute("CREATE TABLE parts.fresh (id int)")
        with PostgresConnector(pg_source.config) as conn:
            tables = {t.name: t for t in conn.fetch_catalog(["parts"]).tables}
    finally:
        admin.execute("DROP SCHEMA parts CASCADE")
    assert set(tables) == {"events", "fresh"}
    assert tables["events"].kind == "table" and tables["events"].size_bytes > 0
    assert tables["fresh"].row_count is None  # reltuples = -1: never analyzed


def test_percent_signs_in_names_are_not_placeholders(pg_source, admin):
    admin.execute('CREATE TABLE sales."100%" ("a%s" int)')
    try:
        admin.execute('INSERT INTO sales."100%" VALUES (7)')
        with PostgresConnector(pg_source.config) as conn:
            [sample] = conn.fetch_samples([("sales", "100%", ["a%s"])], 5)
    finally:
        admin.execute('DROP TABLE sales."100%"')
    assert isinstance(sample, SampleRecord) and sample.rows == [[7]]


def test_sampling_many_tables_uses_small_transactions(pg_source):
    _, large = pg_source.bulk
    tables = [(large, f"t{i}", ["id", "u", "ref"]) for i in range(60)]
    with PostgresConnector(pg_source.config) as conn:
        results = list(conn.fetch_samples(tables, 3, threads=4))
    assert len(results) == 60 and all(isinstance(r, SampleRecord) for r in results)


def test_negative_n_distinct_is_scaled_by_the_row_estimate(pg_source, admin):
    admin.execute(
        "CREATE TABLE sales.many AS SELECT g AS id, g % 4 AS bucket FROM generate_series(1, 1000) g"
    )
    try:
        admin.execute("ANALYZE sales.many")
        with PostgresConnector(pg_source.config) as conn:
            profiles = conn.fetch_catalog(["sales"]).profiles
    finally:
        admin.execute("DROP TABLE sales.many")
    assert profiles[("sales", "many", "id")].distinct_count == 1000
    assert (profiles[("sales", "many", "id")].min_value, profiles[("sales", "many", "id")].max_value) == (
        "1",
        "1000",
    )
    bucket = profiles[("sales", "many", "bucket")]
    assert bucket.distinct_count == 4
    assert {v for v, _ in bucket.most_common} == {"0", "1", "2", "3"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{a,b}", ["a", "b"]),
        ('{"x, y","say \\"hi\\"",NULL,"NULL"}', ["x, y", 'say "hi"', None, "NULL"]),
        ('{"{1,2}","{3}"}', ["{1,2}", "{3}"]),
        ("{{1,2},{3,4}}", ["{1,2}", "{3,4}"]),
        ("{}", []),
        (None, None),
    ],
)
def test_it_parses_array_literals_from_pg_stats(text, expected):
    assert parse_pg_array(text) == expected


def test_the_snapshot_says_what_the_engine_says_of_each_relation(pg_source, admin):
    """Structure and statistics are read in bulk (and statistics apart from the structure): every
    figure must still be the one PostgreSQL gives for that relation or column on its own."""
    schemas = [pg_source.sales, "bulk_small"]
    with PostgresConnector(pg_source.config) as conn:
        snapshot = conn.fetch_catalog(schemas)
        structure = conn.fetch_structure(schemas)
        conn.fetch_statistics(structure).apply_to(structure)
    assert structure == snapshot
    tables = {(t.schema, t.name): t for t in snapshot.tables}
    assert len(tables) > 5
    for (schema, name), table in tables.items():
        oid = f'"{schema}"."{name}"'
        size, reltuples = admin.execute(
            "SELECT CASE WHEN relkind IN ('r', 'm') THEN pg_total_relation_size(oid) END, reltuples"
            " FROM pg_class WHERE oid = %s::regclass",
            (oid,),
        ).fetchone()
        assert table.size_bytes == size, name
        if table.kind != "view":
            assert table.row_count == (int(reltuples) if reltuples >= 0 else None), name
        columns = admin.execute(
            "SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            (oid,),
        ).fetchall()
        assert [(c.name, c.data_type, c.nullable) for c in table.columns] == columns, name
        keys = admin.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')",
            (oid,),
        ).fetchall()
        assert sorted(c.name for c in table.constraints) == sorted(k for (k,) in keys), name
    stats = admin.execute(
        "SELECT schemaname, tablename, attname, null_frac FROM pg_stats"
        " WHERE schemaname = ANY(%s) AND NOT inherited",
        (schemas,),
    ).fetchall()
    assert stats and {(s, t, c) for s, t, c, _ in stats} == set(snapshot.profiles)
    for schema, table, column, null_frac in stats:
        assert snapshot.profiles[(schema, table, column)].null_fraction == pytest.approx(null_frac)

"""MariaDB/MySQL specifics: real users with passwords, privileges, schema scoping, timeouts."""

from __future__ import annotations

import secrets
from dataclasses import replace

import pytest

from catalog.connectors import ConnectorError, SampleRecord
from catalog.connectors.mysql import MySQLConnector, quote_ident

PASSWORD = "right-Pa55word"


@pytest.fixture
def user(mysql_admin):
    """A user with a password and no privileges at all."""
    name = f"catalog_u_{secrets.token_hex(4)}"
    cur = mysql_admin.cursor()
    cur.execute(f"CREATE USER '{name}'@'%' IDENTIFIED BY '{PASSWORD}'")
    yield name
    cur.execute(f"DROP USER '{name}'@'%'")


def connect_error(config) -> ConnectorError:
    with pytest.raises(ConnectorError) as caught:
        MySQLConnector(config, connect_timeout_s=3).test_connection()
    return caught.value


def test_a_wrong_password_is_auth_failed_and_never_echoed(mysql_source, user):
    error = connect_error(replace(mysql_source.config, username=user, password="wrong-Pa55word"))
    assert error.code == "auth_failed"
    assert user in error.message
    assert "wrong-Pa55word" not in error.message + (error.detail or "")


def test_the_right_password_connects(mysql_source, user):
    with MySQLConnector(replace(mysql_source.config, username=user, password=PASSWORD)) as conn:
        conn.test_connection()
        # a user without grants sees no databases, not an error
        assert mysql_source.sales not in conn.list_schemas()


def test_a_database_without_privilege_is_permission_denied(mysql_source, user):
    error = connect_error(
        replace(mysql_source.config, username=user, password=PASSWORD, database=mysql_source.sales)
    )
    assert error.code == "permission_denied"


def test_a_missing_database_is_reported(mysql_source):
    error = connect_error(replace(mysql_source.config, database="catalog_src_missing"))
    assert error.code == "database_missing"
    assert "catalog_src_missing" in error.message


def test_a_closed_port_is_unreachable(mysql_source):
    error = connect_error(replace(mysql_source.config, port=1))
    assert (error.code, error.message) == ("unreachable", "Could not reach 127.0.0.1:1 — check host and port")


def test_a_url_naming_a_database_scopes_the_schemas_to_it(mysql_source):
    with MySQLConnector(replace(mysql_source.config, database=mysql_source.odd)) as conn:
        assert conn.list_schemas() == [mysql_source.odd]


def test_the_session_is_read_only_and_time_limited(mysql_source):
    with MySQLConnector(mysql_source.config, statement_timeout_s=0.5) as conn:
        assert conn._query("SELECT @@session.tx_read_only, @@session.max_statement_time") == [(1, 0.5)]
        with pytest.raises(ConnectorError) as caught:
            conn._query("SELECT SLEEP(3)")
    assert caught.value.code == "timeout"


def test_it_reads_mariadb_defaults_and_keys(mysql_source):
    with MySQLConnector(mysql_source.config) as conn:
        snapshot = conn.fetch_catalog([mysql_source.sales])
    customers = next(t for t in snapshot.tables if t.name == "customers")
    defaults = {c.name: c.default for c in customers.columns}
    # MariaDB spells "no default" as the text NULL and quotes string literals
    assert defaults == {"id": None, "email": None, "name": None, "status": "'open'", "region": None}
    assert [c.name for c in customers.constraints if c.kind == "primary"] == ["PRIMARY"]
    assert next(t for t in snapshot.tables if t.name == "order_totals").definition.startswith("select")


def test_percent_signs_and_backticks_in_names_are_sampled(mysql_source, mysql_admin):
    cur = mysql_admin.cursor()
    table = "100% `x`"
    cur.execute(
        f"CREATE TABLE {quote_ident(mysql_source.sales)}.{quote_ident(table)} ({quote_ident('a%s')} int)"
    )
    try:
        cur.execute(f"INSERT INTO {quote_ident(mysql_source.sales)}.{quote_ident(table)} VALUES (7)")
        with MySQLConnector(mysql_source.config) as conn:
            [sample] = conn.fetch_samples([(mysql_source.sales, table, ["a%s"])], 5)
    finally:
        cur.execute(f"DROP TABLE {quote_ident(mysql_source.sales)}.{quote_ident(table)}")
    assert isinstance(sample, SampleRecord) and sample.rows == [[7]]


def test_sampled_values_are_json_safe(mysql_source):
    with MySQLConnector(mysql_source.config) as conn:
        [sample] = conn.fetch_samples([(mysql_source.sales, "orders", ["id", "amount", "created"])], 10)
    rows = sorted(sample.rows)
    assert rows[0] == [1, "10.50", "2024-01-05"]
    assert rows[2] == [3, "99.99", None]

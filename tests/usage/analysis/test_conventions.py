"""One test per counting convention of the usage report."""

from usage.analysis import Catalog, analyze, fingerprint

CATALOG = Catalog(
    {
        ("sales", "orders"): ["order_id", "customer_id", "status", "amount", "email"],
        ("sales", "customers"): ["customer_id", "email", "region_id"],
        ("sales", "regions"): ["region_id", "name"],
    }
)


def facts(sql, schema="sales"):
    return analyze(sql, default_schema=schema, catalog=CATALOG)


def ops(result):
    return {use.column[2]: set(use.operators) for use in result.filters}


def test_literals_do_not_change_the_shape():
    assert fingerprint("SELECT * FROM t WHERE a = 1 AND b IN (1, 2)") == fingerprint(
        "select  * FROM t WHERE a = 42 AND b IN (7)"
    )
    assert fingerprint("SELECT * FROM t WHERE a = 'x'") != fingerprint("SELECT * FROM u WHERE a = 'x'")


def test_functions_of_one_column_join_and_self_joins_count():
    result = facts("SELECT 1 FROM customers a JOIN customers b ON lower(a.email) = lower(b.email)")
    assert result.joins == {(("sales", "customers", "email"), ("sales", "customers", "email"))}


def test_non_equalities_and_in_subqueries_are_not_joins():
    result = facts(
        "SELECT 1 FROM orders o JOIN customers c ON o.customer_id > c.customer_id"
        " WHERE o.customer_id IN (SELECT customer_id FROM customers)"
    )
    assert result.joins == frozenset() and ops(result) == {}


def test_on_having_case_and_column_comparisons_are_not_filters():
    result = facts(
        "SELECT CASE WHEN status = 'x' THEN 1 END FROM orders o JOIN customers c"
        " ON c.customer_id = o.customer_id AND c.region_id = 3"
        " WHERE o.amount > o.order_id GROUP BY status HAVING count(*) > 2"
    )
    assert ops(result) == {}


def test_a_range_is_one_filter_column_with_both_operators():
    assert ops(facts("SELECT 1 FROM orders WHERE amount >= 10 AND amount < 20")) == {"amount": {">=", "<"}}


def test_column_free_expressions_filter_and_names_resolve_through_ctes_and_derived_tables():
    result = facts(
        "WITH x AS (SELECT o.customer_id AS cid, o.status AS st FROM orders o)"
        " SELECT * FROM (SELECT cid, st FROM x) d WHERE d.st <> 'z' AND d.cid = abs(-3)"
    )
    assert ops(result) == {"status": {"<>"}, "customer_id": {"="}}
    assert result.columns >= {("sales", "orders", "status"), ("sales", "orders", "customer_id")}


def test_unqualified_columns_resolve_to_the_one_table_that_has_them():
    result = facts(
        "SELECT 1 FROM orders o JOIN regions r ON r.region_id = 1 WHERE name = 'north' AND email IS NULL"
    )
    assert ops(result) == {"name": {"="}, "email": {"IS NULL"}}
    ambiguous = facts(
        "SELECT 1 FROM orders o JOIN customers c ON c.customer_id = o.customer_id WHERE email = 'x'"
    )
    assert ops(ambiguous) == {}  # both tables have email: PostgreSQL would refuse it too


def test_the_target_of_insert_or_ctas_is_written_not_read_and_becomes_lineage():
    result = facts("INSERT INTO sales.regions SELECT customer_id, email FROM customers")
    assert result.reads == {("sales", "customers")} and result.writes == {("sales", "regions")}
    assert result.lineage == ((("sales", "customers"), ("sales", "regions")),)
    ctas = facts("CREATE TABLE sales.copy AS SELECT * FROM orders")
    assert ctas.reads == {("sales", "orders")} and ("sales", "copy") in ctas.writes


def test_default_schema_resolves_unqualified_names_and_search_paths():
    assert facts("SELECT * FROM orders", schema="sales, public").reads == {("sales", "orders")}
    assert facts("SELECT * FROM orders", schema="public").reads == {("public", "orders")}  # not crawled


def test_what_postgresql_rejects_is_unparseable():
    for sql in (
        "SELEC 1",
        "SELECT * FROM orders ORDER",
        "SELECT count(* FROM t",
        "DELETE orders",
        "SELECT 1 +",
    ):
        assert not facts(sql).parseable, sql
    for sql in ("SET search_path TO sales", "BEGIN", "SELECT 1", "DELETE FROM orders WHERE amount > 1"):
        assert facts(sql).parseable, sql

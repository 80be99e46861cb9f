"""The schema resolver: star expansion, unqualified resolution, unresolved reporting."""

from lineage.extraction import SchemaResolver, extract_lineage

SCHEMA = {"sales": {"orders": {"id": "int", "customer_id": "int", "amount": "numeric"}},
          "crm": {"customers": {"id": "int", "name": "text"}}}  # fmt: skip


def _cols(result):
    return {c.target: c.sources for c in result.columns}


def test_it_expands_star_with_a_resolver():
    (result,) = extract_lineage("INSERT INTO mart.o SELECT * FROM sales.orders", "postgres", schema=SCHEMA)
    assert result.status == "complete"
    assert _cols(result) == {
        "id": ["sales.orders.id"],
        "customer_id": ["sales.orders.customer_id"],
        "amount": ["sales.orders.amount"],
    }


def test_it_expands_star_through_ctes_and_qualified_stars():
    sql = (
        "WITH o AS (SELECT * FROM sales.orders) "
        "SELECT c.*, o.amount FROM o JOIN crm.customers c ON c.id = o.id"
    )
    (result,) = extract_lineage(sql, "postgres", schema=SCHEMA)
    assert _cols(result) == {"id": ["crm.customers.id"], "name": ["crm.customers.name"],
                             "amount": ["sales.orders.amount"]}  # fmt: skip


def test_it_resolves_unqualified_columns_in_a_join():
    sql = "SELECT name, amount FROM sales.orders o JOIN crm.customers c ON c.id = o.customer_id"
    (result,) = extract_lineage(sql, "postgres", schema=SCHEMA)
    assert result.status == "complete"
    assert _cols(result) == {"name": ["crm.customers.name"], "amount": ["sales.orders.amount"]}


def test_it_reports_columns_the_resolver_does_not_know():
    (result,) = extract_lineage("SELECT o.nope FROM sales.orders o", "postgres", schema=SCHEMA)
    assert result.status == "partial"
    assert "unresolved column sales.orders.nope" in result.reasons


def test_it_reports_ambiguous_unqualified_columns():
    sql = "SELECT id FROM sales.orders o JOIN crm.customers c ON c.id = o.customer_id"
    (result,) = extract_lineage(sql, "postgres", schema=SCHEMA)
    assert result.status == "partial"
    assert "ambiguous column id" in result.reasons


def test_it_accepts_flat_mappings_and_default_schema():
    resolver = SchemaResolver({"public.t": ["a", "b"]})
    (result,) = extract_lineage("SELECT * FROM t", "postgres", default_schema="public", schema=resolver)
    assert result.sources == ["public.t"]
    assert _cols(result) == {"a": ["public.t.a"], "b": ["public.t.b"]}


def test_it_matches_unqualified_tables_to_a_unique_schema_entry():
    (result,) = extract_lineage("SELECT * FROM orders", "postgres", schema=SCHEMA)
    assert result.sources == ["orders"]
    assert _cols(result)["amount"] == ["orders.amount"]


def test_it_maps_insert_column_lists_positionally_after_expansion():
    sql = "INSERT INTO mart.c (cid, cname) SELECT * FROM crm.customers"
    (result,) = extract_lineage(sql, "postgres", schema=SCHEMA)
    assert _cols(result) == {"cid": ["crm.customers.id"], "cname": ["crm.customers.name"]}


def test_it_accepts_a_sqlglot_mapping_schema():
    from sqlglot.schema import MappingSchema

    (result,) = extract_lineage("SELECT * FROM crm.customers", "postgres", schema=MappingSchema(SCHEMA))
    assert _cols(result) == {"id": ["crm.customers.id"], "name": ["crm.customers.name"]}

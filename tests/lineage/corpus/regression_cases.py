"""Regressions found by the blind audit (tests/lineage/audit): named windows, table-function
columns (WITH OFFSET / ORDINALITY, posexplode, FLATTEN), and malformed SQL that parses leniently."""

from .base import case

ORDERS = "sales.orders"
NAMED_WINDOW = (
    "SELECT o.customer_id, SUM(o.amount) OVER w AS running_amount FROM sales.orders o "
    "WINDOW w AS (PARTITION BY o.customer_id ORDER BY o.created_at)"
)
REFINED_WINDOW = (
    "SELECT o.id, rank() OVER (w ORDER BY o.ts) AS rnk FROM sales.orders o "
    "WINDOW w AS (PARTITION BY o.customer_id)"
)

CASES = [
    *(
        case(
            d,
            NAMED_WINDOW,
            None,
            [ORDERS],
            {
                "customer_id": [f"{ORDERS}.customer_id"],
                "running_amount": [f"{ORDERS}.amount", f"{ORDERS}.created_at", f"{ORDERS}.customer_id"],
            },
            id=f"audit_named_window_{d}",
        )
        for d in ("postgres", "duckdb", "mysql", "bigquery", "spark")
    ),
    *(
        case(
            d,
            REFINED_WINDOW,
            None,
            [ORDERS],
            {"id": [f"{ORDERS}.id"], "rnk": [f"{ORDERS}.customer_id", f"{ORDERS}.ts"]},
            id=f"audit_refined_window_{d}",
        )
        for d in ("postgres", "duckdb", "mysql", "bigquery", "spark")
    ),
    case(
        "postgres",
        """INSERT INTO mart.t (a, s)
           SELECT a, sum(x) OVER w2 FROM raw.t
           WINDOW w1 AS (PARTITION BY a), w2 AS (w1 ORDER BY b ROWS UNBOUNDED PRECEDING)""",
        "mart.t",
        ["raw.t"],
        {"a": ["raw.t.a"], "s": ["raw.t.a", "raw.t.b", "raw.t.x"]},
        id="audit_window_on_window",
    ),
    case(
        "mysql",
        """SELECT d.id, (SELECT max(v) OVER w FROM s.v WINDOW w AS (PARTITION BY v.k) LIMIT 1) AS m
           FROM s.d d""",
        None,
        ["s.d", "s.v"],
        {"id": ["s.d.id"], "m": ["s.v.k", "s.v.v"]},
        id="audit_window_in_subquery",
    ),
    # Table-function columns: a bare name produced by UNNEST / LATERAL VIEW / FLATTEN is the function's.
    case(
        "bigquery",
        """SELECT o.order_id, idx AS line_no, li.sku
           FROM shop.orders o, UNNEST(o.lines) AS li WITH OFFSET AS idx""",
        None,
        ["shop.orders"],
        {
            "order_id": ["shop.orders.order_id"],
            "line_no": ["shop.orders.lines"],
            "sku": ["shop.orders.lines"],
        },
        id="audit_bq_unnest_with_offset",
    ),
    case(
        "bigquery",
        "SELECT o.order_id, offset FROM shop.orders o CROSS JOIN UNNEST(o.lines) WITH OFFSET",
        None,
        ["shop.orders"],
        {"order_id": ["shop.orders.order_id"], "offset": ["shop.orders.lines"]},
        id="audit_bq_unnest_default_offset",
    ),
    case(
        "bigquery",
        "SELECT o.order_id, a, b FROM shop.orders o, UNNEST(o.xs) AS a, UNNEST(o.ys) AS b",
        None,
        ["shop.orders"],
        {"order_id": ["shop.orders.order_id"], "a": ["shop.orders.xs"], "b": ["shop.orders.ys"]},
        id="audit_bq_two_unnests",
    ),
    case(
        "bigquery",
        # UNNEST of an array of STRUCTs exposes its fields: `sku` may be one, so it is not guessed.
        "SELECT o.order_id, sku FROM shop.orders o, UNNEST(o.lines)",
        None,
        ["shop.orders"],
        {"order_id": ["shop.orders.order_id"], "sku": []},
        id="audit_bq_unaliased_unnest_is_not_guessed",
    ),
    case(
        "bigquery",
        "SELECT sku FROM UNNEST((SELECT lines FROM shop.orders LIMIT 1))",
        None,
        ["shop.orders"],
        {"sku": ["shop.orders.lines"]},
        id="audit_bq_only_unnest_provides",
    ),
    case(
        "postgres",
        "SELECT id, n, tag FROM shop.orders o, unnest(o.tags) WITH ORDINALITY AS x(tag, n)",
        None,
        ["shop.orders"],
        {"id": ["shop.orders.id"], "n": ["shop.orders.tags"], "tag": ["shop.orders.tags"]},
        id="audit_pg_with_ordinality",
    ),
    case(
        "postgres",
        "SELECT id, unnest FROM shop.orders o, unnest(o.tags)",
        None,
        ["shop.orders"],
        {"id": ["shop.orders.id"], "unnest": ["shop.orders.tags"]},
        id="audit_pg_unaliased_unnest",
    ),
    case(
        "spark",
        "SELECT o.id, pos, item FROM shop.orders o LATERAL VIEW posexplode(o.items) t AS pos, item",
        None,
        ["shop.orders"],
        {"id": ["shop.orders.id"], "pos": ["shop.orders.items"], "item": ["shop.orders.items"]},
        id="audit_spark_posexplode_pos",
    ),
    case(
        "hive",
        "INSERT INTO TABLE dw.x SELECT id, pos, col FROM shop.orders o LATERAL VIEW posexplode(o.items) t",
        "dw.x",
        ["shop.orders"],
        {"id": ["shop.orders.id"], "pos": ["shop.orders.items"], "col": ["shop.orders.items"]},
        id="audit_hive_posexplode_implicit",
    ),
    case(
        "snowflake",
        "SELECT id, value, index, seq FROM raw.docs t, TABLE(FLATTEN(t.arr))",
        None,
        ["raw.docs"],
        {
            "id": ["raw.docs.id"],
            "value": ["raw.docs.arr"],
            "index": ["raw.docs.arr"],
            "seq": ["raw.docs.arr"],
        },
        id="audit_sf_table_flatten",
    ),
    case(
        "snowflake",
        "SELECT t.id, path, f.key FROM raw.docs t, LATERAL FLATTEN(input => t.payload) f",
        None,
        ["raw.docs"],
        {"id": ["raw.docs.id"], "path": ["raw.docs.payload"], "key": ["raw.docs.payload"]},
        id="audit_sf_lateral_flatten_path",
    ),
    case(
        "snowflake",
        # A UDTF's output columns are not known: `x` is not pinned on raw.docs.
        "SELECT t.id, x FROM raw.docs t, TABLE(my_udtf(t.arr)) u",
        None,
        ["raw.docs"],
        {"id": ["raw.docs.id"], "x": []},
        id="audit_sf_udtf_columns_unknown",
    ),
    # Malformed statements that sqlglot parses leniently must fail.
    case(
        "tsql",
        "UPDATE dbo.Customers SET WHERE CustomerID = 1",
        None,
        [],
        None,
        error=True,
        id="audit_bad_set",
    ),
    case("postgres", "UPDATE t SET WHERE id = 1", None, [], None, error=True, id="audit_bad_set_pg"),
    case(
        "snowflake",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET",
        None,
        [],
        None,
        error=True,
        id="audit_bad_merge_set",
    ),
    case("redshift", "CREATE TABLE x AS SELECT a b c FROM", None, [], None, error=True, id="audit_bad_ctas"),
    case(
        "snowflake",
        "CREATE OR REPLACE VIEW v AS SELECT a b c FROM",
        None,
        [],
        None,
        error=True,
        id="audit_bad_view",
    ),
    case(
        "hive",
        "SELECT user_id event_type FROM FROM staging.raw_events",
        None,
        [],
        None,
        error=True,
        id="audit_from_from",
    ),
    case("postgres", "SELECT a FROM SELECT b FROM t", None, [], None, error=True, id="audit_from_select"),
    case(
        "spark",
        "SELECT a FROM t JOIN SELECT b FROM s ON t.k = s.k",
        None,
        [],
        None,
        error=True,
        id="audit_join_select",
    ),
    case("mysql", "SELECT FROM shop.users", None, [], None, error=True, id="audit_empty_select_list"),
    # ... and their valid neighbours must not.
    case(
        "postgres",
        "SELECT a.id FROM s.a a WHERE EXISTS (SELECT FROM s.b b WHERE b.id = a.id)",
        None,
        ["s.a", "s.b"],
        {"id": ["s.a.id"]},
        id="audit_pg_empty_select_list_is_valid",
    ),
    case(
        "postgres",
        "CREATE TABLE x WITH (fillfactor = 70) AS SELECT a FROM t WITH NO DATA",
        "x",
        ["t"],
        {"a": ["t.a"]},
        id="audit_ctas_with_options",
    ),
    case(
        "mysql",
        "SELECT x.id FROM ((SELECT a.id FROM s.a a) UNION ALL (SELECT b.id FROM s.b b)) x",
        None,
        ["s.a", "s.b"],
        {"id": ["s.a.id", "s.b.id"]},
        id="audit_parenthesised_union_in_from",
    ),
    case(
        "duckdb",
        "INSERT INTO mart.t FROM raw.events SELECT user_id",
        "mart.t",
        ["raw.events"],
        {"user_id": ["raw.events.user_id"]},
        id="audit_duckdb_from_first",
    ),
]

CASES += [
    case(
        "postgres",
        """WITH moved AS (
             DELETE FROM sales.orders WHERE created_at < now() - interval '2 years'
             RETURNING order_id, amount * 100 AS cents
           )
           INSERT INTO archive.orders (order_id, cents) SELECT order_id, cents FROM moved""",
        "archive.orders",
        ["sales.orders"],
        {"order_id": ["sales.orders.order_id"], "cents": ["sales.orders.amount"]},
        id="audit_pg_data_modifying_cte_returning",
    ),
    case(
        "postgres",
        """WITH up AS (UPDATE crm.accounts a SET tier = t.tier FROM crm.tiers t WHERE t.id = a.tier_id
                       RETURNING a.id, t.tier)
           INSERT INTO audit.tier_changes (account_id, tier) SELECT id, tier FROM up""",
        "audit.tier_changes",
        ["crm.accounts", "crm.tiers"],
        {"account_id": ["crm.accounts.id"], "tier": ["crm.tiers.tier"]},
        id="audit_pg_update_returning_cte",
    ),
]
CASES.append(
    case(
        "postgres",
        "SELECT o.id, f, other FROM shop.orders o, my_srf(o.payload) f",
        None,
        ["shop.orders"],
        {"id": ["shop.orders.id"], "f": ["shop.orders.payload"], "other": []},
        id="audit_pg_udf_alias_column_known_rest_open",
    )
)

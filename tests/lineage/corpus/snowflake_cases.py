"""Snowflake cases."""

from .base import case

S = "snowflake"

CASES = [
    case(
        S,
        """INSERT INTO analytics.order_items (order_id, sku, qty)
            SELECT o.id, f.value:sku::string, f.value:qty::int
            FROM raw.orders o, LATERAL FLATTEN(input => o.payload:items) f""",
        "analytics.order_items",
        ["raw.orders"],
        {"order_id": ["raw.orders.id"], "sku": ["raw.orders.payload"], "qty": ["raw.orders.payload"]},
        id="sf_flatten",
    ),
    case(
        S,
        'SELECT e.payload:user.id::number AS user_id, e.payload:"type" AS typ FROM raw.events e',
        None,
        ["raw.events"],
        {"user_id": ["raw.events.payload"], "typ": ["raw.events.payload"]},
        id="sf_variant_path",
    ),
    case(
        S,
        "SELECT amount * 1.2 AS gross, gross - amount AS tax FROM fin.invoices",
        None,
        ["fin.invoices"],
        {"gross": ["fin.invoices.amount"], "tax": ["fin.invoices.amount"]},
        id="sf_lateral_alias",
    ),
    case(
        S,
        "CREATE TABLE analytics.orders_bak CLONE analytics.orders",
        "analytics.orders_bak",
        ["analytics.orders"],
        None,
        id="sf_clone",
    ),
    case(
        S,
        "COPY INTO raw.events FROM @raw.events_stage FILE_FORMAT = (TYPE = 'JSON')",
        "raw.events",
        [],
        None,
        id="sf_copy_into_table",
    ),
    case(
        S,
        "COPY INTO @exports/orders FROM (SELECT id, amount FROM analytics.orders)",
        None,
        ["analytics.orders"],
        {"id": ["analytics.orders.id"], "amount": ["analytics.orders.amount"]},
        id="sf_copy_unload",
    ),
    case(
        S,
        """MERGE INTO dw.customers t
            USING (SELECT id, email, name FROM staging.customers) s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET t.email = s.email, t.name = upper(s.name)
            WHEN NOT MATCHED THEN INSERT (id, email, name) VALUES (s.id, s.email, s.name)""",
        "dw.customers",
        ["staging.customers"],
        {
            "email": ["staging.customers.email"],
            "name": ["staging.customers.name"],
            "id": ["staging.customers.id"],
        },
        id="sf_merge_subquery",
    ),
    case(
        S,
        """MERGE INTO dw.inventory AS tgt USING staging.inventory_delta AS src ON tgt.sku = src.sku
            WHEN MATCHED AND src.deleted THEN DELETE
            WHEN MATCHED THEN UPDATE SET qty = tgt.qty + src.delta
            WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (src.sku, src.delta)""",
        "dw.inventory",
        ["staging.inventory_delta"],
        {
            "qty": ["dw.inventory.qty", "staging.inventory_delta.delta"],
            "sku": ["staging.inventory_delta.sku"],
        },
        id="sf_merge_table",
    ),
    case(
        S,
        """CREATE OR REPLACE VIEW analytics.v_sessions AS
            WITH ev AS (SELECT user_id, ts FROM raw.events WHERE typ = 'page')
            SELECT user_id, MIN(ts) AS first_seen, MAX(ts) AS last_seen FROM ev GROUP BY user_id""",
        "analytics.v_sessions",
        ["raw.events"],
        {"user_id": ["raw.events.user_id"], "first_seen": ["raw.events.ts"], "last_seen": ["raw.events.ts"]},
        id="sf_view_cte",
    ),
    case(
        S,
        "SELECT ID, Name FROM DB1.PUBLIC.CUSTOMERS",
        None,
        ["db1.public.customers"],
        {"id": ["db1.public.customers.id"], "name": ["db1.public.customers.name"]},
        id="sf_three_part_upper",
    ),
    case(
        S,
        """SELECT c.id, IFF(c.tier = 'gold', o.amount * 0.9, o.amount) AS net
            FROM crm.customers c JOIN sales.orders o ON o.cid = c.id
            QUALIFY ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY o.ts DESC) = 1""",
        None,
        ["crm.customers", "sales.orders"],
        {"id": ["crm.customers.id"], "net": ["crm.customers.tier", "sales.orders.amount"]},
        id="sf_iff_qualify",
    ),
    case(
        S,
        "SELECT t.id, f.value AS tag FROM app.items t, TABLE(FLATTEN(t.tags)) f",
        None,
        ["app.items"],
        {"id": ["app.items.id"], "tag": ["app.items.tags"]},
        id="sf_table_flatten",
    ),
    case(
        S,
        "INSERT OVERWRITE INTO dw.latest SELECT id, v FROM staging.latest",
        "dw.latest",
        ["staging.latest"],
        {"id": ["staging.latest.id"], "v": ["staging.latest.v"]},
        id="sf_insert_overwrite",
    ),
    case(
        S,
        "SELECT * FROM analytics.orders",
        None,
        ["analytics.orders"],
        {"id": ["analytics.orders.id"], "amount": ["analytics.orders.amount"]},
        id="sf_star_resolver",
        schema={"analytics": {"orders": {"id": "int", "amount": "number"}}},
    ),
    case(S, "USE SCHEMA analytics", None, [], None, id="sf_use"),
    case(S, "CREATE TABLE dw.t1 (id NUMBER, name VARCHAR)", "dw.t1", [], None, id="sf_create_ddl"),
    case(
        S,
        """SELECT o.id, ARRAY_AGG(i.sku) WITHIN GROUP (ORDER BY i.pos) AS skus
            FROM sales.orders o JOIN sales.items i ON i.oid = o.id GROUP BY o.id""",
        None,
        ["sales.items", "sales.orders"],
        {"id": ["sales.orders.id"], "skus": ["sales.items.pos", "sales.items.sku"]},
        id="sf_array_agg",
    ),
    case(
        S,
        "UPDATE dw.orders SET status = s.status FROM staging.status s WHERE dw.orders.id = s.id",
        "dw.orders",
        ["staging.status"],
        {"status": ["staging.status.status"]},
        id="sf_update_from",
    ),
    case(
        S,
        "DELETE FROM dw.orders USING staging.cancelled c WHERE dw.orders.id = c.id",
        "dw.orders",
        ["staging.cancelled"],
        None,
        id="sf_delete_using",
    ),
    case(
        S,
        "CREATE TABLE dw.x AS SELECT $1:id::int AS id FROM @stage/x.json",
        "dw.x",
        [],
        {"id": []},
        id="sf_stage_select",
    ),
]

"""Postgres and Redshift cases."""

from .base import case

P = "postgres"
R = "redshift"

CASES = [
    case(
        P,
        "INSERT INTO mart.daily (day, total) SELECT o.day, sum(o.amount) FROM sales.orders o GROUP BY o.day",
        "mart.daily",
        ["sales.orders"],
        {"day": ["sales.orders.day"], "total": ["sales.orders.amount"]},
        id="pg_insert_cols",
    ),
    case(
        P,
        "INSERT INTO mart.users SELECT u.id, lower(u.email) AS email FROM app.users u WHERE u.active",
        "mart.users",
        ["app.users"],
        {"id": ["app.users.id"], "email": ["app.users.email"]},
        id="pg_insert_nocols",
    ),
    case(
        P,
        """WITH recent AS (
              SELECT customer_id, amount, created_at FROM sales.orders
              WHERE created_at > now() - interval '7 day'
            ), totals AS (
              SELECT customer_id, sum(amount) AS total FROM recent GROUP BY customer_id
            )
            INSERT INTO mart.customer_totals (customer_id, name, total)
            SELECT t.customer_id, c.name, t.total
            FROM totals t JOIN crm.customers c ON c.id = t.customer_id""",
        "mart.customer_totals",
        ["crm.customers", "sales.orders"],
        {
            "customer_id": ["sales.orders.customer_id"],
            "name": ["crm.customers.name"],
            "total": ["sales.orders.amount"],
        },
        id="pg_cte_chain",
    ),
    case(
        P,
        "CREATE TABLE mart.x AS SELECT a.id, a.v + b.v AS s FROM raw.a a LEFT JOIN raw.b b ON a.id = b.id",
        "mart.x",
        ["raw.a", "raw.b"],
        {"id": ["raw.a.id"], "s": ["raw.a.v", "raw.b.v"]},
        id="pg_ctas",
    ),
    case(
        P,
        "CREATE VIEW rpt.v_orders (order_id, cust) AS SELECT id, customer_id FROM sales.orders",
        "rpt.v_orders",
        ["sales.orders"],
        {"order_id": ["sales.orders.id"], "cust": ["sales.orders.customer_id"]},
        id="pg_view_collist",
    ),
    case(
        P,
        """CREATE MATERIALIZED VIEW rpt.mv AS
            SELECT region, count(*) AS n, count(*) FILTER (WHERE status = 'open') AS open_n
            FROM sales.tickets GROUP BY region""",
        "rpt.mv",
        ["sales.tickets"],
        {"region": ["sales.tickets.region"], "n": [], "open_n": ["sales.tickets.status"]},
        id="pg_matview_filter",
    ),
    case(
        P,
        "SELECT id, name INTO TEMP tmp_users FROM app.users WHERE created_at > '2024-01-01'",
        "tmp_users",
        ["app.users"],
        {"id": ["app.users.id"], "name": ["app.users.name"]},
        id="pg_select_into",
    ),
    case(
        P,
        "UPDATE app.accounts a SET balance = a.balance + t.amount, updated_at = now() "
        "FROM app.transfers t WHERE t.account_id = a.id",
        "app.accounts",
        ["app.transfers"],
        {"balance": ["app.accounts.balance", "app.transfers.amount"], "updated_at": []},
        id="pg_update_from",
    ),
    case(
        P,
        "DELETE FROM app.sessions s USING app.users u WHERE s.user_id = u.id AND u.deleted",
        "app.sessions",
        ["app.users"],
        None,
        id="pg_delete_using",
    ),
    case(
        P,
        "DELETE FROM app.events WHERE user_id IN (SELECT id FROM app.banned)",
        "app.events",
        ["app.banned"],
        None,
        id="pg_delete_subquery",
    ),
    case(
        P,
        "COPY staging.raw_events FROM '/data/events.csv' WITH (FORMAT csv)",
        "staging.raw_events",
        [],
        None,
        id="pg_copy_from",
    ),
    case(
        P,
        "COPY (SELECT id, email FROM app.users WHERE active) TO '/tmp/users.csv'",
        None,
        ["app.users"],
        {"id": ["app.users.id"], "email": ["app.users.email"]},
        id="pg_copy_query_to",
    ),
    case(
        P,
        """WITH RECURSIVE tree AS (
              SELECT id, parent_id, name FROM org.units WHERE parent_id IS NULL
              UNION ALL
              SELECT u.id, u.parent_id, u.name FROM org.units u JOIN tree t ON u.parent_id = t.id
            ) SELECT id, name FROM tree""",
        None,
        ["org.units"],
        {"id": ["org.units.id"], "name": ["org.units.name"]},
        id="pg_recursive_cte",
    ),
    case(
        P,
        "WITH orders AS (SELECT * FROM archive.orders_2020) SELECT count(*) AS n FROM orders",
        None,
        ["archive.orders_2020"],
        {"n": []},
        id="pg_cte_shadows_name",
    ),
    case(P, "SELECT g AS day FROM generate_series(1, 10) g", None, [], {"day": []}, id="pg_generate_series"),
    case(
        P,
        """SELECT u.id, x.tag FROM app.users u
            CROSS JOIN LATERAL unnest(u.tags) AS x(tag)""",
        None,
        ["app.users"],
        {"id": ["app.users.id"], "tag": ["app.users.tags"]},
        id="pg_lateral_unnest",
    ),
    case(
        P,
        """SELECT c.id, l.last_order FROM crm.customers c
            LEFT JOIN LATERAL (SELECT max(o.created_at) AS last_order FROM sales.orders o
                               WHERE o.customer_id = c.id) l ON true""",
        None,
        ["crm.customers", "sales.orders"],
        {"id": ["crm.customers.id"], "last_order": ["sales.orders.created_at"]},
        id="pg_lateral_subquery",
    ),
    case(
        P,
        """SELECT id, CASE WHEN score > 90 THEN 'a' WHEN grade = 'b' THEN 'b' ELSE 'c' END AS bucket
            FROM school.results""",
        None,
        ["school.results"],
        {"id": ["school.results.id"], "bucket": ["school.results.grade", "school.results.score"]},
        id="pg_case",
    ),
    case(
        P,
        """SELECT customer_id, row_number() OVER (PARTITION BY region ORDER BY created_at DESC) AS rn
            FROM sales.orders""",
        None,
        ["sales.orders"],
        {
            "customer_id": ["sales.orders.customer_id"],
            "rn": ["sales.orders.created_at", "sales.orders.region"],
        },
        id="pg_window",
    ),
    case(
        P,
        """SELECT o.id, (SELECT c.name FROM crm.customers c WHERE c.id = o.customer_id) AS cname
            FROM sales.orders o WHERE EXISTS (SELECT 1 FROM sales.refunds r WHERE r.order_id = o.id)""",
        None,
        ["crm.customers", "sales.orders", "sales.refunds"],
        {"id": ["sales.orders.id"], "cname": ["crm.customers.name"]},
        id="pg_scalar_exists",
    ),
    case(
        P,
        """SELECT id, email FROM app.users UNION SELECT id, contact_email FROM crm.leads
            EXCEPT SELECT id, email FROM app.unsubscribed""",
        None,
        ["app.unsubscribed", "app.users", "crm.leads"],
        {
            "id": ["app.unsubscribed.id", "app.users.id", "crm.leads.id"],
            "email": ["app.unsubscribed.email", "app.users.email", "crm.leads.contact_email"],
        },
        id="pg_setops",
    ),
    case(
        P,
        "SELECT v.a, v.b FROM (VALUES (1, 'x'), (2, 'y')) AS v(a, b)",
        None,
        [],
        {"a": [], "b": []},
        id="pg_values",
    ),
    case(
        P,
        "INSERT INTO app.flags (name, enabled) VALUES ('x', true)",
        "app.flags",
        [],
        {"name": [], "enabled": []},
        id="pg_insert_values",
    ),
    case(
        P,
        "INSERT INTO app.log SELECT * FROM app.log WHERE ts < now()",
        "app.log",
        ["app.log"],
        {},
        id="pg_self_insert_star",
        schema=None,
    ),
    case(
        P,
        "SELECT o.data->>'sku' AS sku, o.data #>> '{a,b}' AS ab FROM shop.orders o",
        None,
        ["shop.orders"],
        {"sku": ["shop.orders.data"], "ab": ["shop.orders.data"]},
        id="pg_json_ops",
    ),
    case(P, "DROP TABLE IF EXISTS staging.tmp", None, [], None, id="pg_drop"),
    case(P, "GRANT SELECT ON ALL TABLES IN SCHEMA mart TO analyst", None, [], None, id="pg_grant"),
    case(P, "ALTER TABLE app.users ADD COLUMN age int", None, [], None, id="pg_alter"),
    case(P, "CREATE INDEX idx_users_email ON app.users (email)", None, [], None, id="pg_create_index"),
    case(P, "TRUNCATE TABLE staging.raw", None, [], None, id="pg_truncate"),
    case(
        P,
        "CREATE TABLE app.items (id int PRIMARY KEY, name text NOT NULL)",
        "app.items",
        [],
        None,
        id="pg_create_ddl",
    ),
    case(
        P,
        "INSERT INTO orders_copy SELECT id, amount FROM orders",
        "public.orders_copy",
        ["public.orders"],
        {"id": ["public.orders.id"], "amount": ["public.orders.amount"]},
        id="pg_default_schema",
        default_schema="public",
    ),
    case(
        P,
        'SELECT "UserId", "eventName" AS ev FROM analytics."Events"',
        None,
        ["analytics.Events"],
        {"UserId": ["analytics.Events.UserId"], "ev": ["analytics.Events.eventName"]},
        id="pg_quoted_case",
    ),
    case(
        P,
        """INSERT INTO mart.order_facts (order_id, customer_name, item_count)
            SELECT o.id, c.name, (SELECT count(*) FROM sales.items i WHERE i.order_id = o.id)
            FROM sales.orders o JOIN crm.customers c ON c.id = o.customer_id""",
        "mart.order_facts",
        ["crm.customers", "sales.items", "sales.orders"],
        {"order_id": ["sales.orders.id"], "customer_name": ["crm.customers.name"], "item_count": []},
        id="pg_scalar_count",
    ),
    case(
        R,
        """SELECT amount * rate AS usd, usd * 0.1 AS fee, customer_id
            FROM fin.payments p JOIN fin.fx f ON p.currency = f.currency""",
        None,
        ["fin.fx", "fin.payments"],
        {
            "usd": ["fin.fx.rate", "fin.payments.amount"],
            "fee": ["fin.fx.rate", "fin.payments.amount"],
            "customer_id": ["fin.payments.customer_id"],
        },
        id="rs_lateral_alias_schema",
        schema={"fin.payments": ["amount", "currency", "customer_id"], "fin.fx": ["currency", "rate"]},
    ),
    case(
        R,
        "INSERT INTO dw.sales_agg SELECT region, sum(amount) AS amt FROM dw.sales GROUP BY 1",
        "dw.sales_agg",
        ["dw.sales"],
        {"region": ["dw.sales.region"], "amt": ["dw.sales.amount"]},
        id="rs_insert_agg",
    ),
    case(
        R,
        """CREATE TABLE dw.users_dedup AS
            SELECT * FROM (SELECT id, email, row_number() OVER (PARTITION BY email ORDER BY id) AS rn
                           FROM dw.users) t WHERE rn = 1""",
        "dw.users_dedup",
        ["dw.users"],
        {"id": ["dw.users.id"], "email": ["dw.users.email"], "rn": ["dw.users.email", "dw.users.id"]},
        id="rs_ctas_dedup",
    ),
    case(
        R,
        "DELETE FROM dw.stage USING dw.final WHERE stage.id = final.id",
        "dw.stage",
        ["dw.final"],
        None,
        id="rs_delete_using",
    ),
    case(
        R,
        """UPDATE dw.customers SET segment = s.segment FROM dw.segments s
            WHERE customers.id = s.customer_id""",
        "dw.customers",
        ["dw.segments"],
        {"segment": ["dw.segments.segment"]},
        id="rs_update_from",
    ),
    case(
        R,
        "SELECT nvl(a.x, b.x) AS x FROM s1.a a FULL OUTER JOIN s1.b b ON a.k = b.k",
        None,
        ["s1.a", "s1.b"],
        {"x": ["s1.a.x", "s1.b.x"]},
        id="rs_full_join",
    ),
    case(
        R,
        "SELECT listagg(name, ',') WITHIN GROUP (ORDER BY rank) AS names FROM hr.staff",
        None,
        ["hr.staff"],
        {"names": ["hr.staff.name", "hr.staff.rank"]},
        id="rs_listagg",
    ),
    case(R, "ANALYZE dw.sales", None, [], None, id="rs_analyze"),
    case(
        R,
        "INSERT INTO dw.t (a, b) SELECT x.a, y.b FROM dw.x x JOIN dw.y y USING (id)",
        "dw.t",
        ["dw.x", "dw.y"],
        {"a": ["dw.x.a"], "b": ["dw.y.b"]},
        id="rs_join_using",
    ),
]

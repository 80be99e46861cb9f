# ruff: noqa: E501  (the labelled SQL is kept verbatim, long lines included)
"""Builds blind_set.json: hand-labelled lineage expectations, written from SQL
semantics only (without reading the extractor or its tests).

Label conventions (the metrics are described in tests/lineage/scoring.py):
  target   modified/created table (INSERT/CTAS/VIEW/SELECT INTO/MERGE/UPDATE/DELETE/COPY/CLONE), else None
  sources  physical tables/views read; never CTEs, derived tables, table functions, VALUES, DUAL.
           The target is also a source only if it is read as a separate table reference.
  columns  [{target, sources}] or None for statements with no column lineage.
"""

import json
import os

SET = []


def T(dialect, sql, target, sources, columns=None, error=False, note=None):
    if error:
        target, sources, columns = None, [], None
    cols = None
    if columns is not None:
        cols = [{"target": k, "sources": sorted(set(v))} for k, v in columns.items()]
    d = {
        "dialect": dialect,
        "sql": sql.strip(),
        "target": target,
        "sources": sorted(set(sources)),
        "columns": cols,
    }
    if error:
        d["error"] = True
    if note:
        d["note"] = note
    SET.append(d)


NOLIN = dict(target=None, sources=[], columns=None)

# --------------------------------------------------------------------------- postgres
P = "postgres"
T(
    P,
    """
INSERT INTO analytics.daily_revenue (order_date, region, revenue, order_count)
SELECT o.order_date, c.region, SUM(o.amount - COALESCE(o.discount, 0)), COUNT(*)
FROM sales.orders o
JOIN crm.customers c ON c.customer_id = o.customer_id
WHERE o.status = 'complete'
GROUP BY o.order_date, c.region
""",
    "analytics.daily_revenue",
    ["sales.orders", "crm.customers"],
    {
        "order_date": ["sales.orders.order_date"],
        "region": ["crm.customers.region"],
        "revenue": ["sales.orders.amount", "sales.orders.discount"],
        "order_count": [],
    },
)
T(
    P,
    """
CREATE TABLE analytics.customer_ltv AS
WITH ord AS (
  SELECT o.customer_id, o.amount, o.created_at FROM sales.orders o WHERE o.status <> 'cancelled'
)
SELECT ord.customer_id,
       SUM(ord.amount) AS lifetime_value,
       MIN(ord.created_at) AS first_order_at,
       RANK() OVER (ORDER BY SUM(ord.amount) DESC) AS ltv_rank
FROM ord
GROUP BY ord.customer_id
""",
    "analytics.customer_ltv",
    ["sales.orders"],
    {
        "customer_id": ["sales.orders.customer_id"],
        "lifetime_value": ["sales.orders.amount"],
        "first_order_at": ["sales.orders.created_at"],
        "ltv_rank": ["sales.orders.amount"],
    },
)
T(
    P,
    """
CREATE OR REPLACE VIEW reporting.all_contacts (contact_id, email, source_system) AS
SELECT c.customer_id, c.email, 'crm' FROM crm.customers c
UNION ALL
SELECT l.lead_id, lower(l.email_address), 'marketing' FROM marketing.leads l
""",
    "reporting.all_contacts",
    ["crm.customers", "marketing.leads"],
    {
        "contact_id": ["crm.customers.customer_id", "marketing.leads.lead_id"],
        "email": ["crm.customers.email", "marketing.leads.email_address"],
        "source_system": [],
    },
)
T(
    P,
    """
SELECT p.product_id, p.name AS product_name, p.list_price * 0.9 AS promo_price
INTO staging.promo_products
FROM catalog.products p
WHERE p.is_active
""",
    "staging.promo_products",
    ["catalog.products"],
    {
        "product_id": ["catalog.products.product_id"],
        "product_name": ["catalog.products.name"],
        "promo_price": ["catalog.products.list_price"],
    },
)
T(
    P,
    """
UPDATE inventory.stock AS s
SET quantity = s.quantity - r.reserved_qty,
    updated_at = now()
FROM inventory.reservations r
WHERE r.sku = s.sku AND r.status = 'confirmed'
""",
    "inventory.stock",
    ["inventory.reservations"],
    {
        "quantity": ["inventory.stock.quantity", "inventory.reservations.reserved_qty"],
        "updated_at": [],
    },
    note="self-reference edge stock.quantity->quantity",
)
T(
    P,
    """
DELETE FROM crm.customers c
USING crm.gdpr_requests g
WHERE g.customer_id = c.customer_id AND g.request_type = 'erasure'
""",
    "crm.customers",
    ["crm.gdpr_requests"],
    None,
)
T(
    P,
    """
INSERT INTO dim.products (product_id, name, category, price)
SELECT sp.id, sp.title, sp.category_name, sp.price_cents / 100.0
FROM staging.products sp
ON CONFLICT (product_id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price
""",
    "dim.products",
    ["staging.products"],
    {
        "product_id": ["staging.products.id"],
        "name": ["staging.products.title"],
        "category": ["staging.products.category_name"],
        "price": ["staging.products.price_cents"],
    },
)
T(
    P,
    """
SELECT d::date AS day, COUNT(o.order_id) AS orders
FROM generate_series(DATE '2024-01-01', DATE '2024-12-31', INTERVAL '1 day') AS g(d)
LEFT JOIN sales.orders o ON o.order_date = g.d::date
GROUP BY d
""",
    None,
    ["sales.orders"],
    {"day": [], "orders": ["sales.orders.order_id"]},
)
T(
    P,
    """
SELECT c.customer_id, c.email, last_o.amount AS last_amount, last_o.created_at AS last_order_at
FROM crm.customers c
CROSS JOIN LATERAL (
  SELECT o.amount, o.created_at
  FROM sales.orders o
  WHERE o.customer_id = c.customer_id
  ORDER BY o.created_at DESC
  LIMIT 1
) AS last_o
""",
    None,
    ["crm.customers", "sales.orders"],
    {
        "customer_id": ["crm.customers.customer_id"],
        "email": ["crm.customers.email"],
        "last_amount": ["sales.orders.amount"],
        "last_order_at": ["sales.orders.created_at"],
    },
)
T(
    P,
    """
SELECT o.customer_id,
       COUNT(*) FILTER (WHERE o.status = 'returned') AS returned_orders,
       SUM(o.amount) FILTER (WHERE o.channel = 'web') AS web_revenue
FROM sales.orders o
GROUP BY o.customer_id
""",
    None,
    ["sales.orders"],
    {
        "customer_id": ["sales.orders.customer_id"],
        "returned_orders": ["sales.orders.status"],
        "web_revenue": ["sales.orders.amount", "sales.orders.channel"],
    },
)
T(
    P,
    """
WITH RECURSIVE org AS (
  SELECT e.employee_id, e.manager_id, e.full_name, 1 AS depth
  FROM hr.employees e
  WHERE e.manager_id IS NULL
  UNION ALL
  SELECT e.employee_id, e.manager_id, e.full_name, org.depth + 1
  FROM hr.employees e
  JOIN org ON e.manager_id = org.employee_id
)
INSERT INTO hr.org_chart (employee_id, manager_id, full_name, depth)
SELECT employee_id, manager_id, full_name, depth FROM org
""",
    "hr.org_chart",
    ["hr.employees"],
    {
        "employee_id": ["hr.employees.employee_id"],
        "manager_id": ["hr.employees.manager_id"],
        "full_name": ["hr.employees.full_name"],
        "depth": [],
    },
)
T(
    P,
    """
WITH moved AS (
  DELETE FROM sales.orders
  WHERE created_at < now() - interval '2 years'
  RETURNING order_id, customer_id, amount, created_at
)
INSERT INTO archive.orders (order_id, customer_id, amount, created_at)
SELECT order_id, customer_id, amount, created_at FROM moved
""",
    "archive.orders",
    ["sales.orders"],
    {
        "order_id": ["sales.orders.order_id"],
        "customer_id": ["sales.orders.customer_id"],
        "amount": ["sales.orders.amount"],
        "created_at": ["sales.orders.created_at"],
    },
    note="data-modifying CTE; sales.orders is also modified",
)
T(
    P,
    """
CREATE VIEW "Finance"."MonthlyRevenue" AS
SELECT date_trunc('month', i."InvoiceDate") AS month, SUM(i."TotalAmount") AS revenue
FROM "Finance"."Invoices" i
GROUP BY 1
""",
    "Finance.MonthlyRevenue",
    ["Finance.Invoices"],
    {
        "month": ["Finance.Invoices.InvoiceDate"],
        "revenue": ["Finance.Invoices.TotalAmount"],
    },
    note="quoted identifiers keep case in postgres",
)
T(
    P,
    """
CREATE MATERIALIZED VIEW reporting.active_customers AS
SELECT c.customer_id, c.email
FROM crm.customers c
WHERE EXISTS (
    SELECT 1 FROM sales.orders o
    WHERE o.customer_id = c.customer_id AND o.created_at > now() - interval '90 days')
  AND c.customer_id NOT IN (SELECT b.customer_id FROM crm.blocklist b)
""",
    "reporting.active_customers",
    ["crm.customers", "sales.orders", "crm.blocklist"],
    {
        "customer_id": ["crm.customers.customer_id"],
        "email": ["crm.customers.email"],
    },
)
T(
    P,
    """
CREATE TABLE staging.events_raw (
  event_id bigint PRIMARY KEY,
  payload jsonb,
  received_at timestamptz DEFAULT now()
)
""",
    "staging.events_raw",
    [],
    None,
)
T(P, "CREATE INDEX idx_orders_customer ON sales.orders (customer_id, created_at)", **NOLIN)
T(P, "GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO analyst_role", **NOLIN)
T(P, "COMMENT ON TABLE sales.orders IS 'One row per customer order'", **NOLIN)
T(P, "ANALYZE sales.orders", **NOLIN)
T(P, "INSERT INTO analytics.x (a, b SELECT a, b FROM staging.y", None, [], error=True)
T(
    P,
    """
SELECT p.product_id,
       p.name,
       (SELECT AVG(r.rating) FROM reviews.product_reviews r WHERE r.product_id = p.product_id) AS avg_rating
FROM catalog.products p
""",
    None,
    ["catalog.products", "reviews.product_reviews"],
    {
        "product_id": ["catalog.products.product_id"],
        "name": ["catalog.products.name"],
        "avg_rating": ["reviews.product_reviews.rating"],
    },
)
T(
    P,
    """
INSERT INTO ops.missing_shipments (order_id)
SELECT o.order_id FROM sales.orders o WHERE o.status = 'shipped'
EXCEPT
SELECT s.order_id FROM logistics.shipments s
""",
    "ops.missing_shipments",
    ["sales.orders", "logistics.shipments"],
    {
        "order_id": ["sales.orders.order_id", "logistics.shipments.order_id"],
    },
)

# --------------------------------------------------------------------------- mysql
M = "mysql"
T(
    M,
    """
REPLACE INTO reporting.product_stats (product_id, total_sold, last_sold_at)
SELECT oi.product_id, SUM(oi.quantity), MAX(o.created_at)
FROM shop.order_items oi
JOIN shop.orders o ON o.id = oi.order_id
GROUP BY oi.product_id
""",
    "reporting.product_stats",
    ["shop.order_items", "shop.orders"],
    {
        "product_id": ["shop.order_items.product_id"],
        "total_sold": ["shop.order_items.quantity"],
        "last_sold_at": ["shop.orders.created_at"],
    },
)
T(
    M,
    """
UPDATE shop.customers c
JOIN (
  SELECT o.customer_id, SUM(o.total) AS spend FROM shop.orders o GROUP BY o.customer_id
) t ON t.customer_id = c.id
SET c.lifetime_spend = t.spend,
    c.tier = CASE WHEN t.spend > 10000 THEN 'gold' ELSE 'standard' END
""",
    "shop.customers",
    ["shop.orders"],
    {
        "lifetime_spend": ["shop.orders.total"],
        "tier": ["shop.orders.total"],
    },
)
T(
    M,
    """
DELETE s FROM shop.sessions s
JOIN shop.users u ON u.id = s.user_id
WHERE u.deleted_at IS NOT NULL
""",
    "shop.sessions",
    ["shop.users"],
    None,
)
T(
    M,
    """
CREATE TABLE reporting.top_customers
SELECT c.id AS customer_id, c.email, SUM(o.total) AS spend
FROM shop.customers c
JOIN shop.orders o ON o.customer_id = c.id
GROUP BY c.id, c.email
ORDER BY spend DESC
LIMIT 100
""",
    "reporting.top_customers",
    ["shop.customers", "shop.orders"],
    {
        "customer_id": ["shop.customers.id"],
        "email": ["shop.customers.email"],
        "spend": ["shop.orders.total"],
    },
    note="MySQL CREATE TABLE ... SELECT without AS",
)
T(
    M,
    """
INSERT INTO shop.daily_visits (visit_date, page, visits)
SELECT DATE(v.ts), v.page, COUNT(*)
FROM shop.pageviews v
WHERE v.ts >= CURDATE()
GROUP BY DATE(v.ts), v.page
ON DUPLICATE KEY UPDATE visits = VALUES(visits)
""",
    "shop.daily_visits",
    ["shop.pageviews"],
    {
        "visit_date": ["shop.pageviews.ts"],
        "page": ["shop.pageviews.page"],
        "visits": [],
    },
)
T(M, "SELECT NOW() AS ts, DATABASE() AS db FROM DUAL", None, [], {"ts": [], "db": []})
T(
    M,
    """
INSERT INTO `analytics`.`user_summary` (`user_id`, `signup_month`, `order_count`)
SELECT u.`id`, DATE_FORMAT(u.`created_at`, '%Y-%m'), COUNT(o.`id`)
FROM `shop`.`users` u
LEFT JOIN `shop`.`orders` o ON o.`user_id` = u.`id`
GROUP BY u.`id`, DATE_FORMAT(u.`created_at`, '%Y-%m')
""",
    "analytics.user_summary",
    ["shop.users", "shop.orders"],
    {
        "user_id": ["shop.users.id"],
        "signup_month": ["shop.users.created_at"],
        "order_count": ["shop.orders.id"],
    },
)
T(
    M,
    """
SELECT ranked.category_id, ranked.product_id, ranked.revenue
FROM (
  SELECT p.category_id, p.id AS product_id,
         SUM(oi.quantity * oi.unit_price) AS revenue,
         ROW_NUMBER() OVER (PARTITION BY p.category_id ORDER BY SUM(oi.quantity * oi.unit_price) DESC) AS rn
  FROM shop.products p
  JOIN shop.order_items oi ON oi.product_id = p.id
  GROUP BY p.category_id, p.id
) ranked
WHERE ranked.rn <= 3
""",
    None,
    ["shop.products", "shop.order_items"],
    {
        "category_id": ["shop.products.category_id"],
        "product_id": ["shop.products.id"],
        "revenue": ["shop.order_items.quantity", "shop.order_items.unit_price"],
    },
)
T(
    M,
    """
CREATE VIEW reporting.all_emails AS
SELECT u.email FROM shop.users u
UNION
SELECT n.email FROM marketing.newsletter_subscribers n
""",
    "reporting.all_emails",
    ["shop.users", "marketing.newsletter_subscribers"],
    {
        "email": ["shop.users.email", "marketing.newsletter_subscribers.email"],
    },
)
T(
    M,
    """
UPDATE shop.products
SET is_active = 0
WHERE id NOT IN (SELECT product_id FROM shop.order_items WHERE created_at > NOW() - INTERVAL 1 YEAR)
""",
    "shop.products",
    ["shop.order_items"],
    {"is_active": []},
)
T(
    M,
    "INSERT INTO shop.settings (setting_key, setting_value) VALUES ('currency', 'EUR'), ('tz', 'UTC')",
    "shop.settings",
    [],
    {"setting_key": [], "setting_value": []},
)
T(M, "ALTER TABLE shop.orders ADD COLUMN coupon_code VARCHAR(32) NULL AFTER total", **NOLIN)
T(M, "DROP TABLE IF EXISTS reporting.tmp_product_stats", **NOLIN)
T(M, "SET SESSION sql_mode = 'STRICT_ALL_TABLES'", **NOLIN)
T(M, "SELECT id, FROM shop.users WHERE", None, [], error=True)
T(
    M,
    """
WITH orders AS (
  SELECT o.id, o.customer_id, o.total FROM shop.orders_archive o WHERE o.total > 0
)
SELECT orders.customer_id, SUM(orders.total) AS archived_total
FROM orders
GROUP BY orders.customer_id
""",
    None,
    ["shop.orders_archive"],
    {
        "customer_id": ["shop.orders_archive.customer_id"],
        "archived_total": ["shop.orders_archive.total"],
    },
    note="CTE shadows table name",
)
T(
    M,
    """
INSERT INTO reporting.order_flags
SELECT o.id AS order_id,
       CASE WHEN o.total > a.avg_total * 3 THEN 'outlier'
            WHEN o.coupon_code IS NOT NULL THEN 'coupon'
            ELSE 'normal' END AS flag
FROM shop.orders o
CROSS JOIN (SELECT AVG(total) AS avg_total FROM shop.orders) a
""",
    "reporting.order_flags",
    ["shop.orders"],
    {
        "order_id": ["shop.orders.id"],
        "flag": ["shop.orders.total", "shop.orders.coupon_code"],
    },
)

# --------------------------------------------------------------------------- snowflake
S = "snowflake"
T(
    S,
    """
MERGE INTO dw.dim_customer t
USING staging.customer_updates s
ON t.customer_id = s.customer_id
WHEN MATCHED AND s.op = 'D' THEN DELETE
WHEN MATCHED THEN UPDATE SET t.email = s.email, t.segment = s.segment, t.updated_at = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (customer_id, email, segment, updated_at)
  VALUES (s.customer_id, s.email, s.segment, CURRENT_TIMESTAMP())
""",
    "dw.dim_customer",
    ["staging.customer_updates"],
    {
        "email": ["staging.customer_updates.email"],
        "segment": ["staging.customer_updates.segment"],
        "updated_at": [],
        "customer_id": ["staging.customer_updates.customer_id"],
    },
)
T(
    S,
    "COPY INTO raw.events FROM @raw.events_stage/2024/ FILE_FORMAT = (TYPE = 'JSON') ON_ERROR = 'CONTINUE'",
    "raw.events",
    [],
    None,
)
T(
    S,
    "CREATE TABLE dw.fact_orders_backup CLONE dw.fact_orders",
    "dw.fact_orders_backup",
    ["dw.fact_orders"],
    None,
)
T(
    S,
    """
CREATE OR REPLACE TABLE staging.events_flat AS
SELECT e.event_id,
       e.payload:user.id::string AS user_id,
       e.payload:context.device.os::string AS device_os,
       TO_TIMESTAMP_NTZ(e.payload:ts::number) AS event_ts
FROM raw.events e
""",
    "staging.events_flat",
    ["raw.events"],
    {
        "event_id": ["raw.events.event_id"],
        "user_id": ["raw.events.payload"],
        "device_os": ["raw.events.payload"],
        "event_ts": ["raw.events.payload"],
    },
)
T(
    S,
    """
INSERT INTO staging.order_lines (order_id, sku, qty)
SELECT o.order_id, f.value:sku::string, f.value:qty::int
FROM raw.orders o,
     LATERAL FLATTEN(input => o.payload:lines) f
""",
    "staging.order_lines",
    ["raw.orders"],
    {
        "order_id": ["raw.orders.order_id"],
        "sku": ["raw.orders.payload"],
        "qty": ["raw.orders.payload"],
    },
)
T(
    S,
    """
SELECT li.order_id,
       li.quantity * li.unit_price AS gross,
       gross * (1 - li.discount_pct) AS net,
       net * 0.2 AS vat
FROM dw.line_items li
""",
    None,
    ["dw.line_items"],
    {
        "order_id": ["dw.line_items.order_id"],
        "gross": ["dw.line_items.quantity", "dw.line_items.unit_price"],
        "net": ["dw.line_items.quantity", "dw.line_items.unit_price", "dw.line_items.discount_pct"],
        "vat": ["dw.line_items.quantity", "dw.line_items.unit_price", "dw.line_items.discount_pct"],
    },
)
T(
    S,
    """
CREATE OR REPLACE VIEW dw.latest_customer_address AS
SELECT a.customer_id, a.address_line1, a.city, a.country
FROM dw.customer_addresses a
QUALIFY ROW_NUMBER() OVER (PARTITION BY a.customer_id ORDER BY a.valid_from DESC) = 1
""",
    "dw.latest_customer_address",
    ["dw.customer_addresses"],
    {
        "customer_id": ["dw.customer_addresses.customer_id"],
        "address_line1": ["dw.customer_addresses.address_line1"],
        "city": ["dw.customer_addresses.city"],
        "country": ["dw.customer_addresses.country"],
    },
)
T(
    S,
    """
SELECT c.customer_id FROM dw.dim_customer c
MINUS
SELECT x.customer_id FROM dw.churned_customers x
""",
    None,
    ["dw.dim_customer", "dw.churned_customers"],
    {
        "customer_id": ["dw.dim_customer.customer_id", "dw.churned_customers.customer_id"],
    },
)
T(
    S,
    """
INSERT OVERWRITE INTO dw.daily_kpis
SELECT CURRENT_DATE() AS kpi_date, COUNT(DISTINCT s.user_id) AS dau, SUM(s.revenue) AS revenue
FROM dw.sessions s
WHERE s.session_date = CURRENT_DATE()
""",
    "dw.daily_kpis",
    ["dw.sessions"],
    {
        "kpi_date": [],
        "dau": ["dw.sessions.user_id"],
        "revenue": ["dw.sessions.revenue"],
    },
)
T(
    S,
    """
INSERT INTO analytics.public."Revenue_By_Region" ("Region", "Revenue")
SELECT r."RegionName", SUM(o.amount)
FROM dw.orders o
JOIN dw."Regions" r ON r.region_id = o.region_id
GROUP BY r."RegionName"
""",
    "analytics.public.Revenue_By_Region",
    ["dw.orders", "dw.Regions"],
    {
        "Region": ["dw.Regions.RegionName"],
        "Revenue": ["dw.orders.amount"],
    },
    note="quoted identifiers keep case",
)
T(
    S,
    """
CREATE OR REPLACE TRANSIENT TABLE analytics.marts.customer_orders AS
WITH first_orders AS (
  SELECT o.customer_id, MIN(o.order_date) AS first_order_date
  FROM raw.shop.orders o
  GROUP BY o.customer_id
), totals AS (
  SELECT o.customer_id, COUNT(*) AS n_orders, SUM(o.amount) AS total_amount
  FROM raw.shop.orders o
  GROUP BY o.customer_id
)
SELECT c.customer_id, c.name, f.first_order_date, t.n_orders, t.total_amount
FROM raw.shop.customers c
LEFT JOIN first_orders f ON f.customer_id = c.customer_id
LEFT JOIN totals t ON t.customer_id = c.customer_id
""",
    "analytics.marts.customer_orders",
    ["raw.shop.orders", "raw.shop.customers"],
    {
        "customer_id": ["raw.shop.customers.customer_id"],
        "name": ["raw.shop.customers.name"],
        "first_order_date": ["raw.shop.orders.order_date"],
        "n_orders": [],
        "total_amount": ["raw.shop.orders.amount"],
    },
)
T(
    S,
    """
UPDATE dw.fact_orders f
SET f.customer_key = d.customer_key
FROM dw.dim_customer d
WHERE f.customer_id = d.customer_id AND f.customer_key IS NULL
""",
    "dw.fact_orders",
    ["dw.dim_customer"],
    {"customer_key": ["dw.dim_customer.customer_key"]},
)
T(
    S,
    """
DELETE FROM dw.fact_orders
USING staging.deleted_orders d
WHERE dw.fact_orders.order_id = d.order_id
""",
    "dw.fact_orders",
    ["staging.deleted_orders"],
    None,
)
T(S, "GRANT SELECT ON ALL TABLES IN SCHEMA dw TO ROLE analyst", **NOLIN)
T(S, "ALTER WAREHOUSE etl_wh SET WAREHOUSE_SIZE = 'LARGE'", **NOLIN)
T(S, "CREATE OR REPLACE TABLE dw.t AS SELECT FROM WHERE x", None, [], error=True)
T(
    S,
    """
CREATE VIEW dw.v_session_metrics AS
SELECT s.user_id,
       s.session_id,
       IFF(s.duration_sec > 1800, 'long', 'short') AS session_type,
       SUM(s.page_views) OVER (PARTITION BY s.user_id ORDER BY s.started_at
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_views
FROM dw.sessions s
""",
    "dw.v_session_metrics",
    ["dw.sessions"],
    {
        "user_id": ["dw.sessions.user_id"],
        "session_id": ["dw.sessions.session_id"],
        "session_type": ["dw.sessions.duration_sec"],
        "cumulative_views": ["dw.sessions.page_views", "dw.sessions.user_id", "dw.sessions.started_at"],
    },
)
T(
    S,
    "SELECT SEQ4() AS n, UNIFORM(1, 100, RANDOM()) AS r FROM TABLE(GENERATOR(ROWCOUNT => 1000))",
    None,
    [],
    {"n": [], "r": []},
)

# --------------------------------------------------------------------------- bigquery
B = "bigquery"
T(
    B,
    """
SELECT o.order_id, item.sku, item.quantity * item.unit_price AS line_total
FROM `acme-prod.shop.orders` AS o, UNNEST(o.items) AS item
""",
    None,
    ["acme-prod.shop.orders"],
    {
        "order_id": ["acme-prod.shop.orders.order_id"],
        "sku": ["acme-prod.shop.orders.items"],
        "line_total": ["acme-prod.shop.orders.items"],
    },
)
T(
    B,
    """
CREATE OR REPLACE TABLE analytics.daily_sessions
PARTITION BY session_date
CLUSTER BY country AS
SELECT DATE(s.started_at) AS session_date,
       s.geo.country AS country,
       COUNT(*) AS sessions,
       COUNTIF(s.is_bounce) AS bounces
FROM web.sessions s
GROUP BY session_date, country
""",
    "analytics.daily_sessions",
    ["web.sessions"],
    {
        "session_date": ["web.sessions.started_at"],
        "country": ["web.sessions.geo"],
        "sessions": [],
        "bounces": ["web.sessions.is_bounce"],
    },
)
T(
    B,
    """
MERGE analytics.dim_users T
USING (
  SELECT u.user_id, u.email, u.updated_at
  FROM staging.users_delta u
  WHERE u.updated_at > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)
) S
ON T.user_id = S.user_id
WHEN MATCHED THEN UPDATE SET email = S.email, updated_at = S.updated_at
WHEN NOT MATCHED THEN INSERT (user_id, email, updated_at) VALUES (S.user_id, S.email, S.updated_at)
""",
    "analytics.dim_users",
    ["staging.users_delta"],
    {
        "email": ["staging.users_delta.email"],
        "updated_at": ["staging.users_delta.updated_at"],
        "user_id": ["staging.users_delta.user_id"],
    },
)
T(
    B,
    """
INSERT INTO analytics.user_devices (user_id, os, browser)
SELECT e.user_id, e.device.operating_system, e.device.browser
FROM web.events e
WHERE e.event_date = CURRENT_DATE()
""",
    "analytics.user_devices",
    ["web.events"],
    {
        "user_id": ["web.events.user_id"],
        "os": ["web.events.device"],
        "browser": ["web.events.device"],
    },
)
T(
    B,
    """
SELECT a.user_id FROM web.signups a
INTERSECT DISTINCT
SELECT b.user_id FROM billing.subscriptions b
""",
    None,
    ["web.signups", "billing.subscriptions"],
    {
        "user_id": ["web.signups.user_id", "billing.subscriptions.user_id"],
    },
)
T(
    B,
    """
DELETE FROM analytics.sessions_clean
WHERE session_id IN (SELECT f.session_id FROM analytics.fraud_flags f WHERE f.score > 0.9)
""",
    "analytics.sessions_clean",
    ["analytics.fraud_flags"],
    None,
)
T(
    B,
    """
UPDATE analytics.orders o
SET o.region = r.region_name
FROM ref.country_regions r
WHERE o.country_code = r.country_code
""",
    "analytics.orders",
    ["ref.country_regions"],
    {"region": ["ref.country_regions.region_name"]},
)
T(
    B,
    """
CREATE OR REPLACE VIEW analytics.v_user_retention AS
SELECT u.user_id,
       u.signup_date,
       DATE_DIFF(MAX(a.activity_date), u.signup_date, DAY) AS days_active_span,
       LAG(MAX(a.activity_date)) OVER (PARTITION BY u.cohort ORDER BY u.signup_date) AS prev_user_last_activity
FROM analytics.users u
JOIN analytics.activity a ON a.user_id = u.user_id
GROUP BY u.user_id, u.signup_date, u.cohort
""",
    "analytics.v_user_retention",
    ["analytics.users", "analytics.activity"],
    {
        "user_id": ["analytics.users.user_id"],
        "signup_date": ["analytics.users.signup_date"],
        "days_active_span": ["analytics.activity.activity_date", "analytics.users.signup_date"],
        "prev_user_last_activity": [
            "analytics.activity.activity_date",
            "analytics.users.cohort",
            "analytics.users.signup_date",
        ],
    },
)
T(
    B,
    """
SELECT c.customer_id,
       ARRAY_AGG(STRUCT(o.order_id, o.total) ORDER BY o.created_at DESC LIMIT 5) AS recent_orders
FROM shop.customers c
JOIN shop.orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id
""",
    None,
    ["shop.customers", "shop.orders"],
    {
        "customer_id": ["shop.customers.customer_id"],
        "recent_orders": ["shop.orders.order_id", "shop.orders.total", "shop.orders.created_at"],
    },
)
T(
    B,
    """
INSERT INTO `acme-prod.analytics.purchase_events` (user_id, event_name, event_ts)
WITH events AS (
  SELECT e.user_id, e.event_name, e.event_ts
  FROM `acme-prod.raw.events` e
  WHERE e.event_name IN ('purchase', 'refund')
)
SELECT user_id, event_name, event_ts FROM events
""",
    "acme-prod.analytics.purchase_events",
    ["acme-prod.raw.events"],
    {
        "user_id": ["acme-prod.raw.events.user_id"],
        "event_name": ["acme-prod.raw.events.event_name"],
        "event_ts": ["acme-prod.raw.events.event_ts"],
    },
)
T(
    B,
    """
CREATE TABLE analytics.product_attrs AS
SELECT p.product_id,
       JSON_VALUE(p.attributes, '$.color') AS color,
       SAFE_CAST(JSON_VALUE(p.attributes, '$.weight_kg') AS FLOAT64) AS weight_kg
FROM shop.products p
""",
    "analytics.product_attrs",
    ["shop.products"],
    {
        "product_id": ["shop.products.product_id"],
        "color": ["shop.products.attributes"],
        "weight_kg": ["shop.products.attributes"],
    },
)
T(
    B,
    """
CREATE TABLE IF NOT EXISTS analytics.audit_log (
  event_id STRING NOT NULL,
  actor STRING,
  payload JSON,
  created_at TIMESTAMP
)
PARTITION BY DATE(created_at)
""",
    "analytics.audit_log",
    [],
    None,
)
T(B, "DROP TABLE IF EXISTS analytics.tmp_sessions", **NOLIN)
T(B, "SELECT user_id, COUNT( FROM web.events GROUP BY user_id", None, [], error=True)
T(
    B,
    """
SELECT d AS report_date, COUNT(o.order_id) AS orders
FROM UNNEST(GENERATE_DATE_ARRAY('2024-01-01', '2024-01-31')) AS d
LEFT JOIN shop.orders o ON DATE(o.created_at) = d
GROUP BY d
""",
    None,
    ["shop.orders"],
    {"report_date": [], "orders": ["shop.orders.order_id"]},
)
T(
    B,
    """
INSERT INTO analytics.customer_refunds (customer_id, refund_total)
SELECT c.customer_id,
       (SELECT SUM(r.amount) FROM shop.refunds r WHERE r.customer_id = c.customer_id)
FROM shop.customers c
""",
    "analytics.customer_refunds",
    ["shop.customers", "shop.refunds"],
    {
        "customer_id": ["shop.customers.customer_id"],
        "refund_total": ["shop.refunds.amount"],
    },
)
T(
    B,
    """
WITH base AS (
  SELECT s.user_id, s.plan AS plan_name, s.mrr
  FROM billing.subscriptions s
  WHERE s.status = 'active'
)
SELECT * FROM base
""",
    None,
    ["billing.subscriptions"],
    {
        "user_id": ["billing.subscriptions.user_id"],
        "plan_name": ["billing.subscriptions.plan"],
        "mrr": ["billing.subscriptions.mrr"],
    },
)

# --------------------------------------------------------------------------- spark
K = "spark"
T(
    K,
    """
INSERT OVERWRITE TABLE dw.fact_clicks PARTITION (dt = '2024-06-01')
SELECT c.click_id, c.user_id, c.url, c.ts
FROM raw.clicks c
WHERE c.dt = '2024-06-01'
""",
    "dw.fact_clicks",
    ["raw.clicks"],
    {
        "click_id": ["raw.clicks.click_id"],
        "user_id": ["raw.clicks.user_id"],
        "url": ["raw.clicks.url"],
        "ts": ["raw.clicks.ts"],
    },
)
T(
    K,
    """
INSERT OVERWRITE TABLE dw.user_daily PARTITION (dt)
SELECT u.user_id, COUNT(*) AS events, MAX(u.ts) AS last_ts, u.dt
FROM raw.user_events u
GROUP BY u.user_id, u.dt
""",
    "dw.user_daily",
    ["raw.user_events"],
    {
        "user_id": ["raw.user_events.user_id"],
        "events": [],
        "last_ts": ["raw.user_events.ts"],
        "dt": ["raw.user_events.dt"],
    },
)
T(
    K,
    """
SELECT u.user_id, tag
FROM dw.users u
LATERAL VIEW explode(u.tags) t AS tag
""",
    None,
    ["dw.users"],
    {"user_id": ["dw.users.user_id"], "tag": ["dw.users.tags"]},
)
T(
    K,
    """
CREATE TABLE dw.device_info USING delta AS
SELECT e.event_id,
       e.device.os AS os,
       e.properties['app_version'] AS app_version,
       e.geo.city AS city
FROM raw.events e
""",
    "dw.device_info",
    ["raw.events"],
    {
        "event_id": ["raw.events.event_id"],
        "os": ["raw.events.device"],
        "app_version": ["raw.events.properties"],
        "city": ["raw.events.geo"],
    },
)
T(
    K,
    """
MERGE INTO dw.customers AS t
USING staging.customers_cdc AS s
ON t.id = s.id
WHEN MATCHED AND s.op = 'delete' THEN DELETE
WHEN MATCHED THEN UPDATE SET t.name = s.name, t.email = s.email
WHEN NOT MATCHED THEN INSERT (id, name, email) VALUES (s.id, s.name, s.email)
""",
    "dw.customers",
    ["staging.customers_cdc"],
    {
        "name": ["staging.customers_cdc.name"],
        "email": ["staging.customers_cdc.email"],
        "id": ["staging.customers_cdc.id"],
    },
)
T(
    K,
    """
SELECT o.order_id, o.price * o.qty AS subtotal, subtotal + o.shipping AS total
FROM dw.orders o
""",
    None,
    ["dw.orders"],
    {
        "order_id": ["dw.orders.order_id"],
        "subtotal": ["dw.orders.price", "dw.orders.qty"],
        "total": ["dw.orders.price", "dw.orders.qty", "dw.orders.shipping"],
    },
)
T(
    K,
    """
CREATE OR REPLACE TEMPORARY VIEW recent_orders AS
SELECT o.order_id, o.customer_id, o.amount
FROM dw.orders o
WHERE o.order_date >= date_sub(current_date(), 7)
""",
    "recent_orders",
    ["dw.orders"],
    {
        "order_id": ["dw.orders.order_id"],
        "customer_id": ["dw.orders.customer_id"],
        "amount": ["dw.orders.amount"],
    },
)
T(
    K,
    """
INSERT INTO dw.customer_recent_rank
SELECT r.customer_id, r.order_id,
       dense_rank() OVER (PARTITION BY r.customer_id ORDER BY r.amount DESC) AS amount_rank
FROM recent_orders r
""",
    "dw.customer_recent_rank",
    ["recent_orders"],
    {
        "customer_id": ["recent_orders.customer_id"],
        "order_id": ["recent_orders.order_id"],
        "amount_rank": ["recent_orders.customer_id", "recent_orders.amount"],
    },
)
T(
    K,
    "SELECT o.order_id, explode(o.line_items) AS item FROM dw.orders o",
    None,
    ["dw.orders"],
    {
        "order_id": ["dw.orders.order_id"],
        "item": ["dw.orders.line_items"],
    },
)
T(
    K,
    """
INSERT OVERWRITE TABLE dw.order_items
SELECT o.order_id, pos AS line_no, li.sku AS sku, li.qty AS qty
FROM dw.orders o
LATERAL VIEW OUTER posexplode(o.line_items) x AS pos, li
""",
    "dw.order_items",
    ["dw.orders"],
    {
        "order_id": ["dw.orders.order_id"],
        "line_no": ["dw.orders.line_items"],
        "sku": ["dw.orders.line_items"],
        "qty": ["dw.orders.line_items"],
    },
    note="pos derived from line_items (debatable)",
)
T(
    K,
    """
CREATE TABLE dw.all_payments USING parquet AS
SELECT p.payment_id, p.amount, 'card' AS method FROM raw.card_payments p
UNION ALL
SELECT b.transfer_id, b.amount_eur, 'bank' FROM raw.bank_transfers b
""",
    "dw.all_payments",
    ["raw.card_payments", "raw.bank_transfers"],
    {
        "payment_id": ["raw.card_payments.payment_id", "raw.bank_transfers.transfer_id"],
        "amount": ["raw.card_payments.amount", "raw.bank_transfers.amount_eur"],
        "method": [],
    },
)
T(K, "ANALYZE TABLE dw.orders COMPUTE STATISTICS", **NOLIN)
T(K, "INSERT OVERWRITE TABLE dw.x PARTITION (dt= SELECT * FROM raw.y", None, [], error=True)
T(
    K,
    """
SELECT u.user_id, u.email
FROM dw.users u
LEFT ANTI JOIN dw.unsubscribes x ON x.user_id = u.user_id
""",
    None,
    ["dw.users", "dw.unsubscribes"],
    {
        "user_id": ["dw.users.user_id"],
        "email": ["dw.users.email"],
    },
)
T(
    K,
    """
INSERT INTO `dw`.`page_stats`
SELECT `p`.`page_id`, COUNT(DISTINCT `p`.`session_id`) AS `sessions`
FROM `raw`.`page_views` `p`
GROUP BY `p`.`page_id`
""",
    "dw.page_stats",
    ["raw.page_views"],
    {
        "page_id": ["raw.page_views.page_id"],
        "sessions": ["raw.page_views.session_id"],
    },
)
T(
    K,
    """
SELECT s.user_id,
       collect_list(CASE WHEN s.event_type = 'search' THEN get_json_object(s.payload, '$.query') END) AS search_queries
FROM raw.events s
GROUP BY s.user_id
""",
    None,
    ["raw.events"],
    {
        "user_id": ["raw.events.user_id"],
        "search_queries": ["raw.events.event_type", "raw.events.payload"],
    },
)
T(K, "DROP VIEW IF EXISTS recent_orders", **NOLIN)

# --------------------------------------------------------------------------- hive
H = "hive"
T(
    H,
    """
INSERT OVERWRITE TABLE warehouse.sales_daily PARTITION (ds='2024-05-01')
SELECT s.store_id, s.product_id, SUM(s.qty) AS qty, SUM(s.qty * s.price) AS revenue
FROM staging.sales s
WHERE s.ds = '2024-05-01'
GROUP BY s.store_id, s.product_id
""",
    "warehouse.sales_daily",
    ["staging.sales"],
    {
        "store_id": ["staging.sales.store_id"],
        "product_id": ["staging.sales.product_id"],
        "qty": ["staging.sales.qty"],
        "revenue": ["staging.sales.qty", "staging.sales.price"],
    },
)
T(
    H,
    """
INSERT INTO TABLE warehouse.user_events PARTITION (ds)
SELECT e.user_id, e.event_type, e.event_time, to_date(e.event_time) AS ds
FROM staging.raw_events e
""",
    "warehouse.user_events",
    ["staging.raw_events"],
    {
        "user_id": ["staging.raw_events.user_id"],
        "event_type": ["staging.raw_events.event_type"],
        "event_time": ["staging.raw_events.event_time"],
        "ds": ["staging.raw_events.event_time"],
    },
)
T(
    H,
    """
INSERT OVERWRITE TABLE warehouse.user_interests
SELECT p.user_id, interest
FROM staging.profiles p
LATERAL VIEW explode(split(p.interests_csv, ',')) i AS interest
""",
    "warehouse.user_interests",
    ["staging.profiles"],
    {
        "user_id": ["staging.profiles.user_id"],
        "interest": ["staging.profiles.interests_csv"],
    },
)
T(
    H,
    """
CREATE TABLE warehouse.top_stores STORED AS ORC AS
SELECT st.store_id, st.store_name, SUM(sd.revenue) AS total_revenue
FROM warehouse.stores st
JOIN warehouse.sales_daily sd ON sd.store_id = st.store_id
GROUP BY st.store_id, st.store_name
""",
    "warehouse.top_stores",
    ["warehouse.stores", "warehouse.sales_daily"],
    {
        "store_id": ["warehouse.stores.store_id"],
        "store_name": ["warehouse.stores.store_name"],
        "total_revenue": ["warehouse.sales_daily.revenue"],
    },
)
T(
    H,
    """
SELECT e.user_id, e.props['campaign'] AS campaign, e.props['medium'] AS medium
FROM staging.raw_events e
WHERE e.event_type = 'visit'
""",
    None,
    ["staging.raw_events"],
    {
        "user_id": ["staging.raw_events.user_id"],
        "campaign": ["staging.raw_events.props"],
        "medium": ["staging.raw_events.props"],
    },
)
T(
    H,
    """
INSERT OVERWRITE TABLE warehouse.all_users
SELECT t.uid, t.src FROM (
  SELECT w.user_id AS uid, 'web' AS src FROM staging.web_users w
  UNION ALL
  SELECT m.device_user_id AS uid, 'mobile' AS src FROM staging.mobile_users m
) t
""",
    "warehouse.all_users",
    ["staging.web_users", "staging.mobile_users"],
    {
        "uid": ["staging.web_users.user_id", "staging.mobile_users.device_user_id"],
        "src": [],
    },
)
T(
    H,
    """
SELECT o.order_id, o.amount
FROM warehouse.orders o
LEFT SEMI JOIN warehouse.vip_customers v ON o.customer_id = v.customer_id
""",
    None,
    ["warehouse.orders", "warehouse.vip_customers"],
    {
        "order_id": ["warehouse.orders.order_id"],
        "amount": ["warehouse.orders.amount"],
    },
)
T(
    H,
    """
CREATE VIEW IF NOT EXISTS warehouse.v_store_rank AS
SELECT store_id, total_revenue, rank() OVER (ORDER BY total_revenue DESC) AS rnk
FROM warehouse.top_stores
""",
    "warehouse.v_store_rank",
    ["warehouse.top_stores"],
    {
        "store_id": ["warehouse.top_stores.store_id"],
        "total_revenue": ["warehouse.top_stores.total_revenue"],
        "rnk": ["warehouse.top_stores.total_revenue"],
    },
)
T(
    H,
    """
CREATE EXTERNAL TABLE IF NOT EXISTS staging.raw_events (
  user_id STRING, event_type STRING, event_time TIMESTAMP, props MAP<STRING, STRING>
)
PARTITIONED BY (ds STRING)
STORED AS PARQUET
LOCATION 's3://bucket/raw_events/'
""",
    "staging.raw_events",
    [],
    None,
)
T(H, "ALTER TABLE staging.raw_events ADD IF NOT EXISTS PARTITION (ds='2024-05-01')", **NOLIN)
T(H, "SELECT user_id event_type FROM FROM staging.raw_events", None, [], error=True)
T(
    H,
    """
WITH recent AS (
  SELECT o.customer_id, o.amount FROM warehouse.orders o WHERE o.ds >= '2024-01-01'
)
INSERT OVERWRITE TABLE warehouse.customer_spend_2024
SELECT r.customer_id, SUM(r.amount) AS spend
FROM recent r
GROUP BY r.customer_id
""",
    "warehouse.customer_spend_2024",
    ["warehouse.orders"],
    {
        "customer_id": ["warehouse.orders.customer_id"],
        "spend": ["warehouse.orders.amount"],
    },
)
T(
    H,
    """
SELECT e.user_id, e.event_time,
       lag(e.event_type, 1) OVER (PARTITION BY e.user_id ORDER BY e.event_time) AS prev_event
FROM staging.raw_events e
""",
    None,
    ["staging.raw_events"],
    {
        "user_id": ["staging.raw_events.user_id"],
        "event_time": ["staging.raw_events.event_time"],
        "prev_event": [
            "staging.raw_events.event_type",
            "staging.raw_events.user_id",
            "staging.raw_events.event_time",
        ],
    },
)
T(
    H,
    """
INSERT INTO TABLE warehouse.payments_clean
SELECT p.payment_id,
       NVL(p.amount, 0) AS amount,
       CASE WHEN get_json_object(p.meta, '$.refund') = 'true' THEN 'refund' ELSE 'charge' END AS kind
FROM staging.payments p
""",
    "warehouse.payments_clean",
    ["staging.payments"],
    {
        "payment_id": ["staging.payments.payment_id"],
        "amount": ["staging.payments.amount"],
        "kind": ["staging.payments.meta"],
    },
)
T(H, "DROP TABLE IF EXISTS staging.tmp_sales", **NOLIN)
T(
    H,
    """
FROM staging.sales s
INSERT OVERWRITE TABLE warehouse.sales_by_store PARTITION (ds='2024-05-01')
SELECT s.store_id, SUM(s.qty * s.price) AS revenue
WHERE s.ds = '2024-05-01'
GROUP BY s.store_id
""",
    "warehouse.sales_by_store",
    ["staging.sales"],
    {
        "store_id": ["staging.sales.store_id"],
        "revenue": ["staging.sales.qty", "staging.sales.price"],
    },
    note="Hive FROM-first insert",
)

# --------------------------------------------------------------------------- tsql
Q = "tsql"
T(
    Q,
    """
SELECT o.OrderID, o.CustomerID, o.TotalDue
INTO #recent_orders
FROM Sales.SalesOrderHeader o
WHERE o.OrderDate >= DATEADD(day, -30, GETDATE())
""",
    "#recent_orders",
    ["sales.salesorderheader"],
    {
        "orderid": ["sales.salesorderheader.orderid"],
        "customerid": ["sales.salesorderheader.customerid"],
        "totaldue": ["sales.salesorderheader.totaldue"],
    },
)
T(
    Q,
    """
UPDATE c
SET c.LastOrderDate = x.LastDate,
    c.OrderCount = x.Cnt
FROM dbo.Customers c
JOIN (
  SELECT o.CustomerID, MAX(o.OrderDate) AS LastDate, COUNT(*) AS Cnt
  FROM dbo.Orders o
  GROUP BY o.CustomerID
) x ON x.CustomerID = c.CustomerID
""",
    "dbo.customers",
    ["dbo.orders"],
    {
        "lastorderdate": ["dbo.orders.orderdate"],
        "ordercount": [],
    },
    note="UPDATE alias FROM target: target not counted as a source",
)
T(
    Q,
    """
DELETE d
FROM dbo.StagingRows d
INNER JOIN dbo.LoadedBatches b ON b.BatchID = d.BatchID
WHERE b.Status = 'done'
""",
    "dbo.stagingrows",
    ["dbo.loadedbatches"],
    None,
)
T(
    Q,
    """
MERGE dbo.DimProduct AS tgt
USING (SELECT p.ProductID, p.Name, p.ListPrice FROM stg.Products p) AS src
ON tgt.ProductID = src.ProductID
WHEN MATCHED AND tgt.ListPrice <> src.ListPrice THEN
  UPDATE SET tgt.ListPrice = src.ListPrice, tgt.Name = src.Name
WHEN NOT MATCHED BY TARGET THEN
  INSERT (ProductID, Name, ListPrice) VALUES (src.ProductID, src.Name, src.ListPrice)
WHEN NOT MATCHED BY SOURCE THEN DELETE;
""",
    "dbo.dimproduct",
    ["stg.products"],
    {
        "listprice": ["stg.products.listprice"],
        "name": ["stg.products.name"],
        "productid": ["stg.products.productid"],
    },
)
T(
    Q,
    """
SELECT c.CustomerID, c.Name, t.OrderID, t.TotalDue
FROM dbo.Customers c
CROSS APPLY (
  SELECT TOP 3 o.OrderID, o.TotalDue
  FROM dbo.Orders o
  WHERE o.CustomerID = c.CustomerID
  ORDER BY o.TotalDue DESC
) t
""",
    None,
    ["dbo.customers", "dbo.orders"],
    {
        "customerid": ["dbo.customers.customerid"],
        "name": ["dbo.customers.name"],
        "orderid": ["dbo.orders.orderid"],
        "totaldue": ["dbo.orders.totaldue"],
    },
)
T(
    Q,
    """
INSERT INTO [ReportDB].[dbo].[SalesSummary] ([Region], [Year], [Revenue])
SELECT t.[Region], YEAR(h.[OrderDate]), SUM(h.[TotalDue])
FROM [Sales].[SalesOrderHeader] h
JOIN [Sales].[SalesTerritory] t ON t.[TerritoryID] = h.[TerritoryID]
GROUP BY t.[Region], YEAR(h.[OrderDate])
""",
    "reportdb.dbo.salessummary",
    ["sales.salesorderheader", "sales.salesterritory"],
    {
        "region": ["sales.salesterritory.region"],
        "year": ["sales.salesorderheader.orderdate"],
        "revenue": ["sales.salesorderheader.totaldue"],
    },
    note="bracket identifiers are case-insensitive under default collation",
)
T(
    Q,
    """
WITH Dupes AS (
  SELECT e.EmployeeID, e.Email,
         ROW_NUMBER() OVER (PARTITION BY e.Email ORDER BY e.ModifiedDate DESC) AS rn
  FROM hr.Employees e
)
INSERT INTO hr.EmployeeDuplicates (EmployeeID, Email)
SELECT d.EmployeeID, d.Email FROM Dupes d WHERE d.rn > 1
""",
    "hr.employeeduplicates",
    ["hr.employees"],
    {
        "employeeid": ["hr.employees.employeeid"],
        "email": ["hr.employees.email"],
    },
)
T(
    Q,
    """
CREATE VIEW dbo.vw_OpenInvoices AS
SELECT i.InvoiceID, i.CustomerID, i.Amount - ISNULL(p.PaidAmount, 0) AS Outstanding
FROM dbo.Invoices i
LEFT JOIN (
  SELECT pm.InvoiceID, SUM(pm.Amount) AS PaidAmount FROM dbo.Payments pm GROUP BY pm.InvoiceID
) p ON p.InvoiceID = i.InvoiceID
WHERE i.Amount > ISNULL(p.PaidAmount, 0)
""",
    "dbo.vw_openinvoices",
    ["dbo.invoices", "dbo.payments"],
    {
        "invoiceid": ["dbo.invoices.invoiceid"],
        "customerid": ["dbo.invoices.customerid"],
        "outstanding": ["dbo.invoices.amount", "dbo.payments.amount"],
    },
)
T(Q, "SET NOCOUNT ON", **NOLIN)
T(Q, "CREATE NONCLUSTERED INDEX IX_Orders_CustomerID ON dbo.Orders (CustomerID) INCLUDE (OrderDate)", **NOLIN)
T(Q, "UPDATE dbo.Customers SET WHERE CustomerID = 1", None, [], error=True)
T(
    Q,
    """
SELECT TOP 100 s.StoreID, s.SalesYTD,
       IIF(s.SalesYTD > s.SalesQuota, 1, 0) AS MetQuota,
       NTILE(4) OVER (ORDER BY s.SalesYTD DESC) AS Quartile
FROM Sales.Stores s
""",
    None,
    ["sales.stores"],
    {
        "storeid": ["sales.stores.storeid"],
        "salesytd": ["sales.stores.salesytd"],
        "metquota": ["sales.stores.salesytd", "sales.stores.salesquota"],
        "quartile": ["sales.stores.salesytd"],
    },
)
T(
    Q,
    """
DELETE FROM dbo.Carts
WHERE NOT EXISTS (SELECT 1 FROM dbo.CartItems ci WHERE ci.CartID = dbo.Carts.CartID)
  AND CreatedAt < DATEADD(day, -7, GETDATE())
""",
    "dbo.carts",
    ["dbo.cartitems"],
    None,
)
T(Q, "DECLARE @cutoff DATE = DATEADD(month, -6, GETDATE())", **NOLIN)
T(
    Q,
    """
INSERT INTO dbo.AllContacts (ContactName, Phone)
SELECT c.Name, c.Phone FROM dbo.Customers c
UNION
SELECT v.VendorName, v.PhoneNumber FROM Purchasing.Vendors v
""",
    "dbo.allcontacts",
    ["dbo.customers", "purchasing.vendors"],
    {
        "contactname": ["dbo.customers.name", "purchasing.vendors.vendorname"],
        "phone": ["dbo.customers.phone", "purchasing.vendors.phonenumber"],
    },
)
T(
    Q,
    """
WITH m AS (
  SELECT s.ProductID, SUM(s.Qty) AS Qty FROM dbo.Sales s GROUP BY s.ProductID
)
SELECT m.ProductID, m.Qty, p.Name
INTO dbo.ProductSalesSnapshot
FROM m
JOIN dbo.Products p ON p.ProductID = m.ProductID
""",
    "dbo.productsalessnapshot",
    ["dbo.sales", "dbo.products"],
    {
        "productid": ["dbo.sales.productid"],
        "qty": ["dbo.sales.qty"],
        "name": ["dbo.products.name"],
    },
)

# --------------------------------------------------------------------------- redshift
R = "redshift"
T(
    R,
    """
DELETE FROM dw.fact_sales
USING staging.sales_updates u
WHERE dw.fact_sales.sale_id = u.sale_id
""",
    "dw.fact_sales",
    ["staging.sales_updates"],
    None,
)
T(
    R,
    """
UPDATE dw.fact_sales
SET amount = u.amount, updated_at = u.updated_at
FROM staging.sales_updates u
WHERE dw.fact_sales.sale_id = u.sale_id
""",
    "dw.fact_sales",
    ["staging.sales_updates"],
    {
        "amount": ["staging.sales_updates.amount"],
        "updated_at": ["staging.sales_updates.updated_at"],
    },
)
T(
    R,
    """
INSERT INTO dw.fact_sales (sale_id, store_id, amount, updated_at)
SELECT u.sale_id, u.store_id, u.amount, u.updated_at
FROM staging.sales_updates u
LEFT JOIN dw.fact_sales f ON f.sale_id = u.sale_id
WHERE f.sale_id IS NULL
""",
    "dw.fact_sales",
    ["staging.sales_updates", "dw.fact_sales"],
    {
        "sale_id": ["staging.sales_updates.sale_id"],
        "store_id": ["staging.sales_updates.store_id"],
        "amount": ["staging.sales_updates.amount"],
        "updated_at": ["staging.sales_updates.updated_at"],
    },
    note="target also read in JOIN -> source",
)
T(
    R,
    """
CREATE TABLE dw.store_monthly DISTKEY(store_id) SORTKEY(month) AS
SELECT f.store_id, DATE_TRUNC('month', f.sale_date) AS month,
       SUM(f.amount) AS revenue, COUNT(DISTINCT f.customer_id) AS customers
FROM dw.fact_sales f
GROUP BY 1, 2
""",
    "dw.store_monthly",
    ["dw.fact_sales"],
    {
        "store_id": ["dw.fact_sales.store_id"],
        "month": ["dw.fact_sales.sale_date"],
        "revenue": ["dw.fact_sales.amount"],
        "customers": ["dw.fact_sales.customer_id"],
    },
)
T(
    R,
    """
SELECT s.sale_id, s.amount * s.fx_rate AS amount_usd, amount_usd * 0.08 AS tax_usd
FROM dw.fact_sales s
""",
    None,
    ["dw.fact_sales"],
    {
        "sale_id": ["dw.fact_sales.sale_id"],
        "amount_usd": ["dw.fact_sales.amount", "dw.fact_sales.fx_rate"],
        "tax_usd": ["dw.fact_sales.amount", "dw.fact_sales.fx_rate"],
    },
)
T(
    R,
    """
SELECT c.customer_id, c.email
INTO TEMP TABLE tmp_active
FROM dw.customers c
WHERE c.last_seen > GETDATE() - 30
""",
    "tmp_active",
    ["dw.customers"],
    {
        "customer_id": ["dw.customers.customer_id"],
        "email": ["dw.customers.email"],
    },
)
T(
    R,
    """
CREATE OR REPLACE VIEW reporting.v_sales AS
SELECT f.sale_id, f.amount, s.store_name
FROM dw.fact_sales f
JOIN dw.stores s ON s.store_id = f.store_id
WITH NO SCHEMA BINDING
""",
    "reporting.v_sales",
    ["dw.fact_sales", "dw.stores"],
    {
        "sale_id": ["dw.fact_sales.sale_id"],
        "amount": ["dw.fact_sales.amount"],
        "store_name": ["dw.stores.store_name"],
    },
)
T(
    R,
    """
SELECT e.event_id, e.payload.user.id AS user_id, e.payload.device.os AS device_os
FROM raw.events e
""",
    None,
    ["raw.events"],
    {
        "event_id": ["raw.events.event_id"],
        "user_id": ["raw.events.payload"],
        "device_os": ["raw.events.payload"],
    },
    note="SUPER navigation",
)
T(
    R,
    """
MERGE INTO dw.customers
USING staging.customers s ON dw.customers.customer_id = s.customer_id
WHEN MATCHED THEN UPDATE SET email = s.email, name = s.name
WHEN NOT MATCHED THEN INSERT (customer_id, email, name) VALUES (s.customer_id, s.email, s.name)
""",
    "dw.customers",
    ["staging.customers"],
    {
        "email": ["staging.customers.email"],
        "name": ["staging.customers.name"],
        "customer_id": ["staging.customers.customer_id"],
    },
)
T(R, "ANALYZE dw.fact_sales", **NOLIN)
T(R, "VACUUM DELETE ONLY dw.fact_sales", **NOLIN)
T(R, "CREATE TABLE dw.x AS SELECT a b c FROM", None, [], error=True)
T(
    R,
    """
INSERT INTO reporting.customer_stores
SELECT f.customer_id,
       LISTAGG(DISTINCT s.store_name, ',') WITHIN GROUP (ORDER BY s.store_name) AS stores_visited,
       NVL(SUM(f.amount), 0) AS total
FROM dw.fact_sales f
JOIN dw.stores s ON s.store_id = f.store_id
GROUP BY f.customer_id
""",
    "reporting.customer_stores",
    ["dw.fact_sales", "dw.stores"],
    {
        "customer_id": ["dw.fact_sales.customer_id"],
        "stores_visited": ["dw.stores.store_name"],
        "total": ["dw.fact_sales.amount"],
    },
)
T(R, "GRANT SELECT ON TABLE reporting.v_sales TO GROUP analysts", **NOLIN)
T(
    R,
    """
WITH daily AS (
  SELECT f.store_id, f.sale_date, SUM(f.amount) AS amt
  FROM dw.fact_sales f
  GROUP BY 1, 2
), rolling AS (
  SELECT d.store_id, d.sale_date,
         AVG(d.amt) OVER (PARTITION BY d.store_id ORDER BY d.sale_date
                          ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS amt_7d
  FROM daily d
)
SELECT r.store_id, r.sale_date, r.amt_7d, st.region
FROM rolling r
JOIN dw.stores st ON st.store_id = r.store_id
""",
    None,
    ["dw.fact_sales", "dw.stores"],
    {
        "store_id": ["dw.fact_sales.store_id"],
        "sale_date": ["dw.fact_sales.sale_date"],
        "amt_7d": ["dw.fact_sales.amount", "dw.fact_sales.store_id", "dw.fact_sales.sale_date"],
        "region": ["dw.stores.region"],
    },
)
T(
    R,
    """
CREATE TABLE reporting.unified_events AS
SELECT w.user_id, w.ts AS event_ts, 'web' AS channel FROM raw.web_events w
UNION ALL
SELECT a.user_id, a.event_time, 'app' FROM raw.app_events a
UNION ALL
SELECT e.recipient_id, e.sent_at, 'email' FROM raw.email_events e
""",
    "reporting.unified_events",
    ["raw.web_events", "raw.app_events", "raw.email_events"],
    {
        "user_id": ["raw.web_events.user_id", "raw.app_events.user_id", "raw.email_events.recipient_id"],
        "event_ts": ["raw.web_events.ts", "raw.app_events.event_time", "raw.email_events.sent_at"],
        "channel": [],
    },
)
T(
    R,
    """
CREATE TABLE IF NOT EXISTS staging.sales_updates (
  sale_id BIGINT, store_id INT, amount DECIMAL(12,2), updated_at TIMESTAMP
) DISTSTYLE KEY DISTKEY (sale_id)
""",
    "staging.sales_updates",
    [],
    None,
)

# --------------------------------------------------------------------------- duckdb
D = "duckdb"
T(
    D,
    """
CREATE OR REPLACE TABLE raw.trips AS
SELECT t.vendor_id, t.pickup_at, t.fare_amount
FROM read_parquet('s3://bucket/trips/*.parquet') t
""",
    "raw.trips",
    [],
    {"vendor_id": [], "pickup_at": [], "fare_amount": []},
)
T(
    D,
    """
SELECT r.range AS hour_offset, COUNT(t.trip_id) AS trips
FROM range(24) r
LEFT JOIN raw.trips t ON hour(t.pickup_at) = r.range
GROUP BY r.range
""",
    None,
    ["raw.trips"],
    {"hour_offset": [], "trips": ["raw.trips.trip_id"]},
)
T(
    D,
    "SELECT e.id, e.location.city AS city, e.location.lat AS lat FROM app.events e",
    None,
    ["app.events"],
    {"id": ["app.events.id"], "city": ["app.events.location"], "lat": ["app.events.location"]},
)
T(
    D,
    "SELECT o.order_id, UNNEST(o.item_ids) AS item_id FROM app.orders o",
    None,
    ["app.orders"],
    {"order_id": ["app.orders.order_id"], "item_id": ["app.orders.item_ids"]},
)
T(
    D,
    """
INSERT OR REPLACE INTO app.user_stats (user_id, sessions, last_seen)
SELECT s.user_id, COUNT(*), MAX(s.ended_at)
FROM app.sessions s
GROUP BY ALL
""",
    "app.user_stats",
    ["app.sessions"],
    {
        "user_id": ["app.sessions.user_id"],
        "sessions": [],
        "last_seen": ["app.sessions.ended_at"],
    },
)
T(
    D,
    """
CREATE VIEW app.v_latest_session AS
SELECT s.user_id, s.session_id, s.started_at
FROM app.sessions s
QUALIFY row_number() OVER (PARTITION BY s.user_id ORDER BY s.started_at DESC) = 1
""",
    "app.v_latest_session",
    ["app.sessions"],
    {
        "user_id": ["app.sessions.user_id"],
        "session_id": ["app.sessions.session_id"],
        "started_at": ["app.sessions.started_at"],
    },
)
T(
    D,
    """
SELECT gs.d::DATE AS day, coalesce(sum(o.amount), 0) AS revenue
FROM generate_series(DATE '2024-01-01', DATE '2024-03-31', INTERVAL 1 DAY) AS gs(d)
LEFT JOIN app.orders o ON o.order_date = gs.d::DATE
GROUP BY 1
""",
    None,
    ["app.orders"],
    {"day": [], "revenue": ["app.orders.amount"]},
)
T(
    D,
    """
SELECT o.customer_id,
       count(*) FILTER (WHERE o.status = 'refunded') AS refunds,
       sum(o.amount) FILTER (WHERE o.status = 'paid') AS paid_amount
FROM app.orders o
GROUP BY o.customer_id
""",
    None,
    ["app.orders"],
    {
        "customer_id": ["app.orders.customer_id"],
        "refunds": ["app.orders.status"],
        "paid_amount": ["app.orders.amount", "app.orders.status"],
    },
)
T(
    D,
    """
INSERT INTO app.currency_rates (currency, rate)
SELECT v.cur, v.rate * m.multiplier
FROM (VALUES ('EUR', 1.08), ('GBP', 1.27)) AS v(cur, rate)
CROSS JOIN app.rate_multipliers m
""",
    "app.currency_rates",
    ["app.rate_multipliers"],
    {
        "currency": [],
        "rate": ["app.rate_multipliers.multiplier"],
    },
)
T(
    D,
    """
WITH RECURSIVE tree AS (
  SELECT c.id, c.parent_id, c.name AS path
  FROM app.categories c
  WHERE c.parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id, tree.path || ' > ' || c.name
  FROM app.categories c
  JOIN tree ON c.parent_id = tree.id
)
SELECT tree.id, tree.path FROM tree
""",
    None,
    ["app.categories"],
    {"id": ["app.categories.id"], "path": ["app.categories.name"]},
)
T(
    D,
    """
SELECT u.user_id, l.total
FROM app.users u,
     LATERAL (SELECT sum(o.amount) AS total FROM app.orders o WHERE o.user_id = u.user_id) l
""",
    None,
    ["app.users", "app.orders"],
    {
        "user_id": ["app.users.user_id"],
        "total": ["app.orders.amount"],
    },
)
T(
    D,
    """
CREATE TABLE app.inactive_users AS
SELECT u.user_id FROM app.users u
EXCEPT
SELECT s.user_id FROM app.sessions s WHERE s.started_at > now() - INTERVAL 90 DAY
""",
    "app.inactive_users",
    ["app.users", "app.sessions"],
    {
        "user_id": ["app.users.user_id", "app.sessions.user_id"],
    },
)
T(
    D,
    "DELETE FROM app.sessions WHERE user_id IN (SELECT d.user_id FROM app.deleted_users d)",
    "app.sessions",
    ["app.deleted_users"],
    None,
)
T(
    D,
    """
UPDATE app.orders AS o
SET amount = o.amount * r.rate
FROM app.currency_rates r
WHERE o.currency = r.currency
""",
    "app.orders",
    ["app.currency_rates"],
    {
        "amount": ["app.orders.amount", "app.currency_rates.rate"],
    },
    note="self-reference edge",
)
T(D, "SET threads = 8", **NOLIN)
T(D, "SELECT (a + FROM app.users", None, [], error=True)
T(
    D,
    "SELECT e.id, e.props['country'] AS country FROM app.events e",
    None,
    ["app.events"],
    {"id": ["app.events.id"], "country": ["app.events.props"]},
)
T(
    D,
    "CREATE TABLE app.feature_flags (flag_name VARCHAR PRIMARY KEY, enabled BOOLEAN DEFAULT false, rules JSON)",
    "app.feature_flags",
    [],
    None,
)

# --------------------------------------------------------------------------- harder extras (still blind)
T(
    P,
    """
WITH orders AS (
  SELECT o.order_id, o.amount FROM orders o WHERE o.amount > 0
)
SELECT orders.order_id, orders.amount FROM orders
""",
    None,
    ["orders"],
    {"order_id": ["orders.order_id"], "amount": ["orders.amount"]},
    note="non-recursive CTE body reads the real table of the same name",
)
T(
    P,
    """
INSERT INTO mart.pairs (b_col, a_col)
SELECT x.alpha, x.beta FROM src.pairs_raw x
""",
    "mart.pairs",
    ["src.pairs_raw"],
    {"b_col": ["src.pairs_raw.alpha"], "a_col": ["src.pairs_raw.beta"]},
)
T(
    P,
    """
SELECT t.a2, t.b2
FROM (SELECT x.id, x.val FROM src.items x) AS t(a2, b2)
""",
    None,
    ["src.items"],
    {"a2": ["src.items.id"], "b2": ["src.items.val"]},
)
T(
    P,
    """
WITH c (k, v) AS (SELECT x.id, x.val FROM src.items x)
SELECT c.k, c.v FROM c
""",
    None,
    ["src.items"],
    {"k": ["src.items.id"], "v": ["src.items.val"]},
)
T(
    P,
    """
SELECT o.customer_id,
       SUM(o.amount) OVER w AS running_amount
FROM sales.orders o
WINDOW w AS (PARTITION BY o.customer_id ORDER BY o.created_at)
""",
    None,
    ["sales.orders"],
    {
        "customer_id": ["sales.orders.customer_id"],
        "running_amount": ["sales.orders.amount", "sales.orders.customer_id", "sales.orders.created_at"],
    },
)
T(
    P,
    """
UPDATE sales.orders o
SET total_paid = (SELECT SUM(p.amount) FROM sales.payments p WHERE p.order_id = o.order_id)
WHERE o.status = 'open'
""",
    "sales.orders",
    ["sales.payments"],
    {"total_paid": ["sales.payments.amount"]},
)
T(P, "CREATE TABLE archive.orders_2023 AS TABLE sales.orders", "archive.orders_2023", ["sales.orders"], None)
T(
    P,
    """
SELECT DISTINCT ON (c.customer_id) c.customer_id, o.payload->>'sku' AS sku, o.payload #>> '{ship,city}' AS city
FROM crm.customers c
JOIN sales.orders o ON o.customer_id = c.customer_id
ORDER BY c.customer_id, o.created_at DESC
""",
    None,
    ["crm.customers", "sales.orders"],
    {
        "customer_id": ["crm.customers.customer_id"],
        "sku": ["sales.orders.payload"],
        "city": ["sales.orders.payload"],
    },
)
T(
    P,
    """
WITH a AS (SELECT x.id, x.v FROM src.x x)
SELECT a.*, y.w FROM a JOIN src.y y ON y.id = a.id
""",
    None,
    ["src.x", "src.y"],
    {"id": ["src.x.id"], "v": ["src.x.v"], "w": ["src.y.w"]},
)
T(
    P,
    """
SELECT o.region, o.channel, SUM(o.amount) AS amount, GROUPING(o.region, o.channel) AS grp
FROM sales.orders o
GROUP BY ROLLUP (o.region, o.channel)
""",
    None,
    ["sales.orders"],
    {
        "region": ["sales.orders.region"],
        "channel": ["sales.orders.channel"],
        "amount": ["sales.orders.amount"],
        "grp": ["sales.orders.region", "sales.orders.channel"],
    },
)
T(
    Q,
    """
WITH latest AS (
  SELECT s.CustomerID, MAX(s.SnapshotDate) AS SnapDate FROM stg.CustomerSnapshots s GROUP BY s.CustomerID
)
UPDATE c
SET c.LastSnapshot = l.SnapDate
FROM dbo.Customers c
JOIN latest l ON l.CustomerID = c.CustomerID
""",
    "dbo.customers",
    ["stg.customersnapshots"],
    {"lastsnapshot": ["stg.customersnapshots.snapshotdate"]},
)
T(
    Q,
    """
WITH src AS (SELECT r.Id, r.Amount FROM stg.Refunds r WHERE r.Processed = 0)
MERGE dbo.RefundFacts AS t
USING src ON t.Id = src.Id
WHEN NOT MATCHED THEN INSERT (Id, Amount) VALUES (src.Id, src.Amount);
""",
    "dbo.refundfacts",
    ["stg.refunds"],
    {"id": ["stg.refunds.id"], "amount": ["stg.refunds.amount"]},
)
T(
    S,
    """
SELECT t.id, f.index AS pos, f.value::string AS tag, t.doc:"Display Name"::string AS display_name, t.doc['owner'] AS owner
FROM raw.docs t, TABLE(FLATTEN(t.tags)) f
""",
    None,
    ["raw.docs"],
    {
        "id": ["raw.docs.id"],
        "pos": ["raw.docs.tags"],
        "tag": ["raw.docs.tags"],
        "display_name": ["raw.docs.doc"],
        "owner": ["raw.docs.doc"],
    },
    note="FLATTEN index/value from t.tags (debatable for index)",
)
T(
    S,
    """
CREATE OR REPLACE TABLE mart.orders_enriched (order_id, order_total) AS
SELECT o.id, o.subtotal + o.tax FROM raw.orders o
""",
    "mart.orders_enriched",
    ["raw.orders"],
    {
        "order_id": ["raw.orders.id"],
        "order_total": ["raw.orders.subtotal", "raw.orders.tax"],
    },
)
T(S, "USE WAREHOUSE etl_wh", **NOLIN)
T(
    B,
    """
SELECT * EXCEPT (raw_payload)
FROM (SELECT e.event_id, e.user_id, e.raw_payload FROM web.events e)
""",
    None,
    ["web.events"],
    {"event_id": ["web.events.event_id"], "user_id": ["web.events.user_id"]},
)
T(
    B,
    """
SELECT o.order_id, idx AS line_no, li.sku
FROM shop.orders o, UNNEST(o.lines) AS li WITH OFFSET AS idx
""",
    None,
    ["shop.orders"],
    {
        "order_id": ["shop.orders.order_id"],
        "line_no": ["shop.orders.lines"],
        "sku": ["shop.orders.lines"],
    },
    note="offset derived from array (debatable)",
)
T(
    D,
    "FROM app.users u SELECT u.user_id, u.email",
    None,
    ["app.users"],
    {"user_id": ["app.users.user_id"], "email": ["app.users.email"]},
)
T(
    M,
    """
SELECT x.id, x.label FROM (
  (SELECT a.id, a.name AS label FROM shop.brands a)
  UNION ALL
  (SELECT b.id, b.title FROM shop.collections b)
) x
""",
    None,
    ["shop.brands", "shop.collections"],
    {
        "id": ["shop.brands.id", "shop.collections.id"],
        "label": ["shop.brands.name", "shop.collections.title"],
    },
)
T(
    K,
    """
INSERT INTO TABLE dw.sessions_slim (session_id, user_id)
SELECT s.sid, s.uid FROM raw.sessions s
""",
    "dw.sessions_slim",
    ["raw.sessions"],
    {"session_id": ["raw.sessions.sid"], "user_id": ["raw.sessions.uid"]},
)
T(
    R,
    """
SELECT f.sale_id, f.amount * 1.2 AS gross INTO reporting.sales_gross FROM dw.fact_sales f
""",
    "reporting.sales_gross",
    ["dw.fact_sales"],
    {"sale_id": ["dw.fact_sales.sale_id"], "gross": ["dw.fact_sales.amount"]},
)
T(P, "CREATE SCHEMA IF NOT EXISTS mart", **NOLIN)


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blind_set.json")
    with open(out, "w") as f:
        json.dump(SET, f, indent=1)
    from collections import Counter

    print(len(SET), Counter(d["dialect"] for d in SET))

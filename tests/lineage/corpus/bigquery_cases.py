"""BigQuery cases."""

from .base import case

B = "bigquery"

CASES = [
    case(
        B,
        "SELECT o.id, item.sku FROM `shop.orders` AS o, UNNEST(o.items) AS item",
        None,
        ["shop.orders"],
        {"id": ["shop.orders.id"], "sku": ["shop.orders.items"]},
        id="bq_unnest",
    ),
    case(
        B,
        "SELECT user.address.city AS city, user.id FROM analytics.profiles",
        None,
        ["analytics.profiles"],
        {"city": ["analytics.profiles.user"], "id": ["analytics.profiles.user"]},
        id="bq_struct",
    ),
    case(
        B,
        "SELECT p.user.address.zip AS zip FROM analytics.profiles p",
        None,
        ["analytics.profiles"],
        {"zip": ["analytics.profiles.user"]},
        id="bq_struct_alias",
    ),
    case(
        B,
        "INSERT INTO `proj.mart.daily` (day, n) SELECT DATE(ts), COUNT(*) FROM `proj.raw.events` GROUP BY 1",
        "proj.mart.daily",
        ["proj.raw.events"],
        {"day": ["proj.raw.events.ts"], "n": []},
        id="bq_three_part",
    ),
    case(
        B,
        """CREATE OR REPLACE TABLE mart.sessions AS
            WITH s AS (
              SELECT user_id, ts, LAG(ts) OVER (PARTITION BY user_id ORDER BY ts) AS prev_ts FROM raw.events
            )
            SELECT user_id, COUNTIF(TIMESTAMP_DIFF(ts, prev_ts, MINUTE) > 30) AS sessions
            FROM s GROUP BY user_id""",
        "mart.sessions",
        ["raw.events"],
        {"user_id": ["raw.events.user_id"], "sessions": ["raw.events.ts", "raw.events.user_id"]},
        id="bq_window_cte",
    ),
    case(
        B,
        """MERGE mart.users T USING raw.users S ON T.id = S.id
            WHEN MATCHED THEN UPDATE SET email = S.email
            WHEN NOT MATCHED THEN INSERT (id, email) VALUES (id, email)""",
        "mart.users",
        ["raw.users"],
        {"email": ["raw.users.email"], "id": ["raw.users.id"]},
        id="bq_merge",
    ),
    case(
        B,
        "SELECT * EXCEPT (secret) FROM (SELECT id, secret, name FROM app.accounts)",
        None,
        ["app.accounts"],
        {"id": ["app.accounts.id"], "name": ["app.accounts.name"]},
        id="bq_star_except",
    ),
    case(B, "SELECT x FROM UNNEST([1, 2, 3]) AS x", None, [], {"x": []}, id="bq_unnest_literal"),
    case(
        B,
        """SELECT a.id, ARRAY(SELECT AS STRUCT t.k, t.v FROM UNNEST(a.kv) t) AS kvs FROM mart.a a""",
        None,
        ["mart.a"],
        {"id": ["mart.a.id"], "kvs": ["mart.a.kv"]},
        id="bq_array_subquery",
    ),
    case(
        B,
        "CREATE VIEW mart.v AS SELECT id, SAFE_CAST(amount AS NUMERIC) AS amount FROM raw.payments",
        "mart.v",
        ["raw.payments"],
        {"id": ["raw.payments.id"], "amount": ["raw.payments.amount"]},
        id="bq_view",
    ),
    case(
        B,
        "DELETE FROM mart.events WHERE ts < (SELECT MIN(ts) FROM mart.retention)",
        "mart.events",
        ["mart.retention"],
        None,
        id="bq_delete_scalar",
    ),
    case(
        B,
        "UPDATE mart.users u SET u.tier = t.tier FROM mart.tiers t WHERE u.score BETWEEN t.lo AND t.hi",
        "mart.users",
        ["mart.tiers"],
        {"tier": ["mart.tiers.tier"]},
        id="bq_update_from",
    ),
    case(
        B,
        """SELECT region, SUM(IF(status = 'paid', amount, 0)) AS paid
            FROM shop.orders WHERE DATE(created) = CURRENT_DATE() GROUP BY region HAVING paid > 0""",
        None,
        ["shop.orders"],
        {"region": ["shop.orders.region"], "paid": ["shop.orders.amount", "shop.orders.status"]},
        id="bq_if_sum",
    ),
    case(
        B,
        "SELECT id FROM mart.a INTERSECT DISTINCT SELECT id FROM mart.b",
        None,
        ["mart.a", "mart.b"],
        {"id": ["mart.a.id", "mart.b.id"]},
        id="bq_intersect",
    ),
]

"""Hive, Spark and Databricks cases."""

from .base import case

H = "hive"
SP = "spark"
DB = "databricks"

CASES = [
    case(
        H,
        "INSERT OVERWRITE TABLE dw.page_views PARTITION (dt = '2024-01-01') "
        "SELECT user_id, url, ts FROM ods.raw_views WHERE dt = '2024-01-01'",
        "dw.page_views",
        ["ods.raw_views"],
        {"user_id": ["ods.raw_views.user_id"], "url": ["ods.raw_views.url"], "ts": ["ods.raw_views.ts"]},
        id="hv_insert_overwrite_partition",
    ),
    case(
        H,
        "SELECT u.id, tag FROM dw.users u LATERAL VIEW explode(u.tags) t AS tag",
        None,
        ["dw.users"],
        {"id": ["dw.users.id"], "tag": ["dw.users.tags"]},
        id="hv_lateral_view",
    ),
    case(
        H,
        "SELECT id, kv.k, kv.v FROM dw.props LATERAL VIEW OUTER explode(attrs) kv AS k, v",
        None,
        ["dw.props"],
        {"id": ["dw.props.id"], "k": ["dw.props.attrs"], "v": ["dw.props.attrs"]},
        id="hv_lateral_view_outer_map",
    ),
    case(
        H,
        "INSERT INTO TABLE dw.agg SELECT dt, count(DISTINCT user_id) AS uv FROM dw.page_views GROUP BY dt",
        "dw.agg",
        ["dw.page_views"],
        {"dt": ["dw.page_views.dt"], "uv": ["dw.page_views.user_id"]},
        id="hv_insert_into_table",
    ),
    case(
        H,
        "CREATE TABLE dw.user_map STORED AS ORC AS SELECT id, get_json_object(profile, '$.city') AS city "
        "FROM ods.users",
        "dw.user_map",
        ["ods.users"],
        {"id": ["ods.users.id"], "city": ["ods.users.profile"]},
        id="hv_ctas_orc",
    ),
    case(
        H,
        "SELECT a.k, b.v FROM dw.a a LEFT SEMI JOIN dw.b b ON a.k = b.k",
        None,
        ["dw.a", "dw.b"],
        {"k": ["dw.a.k"], "v": ["dw.b.v"]},
        id="hv_semi_join",
    ),
    case(
        H,
        "SELECT m['key1'] AS k1, arr[0] AS first FROM dw.maps",
        None,
        ["dw.maps"],
        {"k1": ["dw.maps.m"], "first": ["dw.maps.arr"]},
        id="hv_map_access",
    ),
    case(
        SP,
        """INSERT OVERWRITE TABLE lake.daily
            SELECT d.day, s.store_id, sum(s.amount) AS revenue
            FROM lake.sales s JOIN lake.dim_date d ON s.date_key = d.key
            GROUP BY d.day, s.store_id""",
        "lake.daily",
        ["lake.dim_date", "lake.sales"],
        {"day": ["lake.dim_date.day"], "store_id": ["lake.sales.store_id"], "revenue": ["lake.sales.amount"]},
        id="sp_insert_overwrite",
    ),
    case(
        SP,
        "CREATE TABLE lake.events_delta USING delta AS SELECT id, from_json(body, 'a INT').a AS a "
        "FROM lake.events_raw",
        "lake.events_delta",
        ["lake.events_raw"],
        {"id": ["lake.events_raw.id"], "a": ["lake.events_raw.body"]},
        id="sp_ctas_delta",
    ),
    case(
        SP,
        "SELECT id, pos, item FROM lake.orders LATERAL VIEW posexplode(items) x AS pos, item",
        None,
        ["lake.orders"],
        {"id": ["lake.orders.id"], "pos": ["lake.orders.items"], "item": ["lake.orders.items"]},
        id="sp_posexplode",
    ),
    case(
        SP,
        "SELECT price * qty AS total, total * 0.2 AS vat FROM lake.lines",
        None,
        ["lake.lines"],
        {"total": ["lake.lines.price", "lake.lines.qty"], "vat": ["lake.lines.price", "lake.lines.qty"]},
        id="sp_lateral_alias",
    ),
    case(SP, "SELECT explode(sequence(1, 10)) AS n", None, [], {"n": []}, id="sp_no_from"),
    case(SP, "SELECT id FROM range(10)", None, [], {"id": []}, id="sp_range_tvf"),
    case(
        SP,
        "CREATE OR REPLACE TEMPORARY VIEW v_tmp AS SELECT a.id, transform(a.xs, x -> x + a.k) AS ys "
        "FROM lake.a a",
        "v_tmp",
        ["lake.a"],
        {"id": ["lake.a.id"], "ys": ["lake.a.k", "lake.a.xs"]},
        id="sp_lambda",
    ),
    case(
        DB,
        """MERGE INTO gold.customers t USING silver.customers s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET t.name = s.name, t.updated = current_timestamp()
            WHEN NOT MATCHED THEN INSERT (id, name, updated) VALUES (s.id, s.name, current_timestamp())""",
        "gold.customers",
        ["silver.customers"],
        {"name": ["silver.customers.name"], "updated": [], "id": ["silver.customers.id"]},
        id="dbx_merge",
    ),
    case(
        DB,
        "MERGE INTO gold.t USING silver.t s ON gold.t.id = s.id WHEN MATCHED THEN UPDATE SET * "
        "WHEN NOT MATCHED THEN INSERT *",
        "gold.t",
        ["silver.t"],
        {"id": ["silver.t.id"], "v": ["silver.t.v"]},
        id="dbx_merge_star",
        schema={"silver.t": ["id", "v"], "gold.t": ["id", "v"]},
    ),
    case(
        DB,
        "SELECT a AS x, x + 1 AS y FROM gold.t",
        None,
        ["gold.t"],
        {"x": ["gold.t.a"], "y": ["gold.t.a"]},
        id="dbx_lateral_alias",
    ),
    case(DB, "CREATE TABLE gold.c SHALLOW CLONE silver.c", "gold.c", ["silver.c"], None, id="dbx_clone"),
    case(
        SP,
        "WITH t AS (SELECT id, v FROM lake.src) INSERT INTO lake.dst SELECT id, v * 2 FROM t",
        "lake.dst",
        ["lake.src"],
        {"id": ["lake.src.id"], "v * 2": ["lake.src.v"]},
        id="sp_cte_before_insert",
    ),
]

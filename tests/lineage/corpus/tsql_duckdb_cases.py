"""T-SQL and DuckDB cases."""

from .base import case

T = "tsql"
D = "duckdb"

CASES = [
    case(
        T,
        "SELECT TOP 100 c.CustomerID, c.Name INTO #top_customers FROM dbo.Customers c WITH (NOLOCK) "
        "ORDER BY c.Revenue DESC",
        "#top_customers",
        ["dbo.customers"],
        {"customerid": ["dbo.customers.customerid"], "name": ["dbo.customers.name"]},
        id="ts_select_into_temp",
    ),
    case(
        T,
        "SELECT o.id, o.total INTO rpt.big_orders FROM sales.orders o WHERE o.total > 1000",
        "rpt.big_orders",
        ["sales.orders"],
        {"id": ["sales.orders.id"], "total": ["sales.orders.total"]},
        id="ts_select_into",
    ),
    case(
        T,
        """UPDATE o SET o.status = s.status, o.updated_at = GETDATE()
            FROM sales.orders o INNER JOIN staging.order_status s ON s.order_id = o.id""",
        "sales.orders",
        ["staging.order_status"],
        {"status": ["staging.order_status.status"], "updated_at": []},
        id="ts_update_alias_from",
    ),
    case(
        T,
        "DELETE t FROM sales.orders t JOIN staging.deleted d ON d.id = t.id",
        "sales.orders",
        ["staging.deleted"],
        None,
        id="ts_delete_alias_from",
    ),
    case(
        T,
        """MERGE dbo.Target AS t USING (SELECT id, val FROM dbo.Source) AS s ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET t.val = s.val
            WHEN NOT MATCHED BY TARGET THEN INSERT (id, val) VALUES (s.id, s.val)
            WHEN NOT MATCHED BY SOURCE THEN DELETE;""",
        "dbo.target",
        ["dbo.source"],
        {"val": ["dbo.source.val"], "id": ["dbo.source.id"]},
        id="ts_merge",
    ),
    case(
        T,
        """WITH ranked AS (
              SELECT id, dept, salary, RANK() OVER (PARTITION BY dept ORDER BY salary DESC) AS rnk FROM hr.emp
            )
            INSERT INTO hr.top_paid (id, dept, salary) SELECT id, dept, salary FROM ranked WHERE rnk = 1""",
        "hr.top_paid",
        ["hr.emp"],
        {"id": ["hr.emp.id"], "dept": ["hr.emp.dept"], "salary": ["hr.emp.salary"]},
        id="ts_cte_insert",
    ),
    case(
        T,
        "SELECT [Order ID] AS order_id, ISNULL(Amount, 0) AS amount FROM [sales].[Orders]",
        None,
        ["sales.orders"],
        {"order_id": ["sales.orders.order id"], "amount": ["sales.orders.amount"]},
        id="ts_brackets",
    ),
    case(
        T,
        "SELECT c.id, x.total FROM dbo.c c CROSS APPLY (SELECT SUM(o.amt) AS total FROM dbo.o o "
        "WHERE o.cid = c.id) x",
        None,
        ["dbo.c", "dbo.o"],
        {"id": ["dbo.c.id"], "total": ["dbo.o.amt"]},
        id="ts_cross_apply",
    ),
    case(
        T,
        "CREATE VIEW dbo.v_emp AS SELECT e.id, d.name AS dept FROM hr.emp e JOIN hr.dept d ON d.id = e.did",
        "dbo.v_emp",
        ["hr.dept", "hr.emp"],
        {"id": ["hr.emp.id"], "dept": ["hr.dept.name"]},
        id="ts_view",
    ),
    case(
        T,
        "INSERT INTO dbo.log (msg) SELECT CONCAT(u.first, ' ', u.last) FROM dbo.users u",
        "dbo.log",
        ["dbo.users"],
        {"msg": ["dbo.users.first", "dbo.users.last"]},
        id="ts_insert_concat",
    ),
    case(T, "SELECT * FROM OPENJSON(@js) WITH (id INT '$.id')", None, [], {}, id="ts_openjson_star"),
    case(
        D,
        "CREATE TABLE main.events AS SELECT * FROM read_parquet('s3://b/events/*.parquet')",
        "main.events",
        [],
        {},
        id="dd_read_parquet",
    ),
    case(
        D,
        "INSERT INTO main.summary SELECT category, avg(price) AS avg_price FROM main.products GROUP BY ALL",
        "main.summary",
        ["main.products"],
        {"category": ["main.products.category"], "avg_price": ["main.products.price"]},
        id="dd_group_all",
    ),
    case(
        D,
        "SELECT price * 2 AS dbl, dbl + 1 AS dbl1 FROM main.products",
        None,
        ["main.products"],
        {"dbl": ["main.products.price"], "dbl1": ["main.products.price"]},
        id="dd_lateral_alias",
    ),
    case(
        D,
        "SELECT t.id, u.x FROM main.t t, unnest(t.xs) AS u(x)",
        None,
        ["main.t"],
        {"id": ["main.t.id"], "x": ["main.t.xs"]},
        id="dd_unnest",
    ),
    case(
        D,
        "CREATE VIEW main.v AS SELECT * FROM main.a",
        "main.v",
        ["main.a"],
        {"id": ["main.a.id"], "name": ["main.a.name"]},
        id="dd_view_star_resolver",
        schema={"main.a": ["id", "name"]},
    ),
    case(D, "COPY main.t FROM 'data.csv' (HEADER)", "main.t", [], None, id="dd_copy_from"),
    case(
        D,
        "COPY (SELECT id FROM main.t) TO 'out.parquet' (FORMAT PARQUET)",
        None,
        ["main.t"],
        {"id": ["main.t.id"]},
        id="dd_copy_to",
    ),
    case(
        D,
        "SELECT a.id, b.v FROM main.a a ASOF JOIN main.b b ON a.id = b.id AND a.ts >= b.ts",
        None,
        ["main.a", "main.b"],
        {"id": ["main.a.id"], "v": ["main.b.v"]},
        id="dd_asof",
    ),
    case(
        D,
        "DELETE FROM main.t WHERE id NOT IN (SELECT id FROM main.keep)",
        "main.t",
        ["main.keep"],
        None,
        id="dd_delete_not_in",
    ),
]

"""MySQL cases."""

from .base import case

M = "mysql"

CASES = [
    case(
        M,
        "INSERT INTO shop.daily_sales (day, revenue) SELECT DATE(created_at), SUM(price * qty) "
        "FROM shop.order_lines GROUP BY DATE(created_at)",
        "shop.daily_sales",
        ["shop.order_lines"],
        {
            "day": ["shop.order_lines.created_at"],
            "revenue": ["shop.order_lines.price", "shop.order_lines.qty"],
        },
        id="my_insert_agg",
    ),
    case(
        M,
        "REPLACE INTO shop.product_cache (id, title) SELECT p.id, CONCAT(p.brand, ' ', p.name) "
        "FROM shop.products p",
        "shop.product_cache",
        ["shop.products"],
        {"id": ["shop.products.id"], "title": ["shop.products.brand", "shop.products.name"]},
        id="my_replace_into",
    ),
    case(
        M,
        "UPDATE shop.orders o JOIN shop.customers c ON o.customer_id = c.id "
        "SET o.customer_email = c.email WHERE c.verified = 1",
        "shop.orders",
        ["shop.customers"],
        {"customer_email": ["shop.customers.email"]},
        id="my_update_join",
    ),
    case(
        M,
        "DELETE o FROM shop.orders o JOIN shop.customers c ON o.customer_id = c.id WHERE c.fraud = 1",
        "shop.orders",
        ["shop.customers"],
        None,
        id="my_delete_join",
    ),
    case(
        M,
        "SELECT `id`, `Name` AS nm FROM `shop`.`Products` WHERE price > 10",
        None,
        ["shop.products"],
        {"id": ["shop.products.id"], "nm": ["shop.products.name"]},
        id="my_backticks",
    ),
    case(M, "SELECT NOW() AS ts, 1 AS one FROM DUAL", None, [], {"ts": [], "one": []}, id="my_dual"),
    case(
        M,
        """INSERT INTO rpt.top_customers (customer_id, orders)
            SELECT customer_id, cnt FROM (
              SELECT customer_id, COUNT(*) AS cnt FROM shop.orders GROUP BY customer_id
            ) AS t WHERE cnt > 10""",
        "rpt.top_customers",
        ["shop.orders"],
        {"customer_id": ["shop.orders.customer_id"], "orders": []},
        id="my_derived",
    ),
    case(
        M,
        "CREATE TABLE rpt.snapshot AS SELECT id, status, IF(total > 100, 'big', 'small') AS size "
        "FROM shop.orders",
        "rpt.snapshot",
        ["shop.orders"],
        {"id": ["shop.orders.id"], "status": ["shop.orders.status"], "size": ["shop.orders.total"]},
        id="my_ctas_if",
    ),
    case(
        M,
        "CREATE OR REPLACE VIEW rpt.v_active AS SELECT u.id, u.email FROM app.users u "
        "WHERE u.id IN (SELECT user_id FROM app.logins WHERE ts > NOW() - INTERVAL 30 DAY)",
        "rpt.v_active",
        ["app.logins", "app.users"],
        {"id": ["app.users.id"], "email": ["app.users.email"]},
        id="my_view_in_subquery",
    ),
    case(
        M,
        "SELECT a.id, b.total FROM shop.a AS a LEFT JOIN (SELECT a_id, SUM(v) AS total FROM shop.b "
        "GROUP BY a_id) AS b ON b.a_id = a.id",
        None,
        ["shop.a", "shop.b"],
        {"id": ["shop.a.id"], "total": ["shop.b.v"]},
        id="my_left_derived",
    ),
    case(
        M,
        "INSERT INTO shop.audit (event) VALUES ('start')",
        "shop.audit",
        [],
        {"event": []},
        id="my_insert_values",
    ),
    case(M, "SET @x = 1", None, [], None, id="my_set"),
    case(M, "USE shop", None, [], None, id="my_use"),
    case(
        M,
        "INSERT INTO shop.tags (name) SELECT DISTINCT tag FROM shop.raw_tags "
        "ON DUPLICATE KEY UPDATE name = VALUES(name)",
        "shop.tags",
        ["shop.raw_tags"],
        {"name": ["shop.raw_tags.tag"]},
        id="my_on_duplicate",
    ),
    case(
        M,
        "SELECT GROUP_CONCAT(DISTINCT p.name ORDER BY p.rank SEPARATOR ',') AS names, c.id "
        "FROM shop.categories c JOIN shop.products p ON p.category_id = c.id GROUP BY c.id",
        None,
        ["shop.categories", "shop.products"],
        {"names": ["shop.products.name", "shop.products.rank"], "id": ["shop.categories.id"]},
        id="my_group_concat",
    ),
    case(
        M,
        "SELECT id, name FROM shop.customers UNION ALL SELECT id, name FROM shop.suppliers",
        None,
        ["shop.customers", "shop.suppliers"],
        {
            "id": ["shop.customers.id", "shop.suppliers.id"],
            "name": ["shop.customers.name", "shop.suppliers.name"],
        },
        id="my_union_all",
    ),
    case(
        M,
        "SELECT id FROM orders WHERE status = 'x'",
        None,
        ["orders"],
        {"id": ["orders.id"]},
        id="my_unqualified_table",
    ),
    case(
        M,
        "UPDATE shop.products SET price = price * 1.1 WHERE category_id IN "
        "(SELECT id FROM shop.categories WHERE name = 'x')",
        "shop.products",
        ["shop.categories"],
        {"price": ["shop.products.price"]},
        id="my_update_subquery",
    ),
]

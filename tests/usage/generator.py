# ruff: noqa: E501 - a table of statements reads best one per line
"""A labelled query log: statements generated from templates whose labels (tables read, join
pairs, filter columns and operators, parseable or not) are written by hand next to each template,
never computed by the parser under test. Deterministic for a seed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

SHOP = {
    ("sales", "customers"): [
        "customer_id",
        "email",
        "first_name",
        "last_name",
        "region_id",
        "created_at",
        "status",
    ],
    ("sales", "orders"): ["order_id", "customer_id", "order_date", "order_status", "amount", "channel"],
    ("sales", "order_items"): ["order_id", "line_no", "product_id", "quantity", "unit_price"],
    ("sales", "products"): ["product_id", "sku", "name", "category_id", "price"],
    ("sales", "categories"): ["category_id", "name", "parent_id"],
    ("sales", "regions"): ["region_id", "name", "country"],
    ("sales", "payments"): ["payment_id", "order_id", "paid_at", "method", "amount"],
    ("sales", "returns"): ["return_id", "order_id", "reason", "returned_at"],
    ("ops", "shipments"): ["shipment_id", "order_id", "carrier", "shipped_at", "delivered_at"],
    ("ops", "warehouses"): ["warehouse_id", "name", "region_id"],
    ("ops", "stock"): ["warehouse_id", "product_id", "on_hand"],
    ("mart", "daily_sales"): ["day", "region_id", "revenue", "orders"],
    ("mart", "v_customer_value"): ["customer_id", "lifetime_value", "orders"],
}
VIEWS = {("mart", "v_customer_value")}
USERS = ["ana", "ben", "carla", "dev", "eli", "fay", "gus", "hana", "ivan", "jo", "kim", "lee"]


def c(schema_table_column: str) -> tuple[str, str, str]:
    schema, table, column = schema_table_column.split(".")
    return (schema, table, column)


@dataclass(frozen=True)
class Template:
    sql: str
    reads: frozenset = frozenset()
    joins: frozenset = frozenset()
    filters: dict = field(default_factory=dict)  # column -> operators
    parseable: bool = True
    schema: str = "sales"
    weight: int = 10


def T(sql, reads=(), joins=(), filters=None, parseable=True, schema="sales", weight=10) -> Template:  # noqa: N802
    return Template(
        sql,
        frozenset(tuple(r.split(".")) for r in reads),
        frozenset(tuple(sorted((c(a), c(b)))) for a, b in joins),
        {c(k): frozenset(v) for k, v in (filters or {}).items()},
        parseable,
        schema,
        weight,
    )


ORD, CU, OI, P = "sales.orders", "sales.customers", "sales.order_items", "sales.products"
TEMPLATES = [
    T("SELECT order_id, amount FROM orders WHERE order_status = {s} AND order_date >= {d}",
      [ORD], filters={f"{ORD}.order_status": {"="}, f"{ORD}.order_date": {">="}}, weight=40),
    T("SELECT o.order_id FROM orders o JOIN customers c ON c.customer_id = o.customer_id WHERE c.status <> {s}",
      [ORD, CU], [(f"{CU}.customer_id", f"{ORD}.customer_id")], {f"{CU}.status": {"<>"}}, weight=35),
    T("SELECT * FROM sales.orders WHERE order_status IN ({s}, {s2}) AND amount BETWEEN {n} AND {n2}",
      [ORD], filters={f"{ORD}.order_status": {"IN"}, f"{ORD}.amount": {"BETWEEN"}}, weight=25),
    T("SELECT count(*) FROM orders o, customers c WHERE o.customer_id = c.customer_id AND lower(c.email) LIKE {like}",
      [ORD, CU], [(f"{ORD}.customer_id", f"{CU}.customer_id")], {f"{CU}.email": {"LIKE"}}),
    T("SELECT c.first_name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id"
      " AND o.order_status NOT IN ({s}))",
      [CU, ORD], [(f"{ORD}.customer_id", f"{CU}.customer_id")], {f"{ORD}.order_status": {"NOT IN"}}),
    T("SELECT * FROM orders JOIN payments USING (order_id) WHERE method = {s}",
      [ORD, "sales.payments"], [(f"{ORD}.order_id", "sales.payments.order_id")], {"sales.payments.method": {"="}}),
    T("WITH big AS (SELECT customer_id AS cid, amount * 2 AS doubled FROM orders WHERE amount > {n})"
      " SELECT r.name FROM big b JOIN customers c ON b.cid = c.customer_id JOIN regions r ON r.region_id = c.region_id"
      " WHERE b.doubled > {n}",
      [ORD, CU, "sales.regions"],
      [(f"{ORD}.customer_id", f"{CU}.customer_id"), ("sales.regions.region_id", f"{CU}.region_id")],
      {f"{ORD}.amount": {">"}}),
    T("SELECT d.cust FROM (SELECT o.customer_id AS cust, o.channel FROM orders o) d WHERE d.channel ILIKE {like}",
      [ORD], filters={f"{ORD}.channel": {"ILIKE"}}),
    T("SELECT * FROM orders WHERE customer_id IN (SELECT customer_id FROM customers WHERE created_at < {d})",
      [ORD, CU], filters={f"{CU}.created_at": {"<"}}),
    T("SELECT oi.product_id, sum(oi.quantity) FROM order_items oi JOIN products p ON p.product_id = oi.product_id"
      " JOIN categories cat ON cat.category_id = p.category_id GROUP BY oi.product_id HAVING sum(oi.quantity) > {n}",
      [OI, P, "sales.categories"],
      [(f"{OI}.product_id", f"{P}.product_id"), ("sales.categories.category_id", f"{P}.category_id")]),
    T("SELECT a.order_id FROM orders a JOIN orders b ON a.customer_id = b.customer_id AND a.order_id <> b.order_id"
      " WHERE a.order_date >= CURRENT_DATE - {n}",
      [ORD], [(f"{ORD}.customer_id", f"{ORD}.customer_id")], {f"{ORD}.order_date": {">="}}),
    T("SELECT CASE WHEN amount > {n} THEN 'big' END FROM orders WHERE amount >= {n} AND amount < {n2}",
      [ORD], filters={f"{ORD}.amount": {">=", "<"}}),
    T("SELECT s.carrier FROM ops.shipments s JOIN orders o ON o.order_id = s.order_id WHERE s.delivered_at IS NULL"
      " AND o.order_status = {s}",
      ["ops.shipments", ORD], [("ops.shipments.order_id", f"{ORD}.order_id")],
      {"ops.shipments.delivered_at": {"IS NULL"}, f"{ORD}.order_status": {"="}}),
    T("SELECT * FROM shipments WHERE shipped_at IS NOT NULL AND carrier NOT LIKE {like}", ["ops.shipments"],
      filters={"ops.shipments.shipped_at": {"IS NOT NULL"}, "ops.shipments.carrier": {"NOT LIKE"}}, schema="ops"),
    T("SELECT w.name, st.on_hand FROM warehouses w JOIN stock st ON st.warehouse_id = w.warehouse_id"
      " WHERE st.on_hand < {n}", ["ops.warehouses", "ops.stock"],
      [("ops.stock.warehouse_id", "ops.warehouses.warehouse_id")], {"ops.stock.on_hand": {"<"}}, schema="ops"),
    T("INSERT INTO mart.daily_sales SELECT order_date, c.region_id, sum(amount), count(*) FROM orders o"
      " JOIN customers c ON c.customer_id = o.customer_id WHERE o.order_date = {d} GROUP BY 1, 2",
      [ORD, CU], [(f"{ORD}.customer_id", f"{CU}.customer_id")], {f"{ORD}.order_date": {"="}}, weight=5),
    T("CREATE TABLE tmp_big_orders AS SELECT * FROM orders WHERE amount > {n}",
      [ORD], filters={f"{ORD}.amount": {">"}}, weight=3),
    T("SELECT * FROM mart.v_customer_value v JOIN customers c ON c.customer_id = v.customer_id"
      " WHERE v.lifetime_value > {n}",
      ["mart.v_customer_value", CU], [("mart.v_customer_value.customer_id", f"{CU}.customer_id")],
      {"mart.v_customer_value.lifetime_value": {">"}}),
    T("SELECT * FROM scratch.unknown_table u WHERE u.x = {n}", []),
    T("SELECT r.reason FROM returns r WHERE r.returned_at BETWEEN {d} AND {d} AND r.order_id = {n}",
      ["sales.returns"], filters={"sales.returns.returned_at": {"BETWEEN"}, "sales.returns.order_id": {"="}}),
    T("SELECT p.name FROM products p WHERE p.price > (SELECT avg(price) FROM products)", [P]),
    T("SELECT o.order_id FROM orders o WHERE o.amount > o.amount * 0 + {n} OR coalesce(o.channel, 'web') = {s}",
      [ORD], filters={f"{ORD}.channel": {"="}}),
    T("SELEC order_id FROM orders", parseable=False, weight=4),
    T("SELECT order_id FROM orders WHERE", parseable=False, weight=3),
    T("SELECT * FROM orders ORDER", parseable=False, weight=2),
    T("SELECT count(* FROM customers", parseable=False, weight=2),
]  # fmt: skip


@dataclass
class LabelledLog:
    lines: list[dict]
    labels: list[Template]

    def jsonl(self) -> bytes:
        return "".join(json.dumps(line) + "\n" for line in self.lines).encode()

    def expected(self) -> dict:
        """Per table (in the catalog): executions, users Counter, joins {pair: (n, users)}, filters
        {column: (n, users, ops Counter)}; and the unparseable count — from the labels alone."""
        from collections import Counter, defaultdict

        tables = defaultdict(lambda: [0, Counter()])
        joins = defaultdict(lambda: [0, set()])
        filters = defaultdict(lambda: [0, set(), Counter()])
        unparseable = 0
        for line, label in zip(self.lines, self.labels, strict=True):
            if not label.parseable:
                unparseable += 1
                continue
            for relation in label.reads:
                if relation in SHOP:
                    tables[relation][0] += 1
                    tables[relation][1][line["user"]] += 1
            for pair in label.joins:
                joins[pair][0] += 1
                joins[pair][1].add(line["user"])
            for column, ops in label.filters.items():
                filters[column][0] += 1
                filters[column][1].add(line["user"])
                for op in ops:
                    filters[column][2][op] += 1
        return {"unparseable": unparseable, "tables": tables, "joins": joins, "filters": filters}


def generate(executions: int = 3000, seed: int = 7) -> LabelledLog:
    rng = random.Random(seed)
    weights = [t.weight for t in TEMPLATES]
    # Each user favours a few templates, so top users differ per table.
    start = datetime(2026, 10, 1, tzinfo=UTC)
    lines, labels = [], []
    for _ in range(executions):
        user = rng.choices(USERS, weights=[len(USERS) - i for i in range(len(USERS))])[0]
        template = rng.choices(TEMPLATES, weights=weights)[0]
        sql = template.sql.format(
            s=repr(rng.choice(["shipped", "open", "cancelled"])),
            s2=repr(rng.choice(["returned", "lost"])),
            d=repr(f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
            n=rng.randint(1, 500),
            n2=rng.randint(501, 900),
            like=repr(rng.choice(["%@example.com", "a%", "%x%"])),
        )
        moment = start + timedelta(minutes=rng.randint(0, 60 * 24 * 42))
        qualified = rng.random() < 0.3
        lines.append(
            {
                "sql": sql,
                "user": user,
                "start_time": moment.isoformat(),
                "duration_ms": rng.randint(1, 5000),
                "default_schema": template.schema if not qualified else f"{template.schema}, public",
            }
        )
        labels.append(template)
    return LabelledLog(lines, labels)

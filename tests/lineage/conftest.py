import sqlite3

import pytest

from catalog.permissions import SYSTEM
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save


@pytest.fixture
def shop_source(db, tmp_path, settings):
    """A crawled SQLite source with two tables and views over them (one with SELECT *)."""
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    folder = tmp_path / "shop"
    folder.mkdir()
    with sqlite3.connect(folder / "sales.sqlite") as conn:
        conn.executescript(
            """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, region TEXT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL);
            CREATE VIEW customer_totals AS
              SELECT c.region, c.name AS customer, SUM(o.amount) AS total
              FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.region, c.name;
            CREATE VIEW region_totals AS
              SELECT region, SUM(total) AS total FROM customer_totals GROUP BY region;
            CREATE VIEW all_orders AS SELECT * FROM orders;
            """
        )
    source = source_save(user=SYSTEM, name="Shop", url=f"sqlite:///{folder}")
    source.folder = folder
    crawl(source)
    return source


def crawl(source):
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    run = crawl_source(run_id=run.pk)
    assert run.status == "succeeded", run.error
    return run

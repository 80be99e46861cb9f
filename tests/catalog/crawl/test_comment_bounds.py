"""Comments a source holds render as Markdown on the catalog's pages: a huge one is kept to the
bound descriptions have, and the table page still answers."""

import psycopg
import pytest

from catalog.models import Column, CrawlRun, Table
from catalog.permissions import SYSTEM
from catalog.services.catalog_sync import COMMENT_MAX_LENGTH
from catalog.services.crawl import crawl_request, crawl_source

pytestmark = pytest.mark.django_db


def test_a_huge_source_comment_is_kept_to_the_bound(register, postgres_database, viewer_client):
    huge = "*word* " * 300_000  # 2.1 MB of Markdown
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE big (id int)")
        conn.execute(f"COMMENT ON TABLE big IS '{huge}'")
        conn.execute(f"COMMENT ON COLUMN big.id IS '{huge}'")
    source = register("Big comments", postgres_database)
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    assert crawl_source(run_id=run.pk).status == CrawlRun.Status.SUCCEEDED
    table = Table.objects.get(source=source, name="big")
    assert len(table.comment) == COMMENT_MAX_LENGTH == len(Column.objects.get(table=table).comment)
    assert huge.startswith(table.comment)
    assert viewer_client.get(f"/tables/{table.pk}/").status_code == 200
    # A second crawl sees nothing changed.
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    assert crawl_source(run_id=run.pk).counts.get("tables_updated", 0) == 0

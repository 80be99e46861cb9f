"""The hostile Markdown/HTML corpus rendered in a real Chromium: through table titles and
descriptions, column descriptions, conversation posts and search snippets, no script runs, no
dialog opens and no request leaves the site."""

import pytest

from catalog.roles import VIEWER
from catalog.search import index_source
from discussions.services.posts import conversation_start, post_reply
from tests.discussions.test_hostile_markdown import CORPUS, VECTORS
from tests.factories import ColumnFactory, SchemaFactory, TableFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_PAGE = 25  # corpus inputs per description: every input is rendered, in a handful of pages


@pytest.fixture
def hostile_catalog(db):
    viewer = UserFactory(username="ana.lytics", role=VIEWER)
    chunks = [CORPUS[i : i + PER_PAGE] for i in range(0, len(CORPUS), PER_PAGE)]
    schema = SchemaFactory(name="attack", source__name="Attack")
    tables = []
    for n, chunk in enumerate(chunks):
        table = TableFactory(
            name=f"hostile_{n}",
            schema=schema,
            source=schema.source,
            title=VECTORS[n % len(VECTORS)][:300],
            description="\n\n".join(chunk),
        )
        column = ColumnFactory(table=table, name="payload", description="\n\n".join(chunk))
        tables.append((table, column))
        conversation = conversation_start(
            user=viewer, asset_kind="table", asset_id=table.pk, title=VECTORS[n % len(VECTORS)], body=chunk[0]
        )
        for text in chunk[1:]:
            post_reply(user=viewer, conversation=conversation, body=text)
    index_source(schema.source)
    return tables


def test_no_input_of_the_corpus_runs_in_chromium(page, live_server, log_in, hostile_catalog):
    dialogs, errors, outside = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    log_in("ana.lytics")
    urls = ["/search/?q=hostile", "/search/?q=alert", f"/schemas/{hostile_catalog[0][0].schema_id}/"]
    for table, column in hostile_catalog:
        urls += [f"/tables/{table.pk}/", f"/tables/{table.pk}/columns/", f"/columns/{column.pk}/"]
        urls.append(f"/tables/{table.pk}/conversations/")
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("load")
    assert len(urls) >= 30
    assert dialogs == [] and errors == [] and outside == [], (dialogs, errors, outside)
    # The conversations themselves, each thread of 25 posts.
    for link in page.locator("a[href*='/discussions/conversations/']").evaluate_all(
        "els => els.map(e => e.href)"
    ):
        page.goto(link)
    assert dialogs == [] and errors == [] and outside == [], (dialogs, errors, outside)

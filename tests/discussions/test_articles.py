"""Articles end to end: writing, editing by authors and stewards only, revisions with diffs,
the asset panel, the Articles page and its search, the API, search, query bounds and hostile
Markdown through article bodies."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.search import SearchParams, search
from discussions.models import Article, ArticleAsset, ArticleRevision
from discussions.services.articles import article_create, article_update
from discussions.services.posts import DiscussionError
from tests.discussions.test_hostile_markdown import CORPUS, dangers
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tables(db):
    ipps = TableFactory(name="summ_top_drg", schema__name="ipps")
    lu = TableFactory(name="lu_drg", schema=ipps.schema)
    return ipps, lu


def _write(user, tables, **kw):
    return article_create(
        user=user,
        title=kw.get("title", "How to compute readmission rates from ipps"),
        body=kw.get("body", "Join [[ipps.summ_top_drg]] to [[ipps.lu_drg]] on the DRG code.\n\nThen count."),
        tags=kw.get("tags", "readmissions, ipps"),
        assets=[("table", t.pk) for t in tables],
    )


def test_it_writes_an_article_with_its_first_revision(contributor, tables):
    article = _write(contributor, tables)
    assert list(article.authors.all()) == [contributor]
    assert article.tag_list == ["readmissions", "ipps"]
    assert ArticleAsset.objects.filter(article=article).count() == 2
    assert ArticleRevision.objects.get(article=article).number == 1


def test_viewers_cannot_write_and_nothing_changes(viewer, tables):
    with pytest.raises(PermissionDenied):
        _write(viewer, tables)
    assert not Article.objects.exists() and not ArticleRevision.objects.exists()


def test_only_authors_and_stewards_edit_and_a_refusal_changes_nothing(contributor, steward, tables):
    article = _write(contributor, tables)
    other = UserFactory(role="Contributor")
    with pytest.raises(DiscussionError):
        article_update(user=other, article=article, body="vandalised")
    article.refresh_from_db()
    assert "vandalised" not in article.body and article.revisions.count() == 1
    article_update(user=steward, article=article, body="Count readmissions within 30 days.")
    article.refresh_from_db()
    assert article.revisions.count() == 2 and set(article.authors.all()) == {contributor, steward}


def test_it_refuses_bad_input_with_clear_errors(contributor, tables):
    for kw, field in [
        ({"title": " "}, "title"),
        ({"body": "x" * 100_001}, "body"),
        ({"tags": ",".join(f"t{i}" for i in range(20))}, "tags"),
    ]:
        with pytest.raises(DiscussionError) as exc:
            _write(contributor, tables, **kw)
        assert exc.value.field == field
    with pytest.raises(DiscussionError):
        article_create(user=contributor, title="T", body="B", assets=[("table", 999_999)])
    assert not Article.objects.exists()


def test_pages_write_edit_show_history_and_panel(client, contributor, tables):
    ipps, lu = tables
    client.force_login(contributor)
    response = client.post(
        reverse("discussions-article-new"),
        {
            "title": "Readmissions",
            "body": "First **draft** about [[ipps.lu_drg]].",
            "assets": "ipps.summ_top_drg ipps.lu_drg",
            "tags": "ipps",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "discussions-article", args=[article.pk]
    )
    page = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
    assert (
        "<strong>draft</strong>" in page and 'class="mention asset"' in page and "ipps.summ_top_drg" in page
    )
    client.post(
        reverse("discussions-article-edit", args=[article.pk]),
        {"title": "Readmissions", "body": "Second version about [[ipps.lu_drg]].", "assets": "ipps.lu_drg"},
    )
    history = client.get(reverse("discussions-article-history", args=[article.pk])).content.decode()
    assert 'class="removed">-First **draft**' in history and 'class="added">+Second version' in history
    assert "Version 2" in history and "first version" in history
    table_page = client.get(reverse("table-detail", args=[lu.pk])).content.decode()
    assert 'data-panel="articles"' in table_page and "Readmissions" in table_page
    other = client.get(reverse("table-detail", args=[ipps.pk])).content.decode()
    assert 'data-panel="articles"' not in other  # unlinked on edit: the panel leaves
    listing = client.get(reverse("discussions-articles"), {"q": "second"}).content.decode()
    assert "Readmissions" in listing
    assert (
        "No article matches" in client.get(reverse("discussions-articles"), {"q": "zebra"}).content.decode()
    )
    home = client.get(reverse("discussions-articles")).content.decode()
    assert 'data-nav="articles"' in home


def test_unknown_asset_names_are_refused_in_the_form(client, contributor, tables):
    client.force_login(contributor)
    response = client.post(
        reverse("discussions-article-new"), {"title": "T", "body": "B", "assets": "ipps.nope"}
    )
    assert response.status_code == 400 and "No table or column named ipps.nope" in response.content.decode()
    assert not Article.objects.exists()


def test_a_viewer_reads_but_gets_no_write_or_edit_buttons(client, viewer, contributor, tables):
    article = _write(contributor, tables)
    client.force_login(viewer)
    page = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
    assert "How to compute" in page and "/edit/" not in page
    assert "Write an article" not in client.get(reverse("discussions-articles")).content.decode()
    assert (
        client.post(
            reverse("discussions-article-edit", args=[article.pk]), {"title": "x", "body": "y"}
        ).status_code
        == 403
    )


def test_conversations_attach_to_an_article(client, viewer, contributor, tables):
    article = _write(contributor, tables)
    client.force_login(viewer)
    response = client.post(
        reverse("discussions-start", args=["article", article.pk]), {"title": "Why 30 days?", "body": "?"}
    )
    assert response.status_code == 302
    page = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
    assert "Why 30 days?" in page


def test_articles_are_found_in_their_category(viewer, contributor, tables):
    _write(contributor, tables, body="Readmission windows are thirty days, see the zebracorn method.")
    result = search(viewer, SearchParams(q="zebracorn"))
    assert [h.doc.asset_type for h in result.hits] == ["article"]
    assert "articles" in {c.value for c in result.categories}


def test_api_lists_creates_reads_updates_and_shows_revisions(client, contributor, viewer, tables):
    ipps, lu = tables
    client.force_login(contributor)
    created = client.post(
        "/api/discussions/articles/",
        {
            "title": "Rates",
            "body": "one\ntwo",
            "tags": ["ipps"],
            "assets": [{"kind": "table", "id": ipps.pk}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/discussions/articles/{pk}/",
        json.dumps({"body": "one\nthree"}),
        content_type="application/json",
    )
    assert patched.status_code == 200
    detail = client.get(f"/api/discussions/articles/{pk}/").json()
    assert detail["body"] == "one\nthree" and detail["assets"][0]["name"] == "ipps.summ_top_drg"
    revisions = client.get(f"/api/discussions/articles/{pk}/revisions/").json()
    assert (
        [r["number"] for r in revisions] == [2, 1]
        and "-two" in revisions[0]["diff"]
        and "+three" in revisions[0]["diff"]
    )
    assert client.get("/api/discussions/articles/", {"q": "rates"}).json()[0]["id"] == pk
    bad = client.post(
        "/api/discussions/articles/",
        {"title": "x", "body": "y", "assets": [{"kind": "nope", "id": 1}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "assets" in bad.json()["error"]["fields"]
    client.force_login(viewer)
    refused = client.patch(
        f"/api/discussions/articles/{pk}/", json.dumps({"body": "x"}), content_type="application/json"
    )
    assert refused.status_code == 403 and Article.objects.get().body == "one\nthree"


def test_pages_and_api_lists_have_bounded_queries(client, contributor, tables, django_assert_max_num_queries):
    for index in range(25):
        article = _write(contributor, tables, title=f"Article {index}")
        article_update(user=contributor, article=article, body=f"v2 {index}\n" * 20)
    client.force_login(contributor)
    article = Article.objects.first()
    for url in [
        reverse("discussions-articles"),
        reverse("discussions-article", args=[article.pk]),
        reverse("discussions-article-history", args=[article.pk]),
        reverse("discussions-article-edit", args=[article.pk]),
        reverse("table-detail", args=[tables[0].pk]),
        "/api/discussions/articles/",
        f"/api/discussions/articles/{article.pk}/",
        f"/api/discussions/articles/{article.pk}/revisions/",
    ]:
        # 31: the table page's fixed bound with every app's panels (tests/catalog/test_table_pages.py).
        with django_assert_max_num_queries(31):
            assert client.get(url).status_code == 200, url


def test_diffs_are_bounded(contributor, tables):
    from discussions.selectors import MAX_DIFF_LINES, history

    article = _write(contributor, tables, body="\n".join(f"line {i}" for i in range(2000)))
    article_update(user=contributor, article=article, body="\n".join(f"changed {i}" for i in range(2000)))
    newest = history(article)[0]
    assert newest.truncated and len(newest.lines) == MAX_DIFF_LINES


def test_hostile_markdown_through_article_bodies(client, contributor, tables):
    client.force_login(contributor)
    chunk = 40
    for start in range(0, len(CORPUS), chunk):
        body = "\n\n".join(CORPUS[start : start + chunk])
        article = article_create(user=contributor, title=f"Hostile {start}", body=body)
        html = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
        body_html = html.split("data-article-body>", 1)[1].split("</article>", 1)[0]
        assert dangers(body_html) == [], start
        api = client.get(f"/api/discussions/articles/{article.pk}/").json()
        assert api["body"] == body  # the API gives the source text as JSON; clients render it


def test_column_links_show_on_column_pages(client, contributor):
    column = ColumnFactory(name="drg_code", table__name="lu_drg", table__schema__name="ipps")
    article_create(user=contributor, title="DRG codes", body="About codes.", assets=[("column", column.pk)])
    client.force_login(contributor)
    page = client.get(reverse("column-detail", args=[column.pk])).content.decode()
    assert "Articles about this column" in page and "DRG codes" in page

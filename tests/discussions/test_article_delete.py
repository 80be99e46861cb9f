"""Deleting an article: authors, stewards and admins only; the article leaves lists, search,
asset pages and "Mentioned in", its page says it was deleted, and its revisions stay."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.search import SearchParams, search
from discussions.models import Article, ArticleRevision
from discussions.services.articles import article_create, article_delete, article_update
from discussions.services.posts import DiscussionError
from tests.factories import TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(db):
    return TableFactory(name="summ_top_drg", schema__name="ipps")


@pytest.fixture
def article(contributor, table):
    return article_create(
        user=contributor,
        title="Zebracorn readmissions",
        body="Join [[ipps.summ_top_drg]] on the code.",
        assets=[("table", table.pk)],
    )


def test_it_deletes_softly_and_keeps_the_history(contributor, article):
    article_delete(user=contributor, article=article)
    article.refresh_from_db()
    assert article.deleted_at is not None and article.deleted_by == contributor
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert Article.objects.filter(pk=article.pk).exists()


def test_only_authors_stewards_and_admins_delete(viewer, steward, article):
    other = UserFactory(username="other.contributor", role="Contributor")
    with pytest.raises(DiscussionError):
        article_delete(user=other, article=article)
    with pytest.raises(PermissionDenied):
        article_delete(user=viewer, article=article)
    article.refresh_from_db()
    assert article.deleted_at is None
    article_delete(user=steward, article=article)
    article.refresh_from_db()
    assert article.deleted_by == steward


def test_a_deleted_article_leaves_lists_search_and_asset_pages(client, viewer, contributor, article, table):
    client.force_login(viewer)
    assert "Zebracorn readmissions" in client.get(reverse("discussions-articles")).content.decode()
    assert search(viewer, SearchParams(q="zebracorn")).total == 1
    article_delete(user=contributor, article=article)
    assert "Zebracorn readmissions" not in client.get(reverse("discussions-articles")).content.decode()
    assert "Zebracorn" not in client.get(reverse("discussions-articles") + "?q=zebracorn").content.decode()
    assert search(viewer, SearchParams(q="zebracorn")).total == 0
    table_page = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert "Zebracorn readmissions" not in table_page  # neither "Articles about" nor "Mentioned in"


def test_its_page_says_it_was_deleted_and_it_cannot_be_edited(client, contributor, article):
    client.force_login(contributor)
    confirm = client.get(reverse("discussions-article-delete", args=[article.pk]))
    assert confirm.status_code == 200 and "Delete the article" in confirm.content.decode()
    response = client.post(reverse("discussions-article-delete", args=[article.pk]))
    assert response.status_code == 302
    page = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
    assert "This article was deleted by carl.contributor" in page
    assert "Join" not in page and "data-article-body" not in page
    assert reverse("discussions-article-edit", args=[article.pk]) not in page
    assert client.get(reverse("discussions-article-edit", args=[article.pk])).status_code == 403
    history = client.get(reverse("discussions-article-history", args=[article.pk])).content.decode()
    assert "Deleted by" in history and "Version 1" in history
    article.refresh_from_db()
    with pytest.raises(DiscussionError):
        article_update(user=contributor, article=article, body="back")


def test_viewers_get_no_delete_button_nor_page(client, viewer, article):
    client.force_login(viewer)
    page = client.get(reverse("discussions-article", args=[article.pk])).content.decode()
    assert reverse("discussions-article-delete", args=[article.pk]) not in page
    assert client.post(reverse("discussions-article-delete", args=[article.pk])).status_code == 403
    article.refresh_from_db()
    assert article.deleted_at is None


def test_the_api_deletes_with_the_same_permissions(client, viewer, contributor, article):
    url = reverse("api-discussions-article", args=[article.pk])
    client.force_login(viewer)
    assert client.delete(url).status_code == 403
    client.force_login(contributor)
    assert client.delete(url).status_code == 204
    listed = client.get(reverse("api-discussions-articles")).json()
    assert article.pk not in [a["id"] for a in listed]
    detail = client.get(url).json()
    assert detail["deleted"] is True and detail["body"] is None and detail["deleted_at"]
    assert client.patch(url, {"body": "again"}, content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 204  # deleting twice changes nothing

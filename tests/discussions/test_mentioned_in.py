"""'Mentioned in' on asset pages: the posts, articles and descriptions that write [[the asset]];
deleted posts are not listed."""

import pytest
from django.urls import reverse

from discussions.services.articles import article_create
from discussions.services.posts import conversation_start, post_delete, post_reply
from tests.factories import ColumnFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_a_table_and_a_column_list_where_they_are_mentioned(client, viewer, contributor):
    lu = TableFactory(name="lu_drg", schema__name="ipps")
    drg = ColumnFactory(name="drg", table=lu)
    summ = TableFactory(name="summ_top_drg", schema=lu.schema, description="Codes in [[ipps.lu_drg]].")
    conversation = conversation_start(
        user=viewer, asset_kind="table", asset_id=summ.pk, title="Which codes?", body="See [[ipps.lu_drg]]"
    )
    gone = post_reply(user=viewer, conversation=conversation, body="[[ipps.lu_drg.drg]] is wrong")
    post_delete(user=viewer, post=gone)
    article_create(user=contributor, title="DRG primer", body="Codes live in [[ipps.lu_drg.drg]].")
    client.force_login(viewer)
    page = client.get(reverse("table-detail", args=[lu.pk])).content.decode()
    panel = page.split('data-panel="mentioned-in"', 1)[1].split("</div>", 1)[0]
    assert "Which codes?" in panel and "ipps.summ_top_drg" in panel and "DRG primer" not in panel
    column_page = client.get(reverse("column-detail", args=[drg.pk])).content.decode()
    column_panel = column_page.split('data-panel="mentioned-in"', 1)[1].split("</div>", 1)[0]
    assert "DRG primer" in column_panel and "Which codes?" not in column_panel
    unmentioned = client.get(reverse("table-detail", args=[summ.pk])).content.decode()
    assert 'data-panel="mentioned-in"' not in unmentioned


def test_a_source_slug_picks_the_table_when_two_sources_hold_the_same_name(client, viewer):
    first = TableFactory(name="lu_drg", schema__name="ipps", schema__source__slug="warehouse")
    second = TableFactory(name="lu_drg", schema__name="ipps", schema__source__slug="archive")
    column = ColumnFactory(table=second, name="drg")
    summ = TableFactory(
        name="summ",
        schema=first.schema,
        description=(
            "[[ipps.lu_drg]], [[archive/ipps.lu_drg]], [[archive/ipps.lu_drg.drg]], [[nowhere/ipps.lu_drg]]"
        ),
    )
    client.force_login(viewer)
    page = client.get(reverse("table-detail", args=[summ.pk])).content.decode()
    assert f'href="{reverse("table-detail", args=[first.pk])}"' in page
    assert f'href="{reverse("table-detail", args=[second.pk])}"' in page
    assert f'href="{reverse("column-detail", args=[column.pk])}"' in page
    assert "nowhere/ipps.lu_drg" in page and "[[nowhere" not in page  # plain text, no link
    archive_page = client.get(reverse("table-detail", args=[second.pk])).content.decode()
    panel = archive_page.split('data-panel="mentioned-in"', 1)[1].split("</div>", 1)[0]
    assert "ipps.summ" in panel

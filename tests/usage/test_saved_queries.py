"""Saved queries, end to end: the service's rules (who writes, edits and deletes; bounds), the
formatted and highlighted SQL, the tables it links, the pages, the table's Queries tab, search and
the API."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.search import SearchParams, search
from tests.factories import ColumnFactory, TableFactory, UserFactory
from usage import selectors
from usage.highlight import highlight
from usage.models import SavedQuery, SavedQueryTable
from usage.services.saved import (
    MAX_SQL_BYTES,
    SavedQueryError,
    saved_queries_relink,
    saved_query_create,
    saved_query_delete,
    saved_query_update,
)

pytestmark = pytest.mark.django_db

SQL = (
    "select d.drg, count(*) from ipps.summ_top_drg s join ipps.lu_drg d on d.drg = s.drg "
    "where s.state = 'NY' group by 1"
)


@pytest.fixture
def tables(db):
    summ = TableFactory(name="summ_top_drg", schema__name="ipps")
    lu = TableFactory(name="lu_drg", schema=summ.schema)
    for table, names in ((summ, ["drg", "state"]), (lu, ["drg", "label"])):
        for name in names:
            ColumnFactory(table=table, name=name)
    return summ, lu


def _save(user, source, **fields):
    return saved_query_create(
        user=user, source=source, **{"title": "DRGs in NY", "sql": SQL, "description": "", **fields}
    )


def test_it_keeps_the_sql_as_written_formats_it_and_links_the_tables_it_uses(tables, contributor):
    summ, lu = tables
    saved = _save(contributor, summ.source, title="  DRGs   in NY ", description="Counts *per* DRG.")
    assert saved.title == "DRGs in NY"
    assert saved.sql == SQL
    assert saved.formatted_sql.startswith("SELECT\n  d.drg,")
    assert "\nFROM ipps.summ_top_drg AS s\nJOIN ipps.lu_drg AS d" in saved.formatted_sql
    assert saved.author == contributor
    assert set(SavedQueryTable.objects.values_list("table_id", flat=True)) == {summ.pk, lu.pk}


def test_unparseable_sql_is_kept_as_written_and_says_why(tables, contributor):
    saved = _save(contributor, tables[0].source, sql="selec drg frm ipps.lu_drg")
    assert saved.formatted_sql == "selec drg frm ipps.lu_drg"
    assert saved.parse_error
    assert not SavedQueryTable.objects.exists()


def test_the_highlighter_escapes_everything_and_marks_keywords_strings_numbers_parameters():
    html = str(highlight("SELECT '<b>' AS x, 3 -- </code><script>\nFROM t WHERE a = $1", "postgres"))
    assert "<script>" not in html and "<b>" not in html
    assert '<span class="sql-k">SELECT</span>' in html
    assert '<span class="sql-s">&#x27;&lt;b&gt;&#x27;</span>' in html
    assert '<span class="sql-n">3</span>' in html
    assert '<span class="sql-c">' in html and "&lt;/code&gt;&lt;script&gt;" in html
    assert '<span class="sql-p">$1</span>' in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": " "}, "title", "Give the query a title."),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters (it has 201)."),
        ({"sql": "  "}, "sql", "Write the query's SQL."),
        ({"sql": "select 1 -- " + "é" * (MAX_SQL_BYTES // 2)}, "sql", "Keep the SQL under 100 KB."),
        ({"description": "x" * (100 * 1024 + 1)}, "description", "Keep the description under 100 KB."),
        ({"sql": "select '\x00'"}, "sql", "NUL characters are not allowed."),
        ({"title": 12}, "title", "Give text."),
    ],
)
def test_bounds_are_refused_with_a_clear_message(tables, contributor, fields, field, message):
    with pytest.raises(SavedQueryError) as refused:
        _save(contributor, tables[0].source, **fields)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not SavedQuery.objects.exists()


def test_contributors_write_authors_and_stewards_edit_authors_stewards_and_admins_delete(
    tables, viewer, contributor, steward, admin_user
):
    source = tables[0].source
    with pytest.raises(PermissionDenied):
        _save(viewer, source)
    saved = _save(contributor, source)
    other = UserFactory(role="Contributor")
    for user in (viewer, other):
        with pytest.raises(PermissionDenied):
            saved_query_update(user=user, saved=saved, title="Mine now")
        with pytest.raises(PermissionDenied):
            saved_query_delete(user=user, saved=saved)
    saved_query_update(user=contributor, saved=saved, title="By its author")
    saved_query_update(user=steward, saved=saved, sql="select drg from ipps.lu_drg")
    saved.refresh_from_db()
    assert (saved.title, saved.sql) == ("By its author", "select drg from ipps.lu_drg")
    assert list(SavedQueryTable.objects.values_list("table_id", flat=True)) == [tables[1].pk]
    saved_query_delete(user=admin_user, saved=saved)
    assert not SavedQuery.objects.exists() and not SavedQueryTable.objects.exists()


def test_an_author_who_lost_the_contributor_role_no_longer_edits(tables, contributor):
    saved = _save(contributor, tables[0].source)
    contributor.groups.clear()
    contributor = type(contributor).objects.get(pk=contributor.pk)  # permissions are cached per instance
    with pytest.raises(PermissionDenied):
        saved_query_update(user=contributor, saved=saved, title="x")


def test_saved_queries_are_found_in_the_queries_category_and_leave_search_when_deleted(
    tables, contributor, viewer
):
    saved = _save(contributor, tables[0].source, title="Zebracorn admissions", description="By **state**.")
    results = search(viewer, SearchParams(q="zebracorn"))
    assert [(h.doc.asset_type, h.doc.name) for h in results.hits] == [("saved_query", "Zebracorn admissions")]
    assert results.hits[0].doc.url == reverse("usage-saved", args=[saved.pk])
    assert "queries" in {c.value for c in results.categories}
    saved_query_update(user=contributor, saved=saved, title="Okapi admissions")
    assert search(viewer, SearchParams(q="zebracorn")).total == 0
    assert search(viewer, SearchParams(q="okapi")).total == 1
    saved_query_delete(user=contributor, saved=saved)
    assert search(viewer, SearchParams(q="okapi")).total == 0


def test_the_pages_create_show_edit_and_delete(client, tables, contributor, viewer):
    summ, _ = tables
    client.force_login(contributor)
    response = client.post(
        reverse("usage-saved-new"),
        {
            "source": summ.source.slug,
            "title": "DRGs",
            "description": "See <script>x</script> **this**",
            "sql": SQL,
            "default_schema": "",
        },  # fmt: skip
    )
    saved = SavedQuery.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("usage-saved", args=[saved.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<strong>this</strong>" in page and "<script>x" not in page
    assert '<span class="sql-k">SELECT</span>' in page
    assert reverse("table-tab", args=[summ.pk, "queries"]) in page
    assert reverse("usage-saved-edit", args=[saved.pk]) in page
    response = client.post(
        reverse("usage-saved-edit", args=[saved.pk]),
        {"source": "ignored", "title": "x" * 201, "sql": SQL},
    )
    assert (
        response.status_code == 200
        and "Ensure this value has at most 200 characters" in response.content.decode()
    )
    response = client.post(reverse("usage-saved-edit", args=[saved.pk]), {"title": "DRG counts", "sql": SQL})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.title == "DRG counts" and saved.source == summ.source

    client.force_login(viewer)
    page = client.get(reverse("usage-saved", args=[saved.pk])).content.decode()
    assert reverse("usage-saved-edit", args=[saved.pk]) not in page
    assert client.get(reverse("usage-saved-edit", args=[saved.pk])).status_code == 403
    assert client.post(reverse("usage-saved-delete", args=[saved.pk])).status_code == 403

    client.force_login(contributor)
    assert client.post(reverse("usage-saved-delete", args=[saved.pk])).status_code == 302
    assert not SavedQuery.objects.exists()


def test_the_service_message_reaches_the_form(client, tables, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("usage-saved-new"),
        {"source": tables[0].source.slug, "title": "Big", "sql": "x" * (MAX_SQL_BYTES + 1)},
    )
    assert response.status_code == 200 and "Keep the SQL under 100 KB." in response.content.decode()


def test_the_tables_queries_tab_lists_saved_queries_using_it(client, tables, contributor, viewer):
    summ, lu = tables
    _save(contributor, summ.source, title="Both tables")
    _save(contributor, summ.source, title="Only labels", sql="select label from ipps.lu_drg")
    client.force_login(viewer)
    page = client.get(reverse("table-tab", args=[summ.pk, "queries"])).content.decode()
    assert "Saved queries using this table" in page
    assert "Both tables" in page and "Only labels" not in page
    page = client.get(reverse("table-tab", args=[lu.pk, "queries"])).content.decode()
    assert "Both tables" in page and "Only labels" in page


def test_the_queries_page_leads_to_saved_and_most_run_queries(client, tables, contributor):
    _save(contributor, tables[0].source, title="A saved one")
    client.force_login(contributor)
    page = client.get(reverse("usage-queries")).content.decode()
    assert "A saved one" in page and "Most run" in page and reverse("usage-saved-new") in page


def test_pages_and_the_api_list_in_a_bounded_number_of_queries(
    client, tables, contributor, viewer, django_assert_max_num_queries
):
    for n in range(30):
        _save(contributor, tables[0].source, title=f"Query {n}")
    client.force_login(viewer)
    saved = SavedQuery.objects.first()
    for url, bound in (
        (reverse("usage-saved-list"), 12),
        (reverse("usage-queries"), 14),
        (reverse("usage-saved", args=[saved.pk]), 12),
        (reverse("table-tab", args=[tables[0].pk, "queries"]), 45),
        (reverse("api-usage-saved-queries"), 10),
        (reverse("api-usage-saved-query", args=[saved.pk]), 10),
    ):
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, url
    assert len(client.get(reverse("api-usage-saved-queries")).json()["results"]) == 30


def test_the_api_lists_creates_retrieves_updates_and_deletes(client, tables, contributor, viewer, steward):
    summ, lu = tables
    url = reverse("api-usage-saved-queries")
    client.force_login(viewer)
    body = {"source": summ.source.slug, "title": "DRGs", "sql": SQL}
    assert client.post(url, body, content_type="application/json").status_code == 403

    client.force_login(contributor)
    response = client.post(url, body | {"description": "Per *DRG*"}, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["author"] == contributor.username and created["source"] == summ.source.slug
    assert created["description_html"] == "<p>Per <em>DRG</em></p>"
    assert sorted(t["name"] for t in created["tables"]) == ["ipps.lu_drg", "ipps.summ_top_drg"]
    detail = reverse("api-usage-saved-query", args=[created["id"]])

    refused = client.post(url, body | {"title": "x" * 201}, content_type="application/json")
    assert refused.status_code == 400
    assert "Keep the title to 200 characters (it has 201)." in json.dumps(refused.json())
    assert client.post(url, body | {"title": 5}, content_type="application/json").status_code == 400
    assert client.post(url, body | {"source": "nope"}, content_type="application/json").status_code == 404

    client.force_login(viewer)
    assert client.get(detail).json()["title"] == "DRGs"
    assert client.get(url + f"?source={summ.source.slug}").json()["count"] == 1
    assert client.patch(detail, {"title": "Mine"}, content_type="application/json").status_code == 403
    assert client.delete(detail).status_code == 403

    client.force_login(steward)
    response = client.patch(detail, {"sql": "select label from ipps.lu_drg"}, content_type="application/json")
    assert response.status_code == 200
    assert [t["name"] for t in response.json()["tables"]] == ["ipps.lu_drg"]
    assert response.json()["formatted_sql"] == "SELECT\n  label\nFROM ipps.lu_drg"
    assert client.patch(detail, {"sql": ""}, content_type="application/json").status_code == 400
    assert client.delete(detail).status_code == 204
    assert client.get(detail).status_code == 404


def test_after_a_crawl_saved_queries_link_the_tables_crawled_since(tables, contributor):
    summ, _ = tables
    saved = _save(contributor, summ.source, sql="select * from ipps.provider p join ipps.lu_drg d on true")
    assert [t.name for t in selectors.saved_query_tables(saved)] == ["lu_drg"]
    TableFactory(name="provider", schema=summ.schema)  # crawled later
    assert saved_queries_relink(summ.source) == 1
    assert [t.name for t in selectors.saved_query_tables(saved)] == ["lu_drg", "provider"]

import pytest
from django.urls import reverse

from catalog.extensions import nav_entries
from tests.factories import CrawlRunFactory, TableFactory

pytestmark = pytest.mark.django_db


def test_it_shows_what_the_catalog_holds(viewer_client):
    TableFactory(name="summ_top_drg", schema__name="ipps", schema__source__name="MySQL Analytics")
    CrawlRunFactory(status="succeeded")
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "summ_top_drg" in content
    assert "MySQL Analytics" in content
    assert "Succeeded" in content


def test_it_reads_the_home_page_in_a_bounded_number_of_queries(viewer_client, django_assert_max_num_queries):
    for _ in range(10):
        TableFactory()
        CrawlRunFactory()
    with django_assert_max_num_queries(8):
        viewer_client.get(reverse("home"))


def test_every_navigation_entry_opens_a_page_for_who_sees_it(client, viewer, admin_user):
    entries = nav_entries()
    assert {"browse", "sources"} <= {entry.key for entry in entries}
    for user in (viewer, admin_user):
        client.force_login(user)
        for entry in entries:
            if entry.permission is None or user.has_perm(entry.permission):
                assert client.get(reverse(entry.url_name)).status_code == 200, (user.username, entry.key)


def test_the_navigation_shows_what_is_installed_and_no_placeholder(viewer_client):
    page = viewer_client.get(reverse("home")).content.decode()
    for entry in nav_entries():
        # Entries for a permission (PII review: stewards) are hidden from who lacks it.
        assert (f'data-nav="{entry.key}"' in page) == (entry.permission is None), entry.key
    # Sections no installed app provides are not in the navigation, nor answered with a placeholder.
    assert viewer_client.get("/reports/").status_code == 404

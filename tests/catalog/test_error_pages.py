"""403 and 404 answers are pages of the site: the frame, what went wrong, and a way back."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_table_answers_a_framed_404_that_names_the_path(viewer_client):
    response = viewer_client.get("/tables/987654/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in page and "Not found" in page
    assert "<code>/tables/987654/</code>" in page
    assert 'href="/"' in page


def test_a_role_too_small_answers_a_framed_403_that_says_what_is_needed(viewer_client):
    response = viewer_client.get("/sources/add/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and "Not allowed" in page
    assert "Viewer role" in page  # the signed-in user learns which role they hold
    assert "administrator can give you a role" in page


def test_a_hostile_path_is_escaped_on_the_404_page(viewer_client):
    response = viewer_client.get("/tables/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()

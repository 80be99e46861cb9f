"""The admin site cannot be used to send a stored password to a new host, store a blocked URL, or
make an Admin more than an Admin."""

import pytest
from django.contrib.auth import get_user_model

from catalog.models import DataSource
from catalog.permissions import SYSTEM
from catalog.roles import ADMIN
from catalog.services.sources import source_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(client):
    user = UserFactory(username="ada", role=ADMIN)
    user.is_staff = True
    user.save()
    client.force_login(user)
    return user


def test_the_admin_site_shows_sources_but_cannot_change_their_host(client, staff_admin):
    source = source_save(
        user=SYSTEM, name="Warehouse", url="postgresql://reader@127.0.0.1:5432/wh", password="s3cret"
    )
    url = f"/admin/catalog/datasource/{source.pk}/change/"
    assert client.get(url).status_code == 200  # viewing is fine
    page = client.get(url).content.decode()
    assert "s3cret" not in page and "password_encrypted" not in page
    response = client.post(
        url, {"name": "Warehouse", "engine": "postgresql", "url": "postgresql://reader@127.0.0.1:6543/wh"}
    )
    assert response.status_code == 403
    assert DataSource.objects.get(pk=source.pk).url == "postgresql://reader@127.0.0.1:5432/wh"
    assert (
        client.post(
            "/admin/catalog/datasource/add/", {"name": "x", "url": "postgresql://169.254.169.254/x"}
        ).status_code
        == 403
    )
    assert client.post(f"/admin/catalog/datasource/{source.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DataSource.objects.count() == 1


def test_an_admin_cannot_make_anyone_a_superuser_through_the_admin_site(client, staff_admin):
    url = f"/admin/auth/user/{staff_admin.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    client.post(
        url,
        {"username": "ada", "is_superuser": "on", "is_staff": "on", "is_active": "on",
         "user_permissions": [1, 2, 3], "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"},
    )  # fmt: skip
    staff_admin.refresh_from_db()
    assert not staff_admin.is_superuser and not staff_admin.user_permissions.exists()


def test_an_admin_cannot_take_over_a_superusers_account(client, staff_admin):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    assert (
        client.post(f"/admin/auth/user/{root.pk}/password/", {"password1": "p", "password2": "p"}).status_code
        == 403
    )
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=root.pk, is_superuser=True).exists()

import pytest
from django.contrib.auth.models import Group

from catalog.roles import ROLES, user_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _perms(role):
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()
    }


def test_it_creates_the_four_roles_on_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_each_role_holds_what_the_one_before_holds_and_more():
    for lower, higher in zip(ROLES, ROLES[1:], strict=False):
        assert _perms(lower) < _perms(higher)


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        ("Viewer", [], ["catalog.annotate_catalog", "lineage.upload_sql", "catalog.manage_sources"]),
        ("Contributor", ["catalog.annotate_catalog", "lineage.upload_sql"], ["catalog.manage_sources"]),
        ("Steward", ["catalog.annotate_catalog", "lineage.curate_lineage"], ["catalog.manage_sources"]),
        ("Admin", ["catalog.manage_sources", "auth.add_user", "lineage.curate_lineage"], []),
    ],
)
def test_it_grants_each_role_its_permissions(role, allowed, denied):
    user = UserFactory(role=role)
    assert all(user.has_perm(p) for p in allowed)
    assert not any(user.has_perm(p) for p in denied)
    assert user_role(user) == role


def test_it_reads_a_users_groups_and_permissions_in_one_query(django_assert_num_queries):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    # A role, a group of no permissions, and a permission of the user's own.
    user = UserFactory(role="Contributor")
    user.groups.add(Group.objects.create(name="Readers of nothing"))
    user.user_permissions.add(Permission.objects.get(codename="manage_sources"))
    user = get_user_model().objects.get(pk=user.pk)  # as a request loads it: nothing cached
    with django_assert_num_queries(1):
        assert user_role(user) == "Contributor"
        assert user.has_perm("catalog.annotate_catalog")  # the role's
        assert user.has_perm("catalog.manage_sources")  # the user's own
        assert not user.has_perm("auth.add_user")
        assert user.get_user_permissions() == {"catalog.manage_sources"}
        assert "catalog.manage_sources" not in user.get_group_permissions()
        assert "catalog.annotate_catalog" in user.get_group_permissions()
    # Inactive users hold no permission, as with Django's own backend.
    user.is_active = False
    user.save()
    assert not get_user_model().objects.get(pk=user.pk).has_perm("catalog.annotate_catalog")

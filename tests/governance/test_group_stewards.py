"""Steward groups: a Stewardship names a person or a group; the group's members govern the asset
(and what inherits from it) like a named steward; the panel and the API show the group's members."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from catalog.roles import STEWARD, VIEWER
from governance.models import AuditEvent, Stewardship, TrustFlag
from governance.selectors import governs, stewards_of
from governance.services import stewards, trust
from governance.services.trust import TrustError
from tests.factories import ColumnFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(db):
    group = Group.objects.create(name="Data Governance")
    members = [UserFactory(username="gina", first_name="Gina", role=STEWARD), UserFactory(username="gus")]
    for member in members:
        member.groups.add(group)
    return group


def test_a_stewardship_names_exactly_one_of_a_user_and_a_group(steward, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stewardship.objects.create(asset_kind="table", asset_id=1, user=steward, group=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stewardship.objects.create(asset_kind="table", asset_id=1)
    Stewardship.objects.create(asset_kind="table", asset_id=1, group=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stewardship.objects.create(asset_kind="table", asset_id=1, group=team)


def test_members_of_a_steward_group_govern_it_and_what_inherits(steward, admin_user, team):
    column = ColumnFactory()
    table, schema = column.table, column.table.schema
    stewards.add_group_steward(user=admin_user, asset=schema, name="Data Governance")
    gina = team.user_set.get(username="gina")
    found = stewards_of(column)
    assert found["groups"] == [team] and found["users"] == [] and found["from"] == ("schema", schema.pk)
    assert governs(gina, schema) and governs(gina, table) and governs(gina, column)
    assert not governs(steward, table)  # a Steward outside the group
    assert not governs(team.user_set.get(username="gus"), table)  # a member without the Steward role
    trust.set_flag(user=gina, asset=table, flag="endorsed")  # a group steward acts
    assert TrustFlag.objects.get().set_by == gina
    stewards.add_steward(user=gina, asset=table, username=steward.username)  # names a person lower down
    assert governs(steward, column) and not governs(gina, column)  # the table's own override
    assert [e.after for e in AuditEvent.objects.filter(action="steward.add").order_by("id")] == [
        {"steward_group": "Data Governance"},
        {"steward": steward.username},
    ]


def test_group_names_are_checked(admin_user, steward, team):
    column = ColumnFactory()
    with pytest.raises(TrustError, match="No group 'Nobody'"):
        stewards.add_group_steward(user=admin_user, asset=column, name="Nobody")
    with pytest.raises(TrustError, match="is a role"):
        stewards.add_group_steward(user=admin_user, asset=column, name=VIEWER)
    Stewardship.objects.create(asset_kind="column", asset_id=column.pk, user=UserFactory(role=STEWARD))
    with pytest.raises(PermissionDenied):
        stewards.add_group_steward(user=steward, asset=column, name="Data Governance")
    assert Stewardship.objects.count() == 1


def test_the_panel_shows_the_group_and_its_members_and_the_page_adds_one(viewer, steward, team):
    column = ColumnFactory()
    table = column.table
    client = _client(steward)
    response = client.post(
        reverse("governance-stewards", args=["table", table.pk]), {"group": "Data Governance"}
    )
    assert response.status_code == 302 and stewards_of(table)["groups"] == [team]
    page = _client(viewer).get(reverse("table-detail", args=[table.pk])).content.decode()
    assert 'data-steward-group="Data Governance"' in page and "(group of 2: Gina, gus)" in page
    assert "Add a steward group" not in page
    column_page = _client(viewer).get(reverse("column-detail", args=[column.pk])).content.decode()
    assert "Data Governance" in column_page and "Inherited from" in column_page
    gina = team.user_set.get(username="gina")
    _client(gina).post(
        reverse("governance-stewards", args=["table", table.pk]),
        {"group": "Data Governance", "action": "remove"},
    )
    assert stewards_of(table)["groups"] == []


def test_the_api_adds_lists_and_removes_a_steward_group(viewer, steward, team):
    column = ColumnFactory()
    url = f"/api/governance/assets/table/{column.table_id}/stewards/"
    client = _client(steward)
    both = client.post(url, {"username": steward.username, "group": "x"}, content_type="application/json")
    assert both.status_code == 400
    added = client.post(url, {"group": "Data Governance"}, content_type="application/json")
    assert added.status_code == 201
    assert added.json()["groups"] == [{"name": "Data Governance", "members": ["gina", "gus"]}]
    inherited = _client(viewer).get(f"/api/governance/assets/column/{column.pk}/stewards/").json()
    assert inherited["groups"][0]["name"] == "Data Governance" and inherited["inherited"]
    # The group stewards the table now: the Steward who named it is not in it, a member is.
    assert client.post(url, {"group": "Nope"}, content_type="application/json").status_code == 403
    gina = team.user_set.get(username="gina")
    assert _client(gina).post(url, {"group": "Nope"}, content_type="application/json").status_code == 400
    assert _client(viewer).delete(url + "groups/Data Governance/").status_code == 403
    assert _client(gina).delete(url + "groups/Data Governance/").status_code == 204
    assert _client(gina).delete(url + "groups/Data Governance/").status_code == 404


def test_the_panel_reads_in_a_fixed_number_of_queries(viewer, admin_user, django_assert_max_num_queries):
    column = ColumnFactory()
    table = column.table
    client = _client(viewer)
    client.get(reverse("table-detail", args=[table.pk]))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("table-detail", args=[table.pk]))
    for n in range(5):
        group = Group.objects.create(name=f"team {n}")
        for m in range(4):
            UserFactory(username=f"u{n}-{m}").groups.add(group)
        stewards.add_group_steward(user=admin_user, asset=table, name=group.name)
    with django_assert_max_num_queries(len(few) + 1):  # the groups' members, in one query
        page = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert "team 4" in page and "(group of 4" in page

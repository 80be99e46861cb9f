"""Stewards: inherited down the hierarchy unless a lower level names its own; who may name them;
the Stewards panel and the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from catalog.roles import ADMIN, STEWARD
from governance.models import AuditEvent, Stewardship
from governance.selectors import governs, stewards_of
from governance.services import stewards
from governance.services.trust import TrustError
from tests.factories import ColumnFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_stewards_are_inherited_unless_overridden(steward):
    column = ColumnFactory()
    table, source = column.table, column.table.source
    anand = UserFactory(username="anand", role=STEWARD)
    stewards.add_steward(user=steward, asset=source, username="anand")
    found = stewards_of(column)
    assert found["users"] == [anand] and found["inherited"] and found["from"] == ("source", source.pk)
    assert not governs(steward, column)  # the source now has a steward, and it is not them
    stewards.add_steward(user=anand, asset=table, username=steward.username)
    assert stewards_of(column)["users"] == [steward] and stewards_of(column)["from"] == ("table", table.pk)
    assert governs(steward, column) and not governs(steward, source)
    assert stewards_of(source)["users"] == [anand] and not stewards_of(source)["inherited"]
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["steward.add", "steward.add"]


def test_denials_change_nothing(viewer, contributor, steward):
    column = ColumnFactory()
    for user in (viewer, contributor):
        with pytest.raises(PermissionDenied):
            stewards.add_steward(user=user, asset=column, username=user.username)
    Stewardship.objects.create(
        asset_kind="source", asset_id=column.table.source_id, user=UserFactory(role=STEWARD)
    )
    with pytest.raises(PermissionDenied):
        stewards.add_steward(user=steward, asset=column, username=steward.username)
    with pytest.raises(TrustError):
        stewards.add_steward(user=UserFactory(role=ADMIN), asset=column, username="nobody")
    assert Stewardship.objects.count() == 1 and not AuditEvent.objects.exists()


def test_the_panel_shows_inherited_from_and_the_page_names_stewards(
    viewer, steward, django_assert_max_num_queries
):
    column = ColumnFactory()
    stewards.add_steward(user=steward, asset=column.table.schema, username=steward.username)
    client = _client(viewer)
    page = client.get(reverse("column-detail", args=[column.pk])).content.decode()
    assert 'data-panel="stewards"' in page and steward.username in page and "Inherited from" in page
    assert reverse("schema-detail", args=[column.table.schema_id]) in page and "Add steward" not in page
    assert (
        _client(viewer)
        .post(reverse("governance-stewards", args=["table", column.table_id]), {"username": "x"})
        .status_code
        == 403
    )
    response = _client(steward).post(
        reverse("governance-stewards", args=["table", column.table_id]), {"username": viewer.username}
    )
    assert response.status_code == 302 and stewards_of(column)["users"] == [viewer]


def test_the_api_lists_adds_and_removes(viewer, steward):
    column = ColumnFactory()
    url = f"/api/governance/assets/table/{column.table_id}/stewards/"
    assert _client(viewer).get(url).json() == {
        "stewards": [],
        "groups": [],
        "inherited": False,
        "inherited_from": None,
    }
    assert (
        _client(viewer).post(url, {"username": viewer.username}, content_type="application/json").status_code
        == 403
    )
    client = _client(steward)
    assert client.post(url, {"username": steward.username}, content_type="application/json").json()[
        "stewards"
    ] == [steward.username]
    assert client.post(url, {"username": "ghost"}, content_type="application/json").status_code == 400
    inherited = _client(viewer).get(f"/api/governance/assets/column/{column.pk}/stewards/").json()
    assert inherited["inherited"] and inherited["inherited_from"] == {"kind": "table", "id": column.table_id}
    assert client.delete(url + f"{steward.username}/").status_code == 204
    assert client.delete(url + f"{steward.username}/").status_code == 404

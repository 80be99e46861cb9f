"""Custom fields: admins define them, the asset's stewards (and admins) fill them in, values fit
their field's kind, every change is audited, Properties shows them and the API finds assets by them."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from catalog.roles import STEWARD
from governance.models import AuditEvent, CustomField, CustomFieldValue, Stewardship
from governance.services import fields
from governance.services.fields import FieldError
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def defined(admin_user):
    return {
        "owner": fields.define_field(user=admin_user, name="Data owner", kind="user", asset_kinds=["table"]),
        "retention": fields.define_field(
            user=admin_user,
            name="Retention period",
            kind="choice",
            choices=["1y", "7y", "forever"],
            asset_kinds=["table", "schema"],
            help_text="How long rows are kept.",
        ),  # fmt: skip
        "review": fields.define_field(
            user=admin_user, name="Review date", kind="date", asset_kinds=["table"]
        ),
        "notes": fields.define_field(
            user=admin_user, name="Notes", kind="text", asset_kinds=["table", "column"]
        ),
    }


def test_it_defines_fields_with_a_key_from_the_name(defined):
    assert defined["retention"].key == "retention_period"
    assert [f.key for f in CustomField.objects.all()] == [
        "data_owner",
        "notes",
        "retention_period",
        "review_date",
    ]
    assert AuditEvent.objects.filter(action="field.define").count() == 4


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Name the field"),
        ({"kind": "colour"}, "Unknown kind"),
        ({"kind": "choice", "choices": []}, "needs its choices"),
        ({"asset_kinds": []}, "Say which assets"),
        ({"asset_kinds": ["dashboard"]}, "Say which assets"),
        ({"name": "x" * 101}, "under 100"),
        ({"key": "data_owner"}, "already has the key"),
    ],
)
def test_definitions_are_checked(admin_user, defined, changes, message):
    data = {"name": "Cost centre", "kind": "text", "asset_kinds": ["table"], **changes}
    with pytest.raises(FieldError, match=message):
        fields.define_field(user=admin_user, **data)


def test_only_admins_define_fields(viewer, contributor, steward, defined):
    for user in (viewer, contributor, steward):
        with pytest.raises(PermissionDenied):
            fields.define_field(user=user, name="Mine", kind="text", asset_kinds=["table"])
        with pytest.raises(PermissionDenied):
            fields.delete_field(user=user, field=defined["notes"])
    assert CustomField.objects.count() == 4


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("retention_period", "3y", "'3y' is not one of 1y, 7y, forever"),
        ("data_owner", "ghost", "no active user 'ghost'"),
        ("review_date", "31/12/2027", "not a date as YYYY-MM-DD"),
        ("review_date", "2027-02-30", "not a date as YYYY-MM-DD"),
        ("notes", "x" * 1001, "under 1000 characters"),
        ("nope", "x", "No custom field 'nope'"),
    ],
)
def test_values_fit_their_kind_with_a_clear_error(admin_user, defined, key, value, message):
    table = TableFactory()
    with pytest.raises(FieldError, match=message):
        fields.set_field_values(user=admin_user, asset=table, values={key: value})
    assert not CustomFieldValue.objects.exists()


def test_a_field_applies_to_the_asset_kinds_it_names(admin_user, defined):
    column = ColumnFactory()
    with pytest.raises(FieldError, match="Review date is not a field of a column"):
        fields.set_field_values(user=admin_user, asset=column, values={"review_date": "2027-01-01"})
    fields.set_field_values(user=admin_user, asset=column, values={"notes": "Free text"})


def test_values_are_set_changed_cleared_and_audited_with_before_and_after(steward, defined):
    table = TableFactory()
    owner = UserFactory(username="olga", first_name="Olga", last_name="Owner")
    changed = fields.set_field_values(
        user=steward, asset=table,
        values={"data_owner": "olga", "retention_period": "7y", "review_date": "2027-03-31"},
    )  # fmt: skip
    assert changed == {"data_owner": "olga", "retention_period": "7y", "review_date": "2027-03-31"}
    assert CustomFieldValue.objects.get(field__key="data_owner").user == owner
    fields.set_field_values(user=steward, asset=table, values={"retention_period": "1y", "review_date": ""})
    fields.set_field_values(user=steward, asset=table, values={"retention_period": "1y"})  # no change
    events = list(AuditEvent.objects.filter(action="field.set").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        ({"data_owner": None}, {"data_owner": "olga"}),
        ({"retention_period": None}, {"retention_period": "7y"}),
        ({"review_date": None}, {"review_date": "2027-03-31"}),
        ({"retention_period": "7y"}, {"retention_period": "1y"}),
        ({"review_date": "2027-03-31"}, {"review_date": None}),
    ]
    assert events[0].actor == steward and events[0].object_type == "table"
    assert dict(CustomFieldValue.objects.values_list("field__key", "value")) == {
        "data_owner": "olga",
        "retention_period": "1y",
    }


def test_who_may_fill_in_fields(viewer, contributor, steward, admin_user, defined):
    table = TableFactory()
    other_steward = UserFactory(username="otto", role=STEWARD)
    Stewardship.objects.create(asset_kind="source", asset_id=table.source_id, user=other_steward)
    for user in (viewer, contributor, steward):  # steward: not theirs (the source names another)
        with pytest.raises(PermissionDenied):
            fields.set_field_values(user=user, asset=table, values={"retention_period": "7y"})
    assert (
        not CustomFieldValue.objects.exists() and not AuditEvent.objects.filter(action="field.set").exists()
    )
    fields.set_field_values(user=other_steward, asset=table, values={"retention_period": "7y"})  # inherited
    fields.set_field_values(user=admin_user, asset=table, values={"retention_period": "1y"})
    group = Group.objects.create(name="Data Governance")
    steward.groups.add(group)
    Stewardship.objects.create(asset_kind="table", asset_id=table.pk, group=group)
    fields.set_field_values(user=steward, asset=table, values={"retention_period": "forever"})  # via group
    with pytest.raises(PermissionDenied):  # the table's own (group) stewards now override the source's
        fields.set_field_values(user=other_steward, asset=table, values={"retention_period": "7y"})
    assert CustomFieldValue.objects.get().value == "forever"


def test_the_properties_panel_shows_values_and_the_page_edits_them(viewer, steward, defined):
    table = TableFactory()
    UserFactory(username="olga", first_name="Olga", last_name="Owner")
    fields.set_field_values(
        user=steward, asset=table, values={"data_owner": "olga", "retention_period": "7y"}
    )
    page = _client(viewer).get(reverse("table-detail", args=[table.pk])).content.decode()
    assert "<dt>Data owner</dt>" in page and '<span data-field="data_owner">Olga Owner</span>' in page
    assert '<span data-field="retention_period">7y</span>' in page
    assert "Edit custom fields" not in page
    url = reverse("governance-asset-fields", args=["table", table.pk])
    assert _client(viewer).get(url).status_code == 403
    client = _client(steward)
    assert "Edit custom fields" in client.get(reverse("table-detail", args=[table.pk])).content.decode()
    form = client.get(url).content.decode()
    assert 'name="field-retention_period"' in form and "How long rows are kept." in form
    response = client.post(url, {"field-retention_period": "bogus", "field-data_owner": "olga"}, follow=True)
    assert "not one of 1y, 7y, forever" in response.content.decode()
    response = client.post(
        url, {"field-retention_period": "1y", "field-data_owner": "olga", "field-review_date": "2027-06-30"}
    )
    assert response.status_code == 302
    page = _client(viewer).get(reverse("table-detail", args=[table.pk])).content.decode()
    assert '<span data-field="retention_period">1y</span>' in page and "2027-06-30" in page


def test_admins_define_fields_on_their_page(admin_user, steward):
    client = _client(admin_user)
    response = client.post(
        reverse("governance-fields"),
        {
            "name": "Retention period",
            "kind": "choice",
            "choices": "1y\n7y\n",
            "asset_kinds": ["table"],
            "order": "2",
        },
    )
    assert response.status_code == 302
    field = CustomField.objects.get()
    assert (field.key, field.choices, field.asset_kinds, field.order) == (
        "retention_period",
        ["1y", "7y"],
        ["table"],
        2,
    )
    assert "Retention period" in client.get(reverse("governance-fields")).content.decode()
    client.post(reverse("governance-field", args=[field.key]), {
        "name": "Retention", "key": "retention_period", "kind": "choice", "choices": "1y\n7y\n10y",
        "asset_kinds": ["table", "schema"], "order": "2",
    })  # fmt: skip
    field.refresh_from_db()
    assert field.name == "Retention" and field.choices == ["1y", "7y", "10y"]
    form = client.get(reverse("governance-field", args=[field.key])).content.decode()
    assert ">1y\n7y\n10y\n</textarea>" in form and 'value="schema" checked' in form
    assert _client(steward).get(reverse("governance-fields")).status_code == 403
    client.post(reverse("governance-field", args=[field.key]), {"action": "delete"})
    assert not CustomField.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "field.define",
        "field.change",
        "field.delete",
    ]


def test_a_choice_in_use_cannot_be_removed_nor_the_kind_changed(admin_user, defined):
    table = TableFactory()
    fields.set_field_values(user=admin_user, asset=table, values={"retention_period": "7y"})
    with pytest.raises(FieldError, match="still have the choice '7y'"):
        fields.change_field(user=admin_user, field=defined["retention"], choices=["1y"])
    with pytest.raises(FieldError, match="kind cannot change"):
        fields.change_field(user=admin_user, field=defined["retention"], kind="text")


def test_the_api_reads_writes_and_filters_by_field_value(viewer, steward, admin_user, defined,
                                                          django_assert_max_num_queries):  # fmt: skip
    tables = [TableFactory(name=f"t{n}") for n in range(6)]
    for n, table in enumerate(tables):
        fields.set_field_values(
            user=admin_user, asset=table, values={"retention_period": "7y" if n % 2 else "1y"}
        )
    url = f"/api/governance/assets/table/{tables[0].pk}/fields/"
    read = _client(viewer).get(url).json()
    assert {"key": "retention_period", "name": "Retention period", "kind": "choice", "value": "1y",
            "shown": "1y"} in read["fields"]  # fmt: skip
    assert (
        _client(viewer).put(url, {"values": {"notes": "x"}}, content_type="application/json").status_code
        == 403
    )
    client = _client(steward)
    bad = client.put(url, {"values": {"review_date": "tomorrow"}}, content_type="application/json")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]["fields"]["values"][0]
    good = client.put(url, {"values": {"review_date": "2027-01-31", "retention_period": None}},
                      content_type="application/json")  # fmt: skip
    values = {row["key"]: row["value"] for row in good.json()["fields"]}
    assert values["review_date"] == "2027-01-31" and values["retention_period"] is None

    reader = _client(viewer)
    with django_assert_max_num_queries(6):  # session, user, perms, the values, the tables
        found = reader.get("/api/governance/fields/retention_period/assets/", {"value": "7y"}).json()
    assert sorted(row["name"] for row in found) == ["t1", "t3", "t5"] and found[0]["value"] == "7y"
    everything = _client(viewer).get("/api/governance/fields/retention_period/assets/").json()
    assert len(everything) == 5  # t0's was cleared
    bad = _client(viewer).get("/api/governance/fields/retention_period/assets/", {"asset_kind": "view"})
    assert bad.status_code == 400


def test_the_api_manages_definitions_for_admins_only(viewer, admin_user):
    body = {"name": "Review date", "kind": "date", "asset_kinds": ["table"]}
    assert (
        _client(viewer).post("/api/governance/fields/", body, content_type="application/json").status_code
        == 403
    )
    client = _client(admin_user)
    made = client.post("/api/governance/fields/", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["key"] == "review_date"
    bad = client.post("/api/governance/fields/", {**body, "kind": "colour", "name": "X"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "Unknown kind" in bad.json()["error"]["fields"]["field"][0]
    changed = client.patch("/api/governance/fields/review_date/", {"help_text": "Next review"},
                           content_type="application/json")  # fmt: skip
    assert changed.json()["help_text"] == "Next review"
    assert [f["key"] for f in _client(viewer).get("/api/governance/fields/").json()] == ["review_date"]
    assert client.delete("/api/governance/fields/review_date/").status_code == 204
    assert not CustomField.objects.exists()


def test_the_api_documents_the_routes(viewer):
    schema = _client(viewer).get("/api/schema/").content.decode()
    for path in ("/api/governance/fields/{slug}/assets/", "/api/governance/assets/{kind}/{asset_id}/fields/",
                 "/api/governance/assets/{kind}/{asset_id}/stewards/groups/{name}/"):  # fmt: skip
        assert path in schema


def test_the_properties_rows_are_one_query_whatever_the_number_of_fields(
    viewer, admin_user, django_assert_max_num_queries
):
    table = TableFactory()
    client = _client(viewer)
    url = reverse("table-detail", args=[table.pk])
    client.get(url)
    with django_assert_max_num_queries(100) as before:
        client.get(url)
    for n in range(12):
        field = fields.define_field(user=admin_user, name=f"Fact {n}", kind="text", asset_kinds=["table"])
        fields.set_field_values(user=admin_user, asset=table, values={field.key: f"value {n}"})
    with django_assert_max_num_queries(len(before)):
        page = client.get(url).content.decode()
    assert '<span data-field="fact_11">value 11</span>' in page


def test_a_steward_named_on_the_asset_fills_it_in_and_not_its_neighbours(steward, defined):
    table, neighbour = TableFactory(), TableFactory()
    other = UserFactory(role=STEWARD)
    Stewardship.objects.create(asset_kind="table", asset_id=table.pk, user=steward)
    Stewardship.objects.create(asset_kind="table", asset_id=neighbour.pk, user=other)
    fields.set_field_values(user=steward, asset=table, values={"notes": "Loaded nightly"})
    with pytest.raises(PermissionDenied):
        fields.set_field_values(user=steward, asset=neighbour, values={"notes": "Mine now"})
    assert list(CustomFieldValue.objects.values_list("asset_id", "value")) == [(table.pk, "Loaded nightly")]

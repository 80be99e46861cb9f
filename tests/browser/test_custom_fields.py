"""A steward who stewards a table through their group fills in its custom fields in a real browser:
a wrong date is refused with a clear message, right values show in the Properties panel."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from catalog.permissions import SYSTEM
from catalog.roles import STEWARD
from governance.services import fields
from governance.services.stewards import add_group_steward
from tests.factories import TableFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_group_steward_edits_custom_fields(page, live_server, log_in):
    table = TableFactory(name="customer")
    fields.define_field(user=SYSTEM, name="Retention period", kind="choice", choices=["1 year", "7 years"],
                        asset_kinds=["table"])  # fmt: skip
    fields.define_field(user=SYSTEM, name="Review date", kind="date", asset_kinds=["table"])
    fields.define_field(user=SYSTEM, name="Data owner", kind="user", asset_kinds=["table"])
    UserFactory(username="olga", first_name="Olga", last_name="Owner")
    group = Group.objects.create(name="Data Governance")
    UserFactory(username="gina", role=STEWARD).groups.add(group)
    add_group_steward(user=SYSTEM, asset=table, name="Data Governance")

    log_in("gina")
    page.goto(f"{live_server.url}/tables/{table.pk}/")
    expect(page.locator('[data-panel="stewards"]')).to_contain_text("Data Governance")
    page.locator("[data-edit-fields]").click()
    form = page.locator("[data-asset-fields]")
    form.get_by_label("Retention period").select_option("7 years")
    form.get_by_label("Data owner").fill("nobody-here")
    form.get_by_role("button", name="Save fields").click()
    expect(page.locator("body")).to_contain_text("Data owner: no active user 'nobody-here'.")

    form = page.locator("[data-asset-fields]")
    form.get_by_label("Retention period").select_option("7 years")
    form.get_by_label("Data owner").fill("olga")
    form.get_by_label("Review date").fill("2027-03-31")
    form.get_by_role("button", name="Save fields").click()
    expect(page.locator('[data-field="retention_period"]')).to_have_text("7 years")
    expect(page.locator('[data-field="data_owner"]')).to_have_text("Olga Owner")
    expect(page.locator('[data-field="review_date"]')).to_have_text("2027-03-31")

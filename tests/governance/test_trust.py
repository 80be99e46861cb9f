"""Endorsements and trust flags: who may set them, what pages and the API show, and how flags
move search ranking."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from catalog.models import Table
from catalog.roles import ADMIN, STEWARD, VIEWER
from catalog.search import index_objects
from governance.models import AuditEvent, Endorsement, Stewardship, TrustFlag
from governance.services import trust
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_endorses_once_per_person_and_toggles(viewer):
    table = TableFactory()
    assert trust.endorse(user=viewer, asset=table) is True
    assert trust.endorse(user=viewer, asset=table, endorsed=True) is True  # still one
    assert Endorsement.objects.filter(asset_kind="table", asset_id=table.pk).count() == 1
    assert trust.endorse(user=viewer, asset=table) is False
    assert not Endorsement.objects.exists()
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "endorsement.add",
        "endorsement.remove",
    ]


def test_an_anonymous_user_cannot_endorse_and_nothing_changes():
    from django.contrib.auth.models import AnonymousUser

    table = TableFactory()
    with pytest.raises(PermissionDenied):
        trust.endorse(user=AnonymousUser(), asset=table)
    assert not Endorsement.objects.exists() and not AuditEvent.objects.exists()


def test_a_viewer_or_contributor_cannot_flag_and_nothing_changes(viewer, contributor):
    table = TableFactory()
    for user in (viewer, contributor):
        with pytest.raises(PermissionDenied):
            trust.set_flag(user=user, asset=table, flag="endorsed")
    assert not TrustFlag.objects.exists() and not AuditEvent.objects.exists()


def test_a_steward_flags_what_they_steward_or_what_nobody_stewards(steward):
    other = UserFactory(role=STEWARD)
    free, theirs, mine = TableFactory(), TableFactory(), TableFactory()
    Stewardship.objects.create(asset_kind="source", asset_id=theirs.source_id, user=other)
    Stewardship.objects.create(asset_kind="table", asset_id=mine.pk, user=steward)
    trust.set_flag(user=steward, asset=free, flag="endorsed")
    trust.set_flag(user=steward, asset=mine, flag="endorsed")
    with pytest.raises(PermissionDenied):
        trust.set_flag(user=steward, asset=theirs, flag="endorsed")  # inherited from its source
    assert not TrustFlag.objects.filter(asset_id=theirs.pk).exists()
    admin = UserFactory(role=ADMIN)
    trust.set_flag(user=admin, asset=theirs, flag="warning", reason="Late on Mondays")
    assert TrustFlag.objects.get(asset_id=theirs.pk).flag == "warning"


def test_a_flag_needs_its_reason_or_replacement(steward):
    table, other = TableFactory(), TableFactory()
    with pytest.raises(trust.TrustError, match="reason"):
        trust.set_flag(user=steward, asset=table, flag="warning")
    with pytest.raises(trust.TrustError, match="replaces"):
        trust.set_flag(user=steward, asset=table, flag="deprecated")
    with pytest.raises(trust.TrustError, match="itself"):
        trust.set_flag(user=steward, asset=table, flag="deprecated", replacement_id=table.pk)
    with pytest.raises(trust.TrustError, match="No table"):
        trust.set_flag(user=steward, asset=table, flag="deprecated", replacement_id=10**9)
    with pytest.raises(trust.TrustError, match="under"):
        trust.set_flag(user=steward, asset=table, flag="warning", reason="x" * 1001)
    assert not TrustFlag.objects.exists()
    flag = trust.set_flag(user=steward, asset=table, flag="deprecated", replacement_id=other.pk)
    assert flag.replacement_id == other.pk
    # One flag per asset: a new one replaces it, and the audit keeps before and after.
    trust.set_flag(user=steward, asset=table, flag="endorsed")
    assert TrustFlag.objects.get().flag == "endorsed"
    event = AuditEvent.objects.filter(action="flag.set").order_by("id").last()
    assert event.before["flag"] == "deprecated" and event.after["flag"] == "endorsed"
    assert trust.clear_flag(user=steward, asset=table) is True
    assert not TrustFlag.objects.exists()


def test_the_table_page_shows_endorsements_and_the_flag(viewer, steward, django_assert_max_num_queries):
    table, replacement = TableFactory(name="old_orders"), TableFactory(name="orders")
    for n in range(8):
        trust.endorse(user=UserFactory(username=f"fan{n}", role=VIEWER), asset=table)
    trust.set_flag(
        user=steward, asset=table, flag="deprecated", replacement_id=replacement.pk, reason="Moved"
    )
    client = _client(viewer)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("table-detail", args=[table.pk])).content.decode()
    assert "8 Endorsements" in page and "fan0" in page and "fan7" in page
    assert 'data-notice="trust"' in page and "Deprecated" in page
    assert reverse("table-detail", args=[replacement.pk]) in page
    assert "Save flag" not in page  # a viewer does not govern
    assert "Save flag" in _client(steward).get(reverse("table-detail", args=[table.pk])).content.decode()


def test_the_query_count_of_a_page_does_not_grow_with_endorsements(viewer, django_assert_max_num_queries):
    table = TableFactory()
    client = _client(viewer)
    client.get(reverse("table-detail", args=[table.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("table-detail", args=[table.pk]))
    for n in range(20):
        trust.endorse(user=UserFactory(username=f"e{n}", role=VIEWER), asset=table)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        client.get(reverse("table-detail", args=[table.pk]))


@pytest.mark.parametrize("kind", ["source", "schema", "column"])
def test_every_asset_page_has_the_endorsements_panel(viewer, kind):
    column = ColumnFactory()
    asset = {"source": column.table.source, "schema": column.table.schema, "column": column}[kind]
    url = (
        reverse("source-detail", args=[asset.slug])
        if kind == "source"
        else reverse(f"{kind}-detail", args=[asset.pk])
    )
    client = _client(viewer)
    client.post(reverse("governance-endorse", args=[kind, asset.pk]))
    page = client.get(url).content.decode()
    assert "1 Endorsement" in page and "Withdraw my endorsement" in page


def test_pages_endorse_and_flag(viewer, steward):
    table = TableFactory()
    response = _client(viewer).post(reverse("governance-endorse", args=["table", table.pk]))
    assert response.status_code == 302 and Endorsement.objects.filter(user=viewer).exists()
    assert (
        _client(viewer)
        .post(reverse("governance-flag", args=["table", table.pk]), {"flag": "endorsed"})
        .status_code
        == 403
    )
    assert not TrustFlag.objects.exists()
    client = _client(steward)
    client.post(
        reverse("governance-flag", args=["table", table.pk]), {"flag": "warning", "reason": "Stale since May"}
    )
    assert TrustFlag.objects.get().reason == "Stale since May"
    client.post(reverse("governance-flag", args=["table", table.pk]), {"flag": "none"})
    assert not TrustFlag.objects.exists()
    assert _client(viewer).post(reverse("governance-endorse", args=["nothing", 1])).status_code == 404


def test_the_api_endorses_and_flags(viewer, steward):
    table = TableFactory()
    url = f"/api/governance/assets/table/{table.pk}/"
    client = _client(viewer)
    assert client.post(url + "endorsement/").json()["endorsements"] == 1
    answer = client.get(url + "trust/").json()
    assert answer["endorsed_by"] == [viewer.username] and answer["endorsed_by_me"] and answer["flag"] is None
    assert client.put(url + "flag/", {"flag": "endorsed"}, content_type="application/json").status_code == 403
    assert client.delete(url + "endorsement/").json()["endorsements"] == 0
    stewards = _client(steward)
    bad = stewards.put(url + "flag/", {"flag": "warning"}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()["error"]["message"]
    good = stewards.put(
        url + "flag/", {"flag": "warning", "reason": "Nightly load late"}, content_type="application/json"
    )
    assert good.json()["flag"]["flag"] == "warning"
    assert stewards.delete(url + "flag/").json()["flag"] is None
    assert client.get("/api/governance/assets/table/999999/trust/").status_code == 404


def test_flags_and_endorsements_move_search_ranking(viewer, steward):
    # Three tables equally relevant to "ledger": names differ only after the query word.
    plain = TableFactory(name="ledger_a")
    endorsed = TableFactory(name="ledger_b")
    deprecated = TableFactory(name="ledger_c")
    index_objects(Table, [plain.pk, endorsed.pk, deprecated.pk])
    client = _client(viewer)

    def order():
        hits = client.get("/api/search/", {"q": "ledger", "type": "table"}).json()["results"]
        return [hit["name"] for hit in hits]

    trust.set_flag(user=steward, asset=endorsed, flag="endorsed")
    trust.set_flag(user=steward, asset=deprecated, flag="deprecated", replacement_id=endorsed.pk)
    assert order() == ["ledger_b", "ledger_a", "ledger_c"]
    hits = client.get("/api/search/", {"q": "ledger", "trust": "deprecated"}).json()["results"]
    assert [hit["name"] for hit in hits] == ["ledger_c"] and hits[0]["facets"]["trust"] == ["deprecated"]
    suggested = client.get("/api/search/autocomplete/", {"q": "ledger"}).json()
    assert {"facet": "trust", "value": "endorsed"} in suggested[0]["badges"]
    # Endorsements by people lift an unflagged table above another unflagged one.
    trust.clear_flag(user=steward, asset=endorsed)
    trust.clear_flag(user=steward, asset=deprecated)
    trust.endorse(user=viewer, asset=deprecated)
    assert order()[0] == "ledger_c"


def test_masking_is_untouched_by_trust(viewer, steward):
    from catalog.masking import masked_column_ids
    from governance.models import PiiClassification

    column = ColumnFactory(name="email")
    PiiClassification.objects.create(column=column, kind="email", detected_kind="email")
    trust.set_flag(user=steward, asset=column.table, flag="endorsed")
    trust.endorse(user=viewer, asset=column)
    assert masked_column_ids(viewer, [column.pk]) == {column.pk}
    assert masked_column_ids(steward, [column.pk]) == set()

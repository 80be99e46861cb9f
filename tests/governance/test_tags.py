"""Tags: free tags contributors add, governed ones (classification, PII) only stewards apply; the
PII tag is read from the review queue's decisions; tag pages, the search facet and the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from catalog.models import Column, Table
from catalog.search import index_objects
from governance.models import AuditEvent, PiiClassification, Stewardship, TagAssignment
from governance.services import tags
from governance.services.pii import decide
from governance.services.trust import TrustError
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_contributor_adds_and_removes_free_tags(contributor):
    table = TableFactory()
    tag = tags.add_tag(user=contributor, asset=table, name="Healthcare Group")
    assert tag.slug == "healthcare-group" and not tag.governed
    tags.add_tag(user=contributor, asset=table, name="healthcare-group")  # the same tag, once
    assert TagAssignment.objects.count() == 1
    assert tags.remove_tag(user=contributor, asset=table, slug="healthcare-group") is True
    assert not TagAssignment.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("id")] == ["tag.add", "tag.remove"]


def test_denials_change_nothing(viewer, contributor):
    table = TableFactory()
    with pytest.raises(PermissionDenied):
        tags.add_tag(user=viewer, asset=table, name="Mine")
    with pytest.raises(PermissionDenied):
        tags.add_tag(user=contributor, asset=table, name="Confidential")  # governed
    with pytest.raises(TrustError):
        tags.add_tag(user=contributor, asset=table, name="x" * 61)
    assert not TagAssignment.objects.exists() and not AuditEvent.objects.exists()


def test_one_classification_per_asset_and_only_its_stewards(steward):
    table = TableFactory()
    tags.add_tag(user=steward, asset=table, name="Internal")
    tags.add_tag(user=steward, asset=table, name="Restricted")
    assert list(TagAssignment.objects.values_list("tag__slug", flat=True)) == ["restricted"]
    other = TableFactory()
    Stewardship.objects.create(
        asset_kind="schema", asset_id=other.schema_id, user=UserFactory(role="Steward")
    )
    with pytest.raises(PermissionDenied):
        tags.add_tag(user=steward, asset=other, name="Public")


def test_the_pii_tag_is_the_stewards_pii_decision(steward, contributor):
    column = ColumnFactory(name="mail")
    suggestion = PiiClassification.objects.create(column=column, kind="email", detected_kind="email")
    from governance.selectors import tags_of

    assert tags_of("column", column) == []  # a suggestion is not a tag yet
    decide(user=steward, classification=suggestion, accept=True)
    assert [(row["tag"].slug, row["value"]) for row in tags_of("column", column)] == [("pii", "email")]
    with pytest.raises(PermissionDenied):
        tags.remove_tag(user=contributor, asset=column, slug="pii")
    tags.remove_tag(user=steward, asset=column, slug="pii")
    assert PiiClassification.objects.get().status == "rejected"
    other = ColumnFactory(name="notes")
    with pytest.raises(TrustError, match="kind"):
        tags.add_tag(user=steward, asset=other, name="PII")
    tags.add_tag(user=steward, asset=other, name="PII", pii_kind="phone")
    assert PiiClassification.objects.get(column=other).kind == "phone"
    with pytest.raises(TrustError, match="columns"):
        tags.add_tag(user=steward, asset=other.table, name="PII", pii_kind="phone")
    assert not TagAssignment.objects.exists()  # PII lives in PiiClassification only


def test_tag_pages_and_panel(viewer, contributor, steward, django_assert_max_num_queries):
    tables = [TableFactory(name=f"t{n}") for n in range(5)]
    for table in tables:
        tags.add_tag(user=contributor, asset=table, name="Banking")
    column = ColumnFactory(name="ssn")
    tags.add_tag(user=steward, asset=column, name="PII", pii_kind="national_id")
    client = _client(viewer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("governance-tag", args=["banking"])).content.decode()
    assert all(reverse("table-detail", args=[t.pk]) in page for t in tables)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("governance-tag", args=["pii"]), {"kind": "national_id"}).content.decode()
    assert reverse("column-detail", args=[column.pk]) in page
    with django_assert_max_num_queries(10):
        index = client.get(reverse("governance-tags")).content.decode()
    assert "Banking" in index and "Confidential" in index
    table_page = client.get(reverse("table-detail", args=[tables[0].pk])).content.decode()
    assert 'data-tag="banking"' in table_page and "Add tag" not in table_page  # a viewer reads only
    assert (
        "Add tag" in _client(contributor).get(reverse("table-detail", args=[tables[0].pk])).content.decode()
    )
    response = _client(contributor).post(
        reverse("governance-tag-add", args=["table", tables[0].pk]), {"name": "Anand's Project"}
    )
    assert response.status_code == 302 and TagAssignment.objects.filter(tag__slug="anands-project").exists()
    assert client.get(reverse("governance-tag", args=["nope"])).status_code == 404


def test_the_api_tags_and_filters(viewer, contributor, steward, django_assert_max_num_queries):
    table, other = TableFactory(name="claims"), TableFactory(name="claims_old")
    column = ColumnFactory(table=table, name="claims_email")
    url = f"/api/governance/assets/table/{table.pk}/tags/"
    client = _client(contributor)
    assert client.post(url, {"name": "Healthcare"}, content_type="application/json").status_code == 201
    assert _client(viewer).post(url, {"name": "x"}, content_type="application/json").status_code == 403
    assert client.post(url, {"name": "Restricted"}, content_type="application/json").status_code == 403
    _client(steward).post(
        f"/api/governance/assets/column/{column.pk}/tags/", {"name": "pii", "pii_kind": "email"},
        content_type="application/json",
    )  # fmt: skip
    assert [t["slug"] for t in _client(viewer).get(url).json()] == ["healthcare"]
    reader = _client(viewer)
    with django_assert_max_num_queries(8):
        listed = reader.get("/api/governance/tags/healthcare/assets/").json()
    assert [a["id"] for a in listed] == [table.pk]
    pii = _client(viewer).get("/api/governance/tags/pii/assets/", {"kind": "email"}).json()
    assert [a["id"] for a in pii] == [column.pk]
    assert _client(viewer).get("/api/governance/tags/pii/assets/", {"kind": "shoe"}).status_code == 400
    # The search facet: tag filters results, and tags are words assets are found by.
    index_objects(Table, [table.pk, other.pk])
    index_objects(Column, [column.pk])
    found = _client(viewer).get("/api/search/", {"q": "claims", "tag": "healthcare"}).json()
    assert [hit["name"] for hit in found["results"]] == ["claims"]
    assert any(v["value"] == "healthcare" for v in found["facets"]["tag"])
    assert _client(viewer).get("/api/search/", {"q": "healthcare"}).json()["results"][0]["name"] == "claims"
    pii_hits = _client(viewer).get("/api/search/", {"q": "claims", "tag": "pii"}).json()["results"]
    assert [hit["name"] for hit in pii_hits] == ["claims_email"]
    assert client.delete(url + "healthcare/").status_code == 204
    assert client.delete(url + "healthcare/").status_code == 404

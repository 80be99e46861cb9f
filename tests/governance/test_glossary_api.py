"""The glossary API: the same permissions and bounds as the pages, filters by name and by linked
table or column, linking and unlinking, and a bounded number of queries for the list."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from catalog.roles import STEWARD
from governance.models import AuditEvent, GlossaryTerm
from governance.services import glossary
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_stewards_create_read_update_and_delete_terms(steward, viewer):
    table = TableFactory(name="summ_top_drg")
    created = _api(steward).post(
        reverse("api-glossary"),
        {
            "name": "DRG",
            "definition": "A *group*.",
            "synonyms": ["Diagnosis-Related Group"],
            "stewards": [steward.username],
            "assets": [{"kind": "table", "id": table.pk}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    read = _api(viewer).get(reverse("api-glossary-term", args=[pk])).json()
    assert read["name"] == "DRG" and read["synonyms"] == ["Diagnosis-Related Group"]
    assert read["stewards"] == [steward.username] and read["can_edit"] is False
    assert read["assets"] == [
        {
            "kind": "table",
            "id": table.pk,
            "name": "summ_top_drg",
            "label": f"{table.source.name} / {table.qualified_name}",
        }
    ]
    changed = _api(steward).patch(
        reverse("api-glossary-term", args=[pk]), {"synonyms": ["MS-DRG"]}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["synonyms"] == ["MS-DRG"]
    assert _api(steward).delete(reverse("api-glossary-term", args=[pk])).status_code == 204
    assert not GlossaryTerm.objects.exists()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["glossary.create", "glossary.update", "glossary.delete"]


def test_writes_are_refused_to_who_may_not_write(viewer, contributor, steward):
    term = glossary.term_create(user=steward, name="Discharge", stewards=[steward.username])
    for user in (viewer, contributor):
        assert _api(user).post(reverse("api-glossary"), {"name": "X"}, format="json").status_code == 403
        assert (
            _api(user)
            .patch(reverse("api-glossary-term", args=[term.pk]), {"name": "Y"}, format="json")
            .status_code
            == 403
        )
    other = UserFactory(role=STEWARD)  # a steward, but not this term's
    assert (
        _api(other)
        .patch(reverse("api-glossary-term", args=[term.pk]), {"name": "Y"}, format="json")
        .status_code
        == 403
    )
    assert _api(other).delete(reverse("api-glossary-term", args=[term.pk])).status_code == 403
    link = {"kind": "table", "id": TableFactory().pk}
    assert (
        _api(other).post(reverse("api-glossary-links", args=[term.pk]), link, format="json").status_code
        == 403
    )
    assert GlossaryTerm.objects.get().name == "Discharge" and not term.links.exists()


def test_bad_input_is_answered_with_the_field_and_why(steward):
    api = _api(steward)
    glossary.term_create(user=steward, name="Customer")

    def fields(data):
        response = api.post(reverse("api-glossary"), data, format="json")
        assert response.status_code == 400
        return response.json()["error"]["fields"]

    assert fields({"name": "CUSTOMER"}) == {"name": ["The glossary already has a term named 'CUSTOMER'."]}
    assert "name" in fields({"name": "x" * 121})
    assert "synonyms" in fields({"name": "A", "synonyms": ["s"] * 21})
    assert "name" in fields({"name": 12})
    assert fields({"name": "B", "assets": [{"kind": "source", "id": 1}]}) == {
        "assets": ["Terms link tables and columns."]
    }
    assert GlossaryTerm.objects.count() == 1


def test_links_are_added_and_removed(steward):
    term = glossary.term_create(user=steward, name="NPI")
    column = ColumnFactory(name="npi")
    api = _api(steward)
    url = reverse("api-glossary-links", args=[term.pk])
    assert api.post(url, {"kind": "column", "id": column.pk}, format="json").status_code == 201
    assert api.post(url, {"kind": "column", "id": column.pk}, format="json").status_code == 200
    assert api.post(url, {"kind": "column", "id": 999_999}, format="json").status_code == 400
    unlink = reverse("api-glossary-link", args=[term.pk, "column", column.pk])
    assert api.delete(unlink).status_code == 204
    assert api.delete(unlink).status_code == 404
    assert not term.links.exists()


def test_the_list_filters_by_name_synonym_and_linked_asset(viewer, steward, django_assert_max_num_queries):
    table, column = TableFactory(), ColumnFactory()
    glossary.term_create(user=steward, name="Discharge", synonyms=["Stay end"], assets=[("table", table.pk)])
    glossary.term_create(user=steward, name="DRG", assets=[("column", column.pk)])
    for n in range(20):
        glossary.term_create(user=steward, name=f"Other {n}", stewards=[steward.username])
    api = _api(viewer)
    with django_assert_max_num_queries(4):
        everything = api.get(reverse("api-glossary")).json()
    assert len(everything) == 22 and everything[0]["name"] == "Discharge"
    assert [t["name"] for t in api.get(reverse("api-glossary"), {"name": "stay"}).json()] == ["Discharge"]
    assert [t["name"] for t in api.get(reverse("api-glossary"), {"table": table.pk}).json()] == ["Discharge"]
    assert [t["name"] for t in api.get(reverse("api-glossary"), {"column": column.pk}).json()] == ["DRG"]
    assert api.get(reverse("api-glossary"), {"table": "x"}).status_code == 400


def test_the_schema_documents_the_glossary(viewer):
    schema = _api(viewer).get(reverse("api-schema"), {"format": "json"}).json()
    assert {
        "/api/glossary/",
        "/api/glossary/{id}/",
        "/api/glossary/{id}/links/",
        "/api/glossary/{id}/links/{kind}/{asset_id}/",
    } <= set(schema["paths"])
    ops = {
        op["operationId"] for path in schema["paths"].values() for op in path.values() if isinstance(op, dict)
    }
    assert {
        "glossary_terms_list",
        "glossary_terms_create",
        "glossary_terms_link",
        "glossary_terms_unlink",
    } <= ops

"""The business glossary: who may write terms (per role, in the services), what every change
leaves in the audit log, the pages, the "Glossary terms" panel, and that a term never shows an
asset its reader may not see."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from catalog.models.assets import AssetQuerySet
from catalog.roles import ADMIN, STEWARD
from governance.models import MAX_SYNONYMS, AuditEvent, GlossaryLink, GlossaryTerm
from governance.services import glossary
from governance.services.glossary import GlossaryError
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _term(user, name="Discharge", **kwargs) -> GlossaryTerm:
    return glossary.term_create(
        user=user, name=name, definition=kwargs.pop("definition", "The end of a stay."), **kwargs
    )


# --- who may write ----------------------------------------------------------------------------------


def test_viewers_and_contributors_may_not_create_terms(viewer, contributor):
    for user in (viewer, contributor):
        with pytest.raises(PermissionDenied):
            _term(user)
    assert not GlossaryTerm.objects.exists() and not AuditEvent.objects.exists()


def test_stewards_and_admins_create_terms_and_the_audit_log_says_so(steward, admin_user):
    table = TableFactory(name="summ_top_drg")
    term = _term(
        steward,
        name="DRG",
        synonyms="Diagnosis-Related Group, MS-DRG, drg",
        stewards=["@" + steward.username],
        assets=[("table", table.pk)],
    )
    assert term.synonyms == ["Diagnosis-Related Group", "MS-DRG"]  # the name itself is no synonym
    assert list(term.stewards.all()) == [steward]
    assert list(term.links.values_list("asset_kind", "asset_id")) == [("table", table.pk)]
    _term(admin_user, name="Discharge")
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events] == ["glossary.create", "glossary.create"]
    assert events[0].actor_name == steward.username and events[0].object_label == "DRG"
    assert events[0].after["synonyms"] == ["Diagnosis-Related Group", "MS-DRG"]


def test_a_term_is_edited_by_its_stewards_and_admins_only(steward, admin_user, contributor):
    other = UserFactory(username="other-steward", role=STEWARD)
    term = _term(steward, stewards=[steward.username])
    with pytest.raises(PermissionDenied):
        glossary.term_update(user=other, term=term, definition="Hijacked")
    with pytest.raises(PermissionDenied):
        glossary.term_update(user=contributor, term=term, definition="Hijacked")
    glossary.term_update(user=steward, term=term, definition="Leaving the hospital.", synonyms=["Stay end"])
    glossary.term_update(user=admin_user, term=term, stewards=[other.username])
    term.refresh_from_db()
    assert term.definition == "Leaving the hospital." and term.synonyms == ["Stay end"]
    assert term.updated_by == admin_user
    # Now `other` stewards it and `steward` no longer does.
    glossary.term_update(user=other, term=term, name="Inpatient discharge")
    with pytest.raises(PermissionDenied):
        glossary.term_update(user=steward, term=term, name="Mine")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["glossary.create", "glossary.update", "glossary.update", "glossary.update"]
    last = AuditEvent.objects.order_by("-id").first()
    assert last.before["name"] == "Discharge" and last.after["name"] == "Inpatient discharge"


def test_a_term_without_stewards_is_edited_by_any_steward(steward):
    term = _term(UserFactory(role=ADMIN))
    glossary.link_asset(user=steward, term=term, kind="table", asset_id=TableFactory().pk)
    assert term.links.count() == 1


def test_names_are_unique_whatever_their_case_and_inputs_are_bounded(steward):
    _term(steward, name="Customer")
    with pytest.raises(GlossaryError, match="already has a term"):
        _term(steward, name="  customer ")
    with pytest.raises(GlossaryError, match="Name the term"):
        _term(steward, name=" ")
    with pytest.raises(GlossaryError, match="under 120"):
        _term(steward, name="x" * 121)
    with pytest.raises(GlossaryError, match="definition under"):
        _term(steward, name="Long", definition="x" * 100_001)
    with pytest.raises(GlossaryError, match=f"At most {MAX_SYNONYMS} synonyms"):
        _term(steward, name="Many", synonyms=[f"s{n}" for n in range(MAX_SYNONYMS + 1)])
    with pytest.raises(GlossaryError, match="No active user 'nobody'"):
        _term(steward, name="Lonely", stewards=["nobody"])
    with pytest.raises(GlossaryError, match="Terms link tables and columns"):
        _term(steward, name="Sourced", assets=[("source", TableFactory().source_id)])
    with pytest.raises(GlossaryError, match="No such table"):
        _term(steward, name="Ghost", assets=[("table", 999_999)])
    assert GlossaryTerm.objects.count() == 1


def test_linking_and_unlinking_are_audited_and_idempotent(steward):
    term, column = _term(steward), ColumnFactory()
    assert glossary.link_asset(user=steward, term=term, kind="column", asset_id=column.pk)
    assert not glossary.link_asset(user=steward, term=term, kind="column", asset_id=column.pk)
    assert glossary.unlink_asset(user=steward, term=term, kind="column", asset_id=column.pk)
    assert not glossary.unlink_asset(user=steward, term=term, kind="column", asset_id=column.pk)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["glossary.create", "glossary.link", "glossary.unlink"]


def test_stewards_and_admins_delete_terms_and_the_audit_log_keeps_what_it_said(steward, admin_user, viewer):
    term = _term(steward, stewards=[steward.username], assets=[("table", TableFactory().pk)])
    with pytest.raises(PermissionDenied):
        glossary.term_delete(user=viewer, term=term)
    glossary.term_delete(user=admin_user, term=term)
    assert not GlossaryTerm.objects.exists() and not GlossaryLink.objects.exists()
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "glossary.delete" and event.before["definition"] == "The end of a stay."


# --- pages ------------------------------------------------------------------------------------------


def test_the_glossary_is_in_the_navigation_and_lists_terms_a_to_z(
    viewer, steward, django_assert_max_num_queries
):
    for name in ("discharge", "DRG", "Customer", "3-digit code"):
        _term(steward, name=name, synonyms=["Stay end"] if name == "discharge" else [])
    client = _client(viewer)
    assert 'data-nav="glossary"' in client.get(reverse("home")).content.decode()
    with django_assert_max_num_queries(10):
        page = client.get(reverse("governance-glossary")).content.decode()
    assert page.index("3-digit code") < page.index("Customer") < page.index("discharge") < page.index("DRG")
    assert 'data-letter="D"' in page and 'id="letter-#"' in page
    assert "Add a term" not in page  # viewers do not write terms
    filtered = client.get(reverse("governance-glossary"), {"q": "stay"}).content.decode()
    assert "discharge" in filtered and "Customer" not in filtered
    by_letter = client.get(reverse("governance-glossary"), {"letter": "c"}).content.decode()
    assert "Customer" in by_letter and "DRG" not in by_letter
    others = client.get(reverse("governance-glossary"), {"letter": "#"}).content.decode()
    assert "3-digit code" in others and "Customer" not in others


def test_the_list_query_count_does_not_grow_with_terms(viewer, steward, django_assert_max_num_queries):
    for n in range(30):
        _term(steward, name=f"Term {n}", synonyms=["x"], stewards=[steward.username])
    client = _client(viewer)
    with django_assert_max_num_queries(10):
        client.get(reverse("governance-glossary"))


def test_the_term_page_shows_definition_synonyms_stewards_and_linked_assets(
    viewer, steward, django_assert_max_num_queries
):
    table, column = TableFactory(name="summ_top_drg"), ColumnFactory(name="total_discharges")
    term = _term(
        steward,
        definition="**Leaving** the hospital.<script>alert(1)</script>",
        synonyms=["Stay end"],
        stewards=[steward.username],
        assets=[("table", table.pk), ("column", column.pk)],
    )
    for _ in range(20):
        glossary.link_asset(user=steward, term=term, kind="column", asset_id=ColumnFactory().pk)
    client = _client(viewer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("governance-glossary-term", args=[term.pk])).content.decode()
    assert "<strong>Leaving</strong>" in page and "<script>alert" not in page
    assert "Stay end" in page and (steward.get_full_name() or steward.username) in page
    assert (
        reverse("table-detail", args=[table.pk]) in page
        and reverse("column-detail", args=[column.pk]) in page
    )
    assert (
        '<span class="badge type">table</span>' in page and '<span class="badge type">column</span>' in page
    )
    assert "Link a table or column" not in page and "Edit</a>" not in page


def test_stewards_write_terms_through_the_pages(steward):
    client = _client(steward)
    assert client.get(reverse("governance-glossary-new")).status_code == 200
    response = client.post(
        reverse("governance-glossary-new"),
        {
            "name": "NPI",
            "definition": "Ten digits.",
            "synonyms": "National Provider Identifier",
            "stewards": steward.username,
        },
    )
    term = GlossaryTerm.objects.get(name="NPI")
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance-glossary-term", args=[term.pk]
    )
    clash = client.post(reverse("governance-glossary-new"), {"name": "npi"})
    assert clash.status_code == 400 and "already has a term" in clash.content.decode()
    table = TableFactory(name="nppes_provider_identifier")
    client.post(reverse("governance-glossary-links", args=[term.pk]), {"asset": table.qualified_name})
    assert list(term.links.values_list("asset_id", flat=True)) == [table.pk]
    client.post(reverse("governance-glossary-links", args=[term.pk]), {"asset": "no.such_table"})
    assert term.links.count() == 1
    client.post(
        reverse("governance-glossary-edit", args=[term.pk]),
        {"name": "NPI", "definition": "Ten digits, Luhn.", "synonyms": "", "stewards": steward.username},
    )
    term.refresh_from_db()
    assert term.definition == "Ten digits, Luhn." and term.synonyms == []
    client.post(
        reverse("governance-glossary-links", args=[term.pk]),
        {"action": "unlink", "kind": "table", "id": table.pk},
    )
    assert not term.links.exists()
    assert client.post(reverse("governance-glossary-delete", args=[term.pk])).status_code == 302
    assert not GlossaryTerm.objects.exists()


def test_viewers_cannot_reach_the_forms(viewer, steward):
    term = _term(steward)
    client = _client(viewer)
    assert client.get(reverse("governance-glossary-new")).status_code == 403
    assert client.get(reverse("governance-glossary-edit", args=[term.pk])).status_code == 403
    assert client.post(reverse("governance-glossary-delete", args=[term.pk])).status_code == 403
    assert GlossaryTerm.objects.exists()


@pytest.mark.parametrize("kind", ["table", "column"])
def test_linked_assets_show_their_terms_in_a_panel(viewer, steward, kind, django_assert_max_num_queries):
    column = ColumnFactory()
    asset = column if kind == "column" else column.table
    url = reverse(f"{kind}-detail", args=[asset.pk])
    client = _client(viewer)
    assert 'data-panel="glossary"' not in client.get(url).content.decode()  # no empty panel
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        _term(steward, name=f"Term {n}", assets=[(kind, asset.pk)])
    with django_assert_max_num_queries(len(one.captured_queries)):  # the panel reads its terms in one query
        page = client.get(url).content.decode()
    assert 'data-panel="glossary"' in page and "Term 0" in page and "Term 4" in page
    assert reverse("governance-glossary-term", args=[GlossaryTerm.objects.get(name="Term 0").pk]) in page


# --- visibility --------------------------------------------------------------------------------------


def test_a_term_never_shows_an_asset_its_reader_may_not_see(viewer, steward, monkeypatch):
    shown, secret = TableFactory(name="visible_table"), TableFactory(name="secret_salaries")
    term = _term(steward, assets=[("table", shown.pk), ("table", secret.pk)])
    original = AssetQuerySet.visible_to
    monkeypatch.setattr(
        AssetQuerySet, "visible_to", lambda qs, u: original(qs, u).exclude(name="secret_salaries")
    )
    page = _client(viewer).get(reverse("governance-glossary-term", args=[term.pk])).content.decode()
    assert "visible_table" in page and "secret_salaries" not in page
    assert reverse("table-detail", args=[secret.pk]) not in page
    data = _client(viewer).get(reverse("api-glossary-term", args=[term.pk])).json()
    assert [a["name"] for a in data["assets"]] == ["visible_table"]
    # Nor may it be found by it, nor linked to it by someone who cannot see it.
    assert _client(viewer).get(reverse("api-glossary"), {"table": secret.pk}).status_code == 404
    other = _term(UserFactory(role=ADMIN), name="Other")
    with pytest.raises(GlossaryError, match="No such table"):
        glossary.link_asset(user=steward, term=other, kind="table", asset_id=secret.pk)

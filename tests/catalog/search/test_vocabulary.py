"""Stemming and typo tolerance on every word of titles and descriptions, not only names: the
index's vocabulary (catalog.search.vocabulary), on whichever database the run uses (CI runs the
suite on SQLite and PostgreSQL)."""

import pytest

from catalog.models import SearchTerm, Table
from catalog.search import SearchParams, autocomplete, index_objects, index_source, search
from catalog.search import vocabulary as vocabulary_module
from catalog.search.text import edit_distance, near_stems, stem
from tests.factories import ColumnFactory, TableFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="speller")


@pytest.fixture
def worded(catalog):
    """The small catalog, plus tables whose descriptions carry the words of the examples."""
    catalog.provider = TableFactory(
        schema=catalog.ipps, name="provider", description="Hospitals paid under IPPS."
    )
    catalog.lu_drg = TableFactory(
        schema=catalog.ipps,
        name="lu_drg",
        description="Lookup of MS-DRG codes with Major Diagnostic Category.",
    )
    catalog.payment_col = ColumnFactory(table=catalog.accounts, name="payment", description="Last payment")
    catalog.loads = TableFactory(
        schema=catalog.bank, name="ledger", description="Loaded nightly from the core."
    )
    for source in (catalog.hospital, catalog.bank_source):
        index_source(source)
    return catalog


def names(user, q, **params):
    return [hit.doc.name for hit in search(user, SearchParams(q=q, **params)).hits]


class TestStemming:
    def test_a_plural_finds_the_singular(self, worded, user):
        found = names(user, "payments", types=["column"])
        assert "payment" in found
        # The word as typed still outranks its stem: the column named averageTotalPayments
        # holds "payments", the column named payment only its stem.
        assert found.index("averageTotalPayments") < found.index("payment")

    def test_singular_and_plural_find_each_other_in_descriptions(self, worded, user):
        assert "provider" in names(user, "hospital")  # "Hospitals paid under IPPS."
        assert "npi" in names(user, "providers")  # "National provider identifier"

    def test_diagnosis_finds_diagnostic_and_the_word_as_typed_ranks_first(self, worded, user):
        found = names(user, "diagnosis")
        assert "lu_drg" in found  # "Major Diagnostic Category"
        assert found.index("summ_top_drg") < found.index("lu_drg")  # "diagnosis related groups"

    @pytest.mark.parametrize(
        "q, expected", [("loading", "ledger"), ("load", "ledger"), ("discharged", "summ_top_drg")]
    )
    def test_ing_and_ed_forms_find_each_other(self, worded, user, q, expected):
        assert expected in names(user, q)

    def test_an_exact_name_outranks_stem_matches(self, worded, user):
        assert names(user, "payment")[0] == "payment"
        assert names(user, "payments")[0] == "payments"
        hit = search(user, SearchParams(q="payments")).hits[0]
        assert hit.tier == 1 and not hit.fuzzy

    def test_stem_matches_are_real_matches_not_look_alikes(self, worded, user):
        results = search(user, SearchParams(q="diagnostic"))
        hit = next(hit for hit in results.hits if hit.doc.name == "summ_top_drg")
        assert not hit.fuzzy and "<mark>diagnosis</mark>" in str(hit.snippet_html)


class TestTypos:
    def test_a_typo_in_a_description_word_still_finds_it(self, worded, user):
        results = search(user, SearchParams(q="hosptial"))
        found = [hit.doc.name for hit in results.hits]
        assert "provider" in found and "summ_top_drg" in found  # description, title
        hit = results.hits[found.index("provider")]
        assert results.fuzzy and hit.fuzzy
        assert any(reason.startswith("spelling corrected: hosptial → hospital") for reason in hit.reasons)
        assert "<mark>Hospitals</mark>" in str(hit.snippet_html)

    @pytest.mark.parametrize(
        "q, expected", [("diagnossis", "summ_top_drg"), ("custmer", "accounts"), ("nightyl", "ledger")]
    )
    def test_one_or_two_typing_mistakes_are_corrected(self, worded, user, q, expected):
        assert expected in names(user, q)

    def test_a_typo_with_other_correct_words(self, worded, user):
        assert names(user, "hosptial paid")[0] == "provider"

    def test_typos_do_not_match_unrelated_words(self, worded, user):
        assert "provider" not in names(user, "hospice")  # not a typo of hospitals: 3 edits
        assert names(user, "dank") == []  # a first letter is never corrected: not bank
        assert "summ_top_drg" not in names(user, "dgr", types=["table"])  # 3 letters are never corrected

    def test_documents_holding_the_word_as_typed_come_before_corrections(self, worded, user):
        TableFactory(
            schema=worded.npi, name="upstream_codes", description="Hosptial codes, misspelled upstream"
        )
        index_source(worded.hospital)
        hits = search(user, SearchParams(q="hosptial")).hits
        assert hits[0].doc.name == "upstream_codes" and not hits[0].fuzzy
        assert all(hit.fuzzy for hit in hits[1:])

    def test_corrections_run_only_when_the_words_find_little(self, worded, user):
        # "account" is a word of several documents: nothing is corrected to "accounts"-like words.
        results = search(user, SearchParams(q="account"))
        assert not results.fuzzy and all(not hit.fuzzy for hit in results.hits)

    def test_autocomplete_falls_back_to_corrected_descriptions(self, worded, user):
        assert "provider" in [hit.doc.name for hit in autocomplete(user, "hosptials paid")]


class TestVocabulary:
    def test_it_learns_new_words_as_documents_change(self, worded, user):
        assert not SearchTerm.objects.filter(word="reconciliation").exists()
        Table.objects.filter(pk=worded.payments.pk).update(description="Reconciliation of transfers")
        index_objects(Table, [worded.payments.pk])
        assert SearchTerm.objects.get(word="reconciliation").stem == "reconcili"
        assert "payments" in names(user, "reconcilation")  # a letter missing
        assert "payments" in names(user, "reconciled")  # another form of the same stem

    def test_a_rebuild_forgets_the_words_of_documents_gone(self, worded, user):
        from io import StringIO

        from django.core.management import call_command

        Table.objects.filter(pk=worded.loads.pk).delete()
        assert SearchTerm.objects.filter(word="nightly").exists()  # learnt, never unlearnt on the way
        call_command("rebuild_search_index", stdout=StringIO())
        assert not SearchTerm.objects.filter(word="nightly").exists()
        assert SearchTerm.objects.filter(word="hospitals").exists()
        assert "provider" in names(user, "hosptial")

    def test_it_is_bounded(self, catalog, monkeypatch):
        total = SearchTerm.objects.count()
        monkeypatch.setattr(vocabulary_module, "MAX_TERMS", total + 1)
        assert vocabulary_module.learn(["zeta alpha omega gamma"]) == 1
        assert vocabulary_module.learn(["kappa lambda"]) == 0
        # Only English-ish words: letters, 3 to 40 of them.
        monkeypatch.setattr(vocabulary_module, "MAX_TERMS", total + 100)
        assert vocabulary_module.learn(["ab x2y " + "q" * 41 + " résumé"]) == 0

    def test_existing_installs_learn_it_from_their_documents_when_migrating(self, worded, user):
        from importlib import import_module

        from django.apps import apps

        vocabulary_module.forget_all()
        assert "provider" not in names(user, "hosptial")
        import_module("catalog.migrations.0008_search_vocabulary").learn_existing_words(apps, None)
        assert "provider" in names(user, "hosptial") and "lu_drg" in names(user, "diagnosis")

    def test_a_search_costs_one_vocabulary_lookup_and_a_second_only_to_correct(self, worded, user):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for q, lookups in (
            ("payments", 1),
            ("account", 1),
            ("hosptial", 2),
        ):
            with CaptureQueriesContext(connection) as ctx:
                search(user, SearchParams(q=q))
            assert sum("catalog_searchtermkey" in query["sql"] for query in ctx.captured_queries) == lookups


def test_stems_and_distances():
    assert stem("payments") == stem("payment") == "payment"
    assert near_stems(stem("diagnosis"), stem("diagnostic")) and near_stems(
        stem("diagnosis"), stem("diagnose")
    )
    assert not near_stems(stem("hospital"), stem("hospice")) and not near_stems(
        stem("provider"), stem("provision")
    )
    assert edit_distance("hosptial", "hospital", 2) == 1  # two neighbours swapped: one edit
    assert edit_distance("custmer", "customer", 1) == 1
    assert edit_distance("payment", "pigment", 1) == 2  # more than the limit: limit + 1

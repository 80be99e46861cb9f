"""One test class every search backend passes: it runs on whichever database the run uses (CI runs
the suite on SQLite and on PostgreSQL), through the backend chosen from the vendor."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Column, SearchDocument, Table
from catalog.search import SearchParams, autocomplete, register_enricher, search
from catalog.search.backends import PostgresBackend, SqliteBackend, get_backend
from catalog.search.indexing import index_objects
from catalog.search.registry import _ENRICHERS
from tests.catalog.search.conftest import set_signals
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(username="searcher")


def names(user, q, **params):
    return [hit.doc.name for hit in search(user, SearchParams(q=q, **params)).hits]


def first(user, q, **params):
    hits = search(user, SearchParams(q=q, **params)).hits
    return hits[0].doc.name if hits else None


def test_it_chooses_the_backend_from_the_database_vendor():
    expected = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}[connection.vendor]
    assert isinstance(get_backend(), expected)


class TestSearchBackend:
    """Behaviour users rely on, identical on PostgreSQL (tsvector, pg_trgm) and SQLite (FTS5)."""

    @pytest.mark.parametrize("q", ["drg", "top drg", "summ", "summ top", "TOP_DRG", "Summ_Top_Drg"])
    def test_it_finds_snake_case_names_by_any_of_their_words(self, catalog, user, q):
        assert first(user, q) == "summ_top_drg"

    def test_it_finds_camel_case_names_by_their_words(self, catalog, user):
        assert first(user, "total payments") in {"averageTotalPayments"}
        assert "averageTotalPayments" in names(user, "averageTotalPayments")

    @pytest.mark.parametrize("typed", ["su", "summ_t", "summ_to", "top dr"])
    def test_it_matches_prefixes_while_typing(self, catalog, user, typed):
        assert "summ_top_drg" in names(user, typed)

    @pytest.mark.parametrize(
        "q, expected",
        [
            ("ipps.summ_top_drg", "summ_top_drg"),
            ("ipps.summ_top_drg.drg_definition", "drg_definition"),
            ("demo-hospital/ipps.summ_top_drg", "summ_top_drg"),
            ("Demo Hospital/ipps.summ_top_drg", "summ_top_drg"),
            ("bank.payments", "payments"),
        ],
    )
    def test_a_qualified_name_puts_its_asset_first(self, catalog, user, q, expected):
        hits = search(user, SearchParams(q=q)).hits
        assert hits[0].doc.name == expected
        assert hits[0].tier == 1 and "exact name match" in hits[0].reasons

    def test_an_exact_name_ranks_first_even_against_a_popular_asset(self, catalog, user, app_signals):
        set_signals(catalog.payments_daily, signals={"popularity": 500, "trust": ["endorsed"]})
        assert first(user, "payments") == "payments"

    def test_it_finds_titles_descriptions_and_a_tables_column_names_and_descriptions(self, catalog, user):
        assert first(user, "hospital drgs") == "summ_top_drg"  # title
        assert "providers" in names(user, "registered care")  # description
        assert first(user, "taxonomy_code", types=["table"]) == "providers"  # a column's name
        assert "accounts" in names(user, "international bank", types=["table"])  # a column's description

    def test_fields_weigh_name_over_title_over_columns_over_descriptions(self, catalog, user):
        # "payments" is a name, a title ("Card payments"), a column name and a description word.
        order = names(user, "payments", types=["table"])
        assert order.index("payments") < order.index("payments_daily") < order.index("card_transactions")
        assert order.index("card_transactions") < order.index("summ_top_drg")

    def test_typing_mistakes_still_find_names(self, catalog, user):
        results = search(user, SearchParams(q="paymnts_daily"))
        assert results.fuzzy and results.hits[0].doc.name == "payments_daily"
        assert first(user, "sum_top_drgg") == "summ_top_drg"
        assert first(user, "provders") == "providers"

    def test_registered_ranking_signals_boost(self, catalog, user, app_signals):
        assert names(user, "balance")[0] == "balances_view"
        set_signals(catalog.accounts, signals={"popularity": 40})
        order = names(user, "account", types=["table", "view"])
        assert order.index("accounts") < order.index("balances_view")
        hit = search(user, SearchParams(q="account")).hits[0]
        assert any("used by 40 people" in reason for reason in hit.reasons)

    def test_signals_below_one_and_removal_push_assets_down(self, catalog, user, app_signals):
        assert names(user, "payments", types=["table"])[:2] == ["payments", "payments_daily"]
        set_signals(catalog.payments, signals={"trust": ["deprecated"]})
        # An exact name still comes first; among the rest, deprecation costs rank.
        set_signals(catalog.payments_daily, signals={"trust": ["deprecated"]})
        order = names(user, "pay", types=["table"])
        assert order.index("card_transactions") < order.index("payments_daily")

    def test_removed_assets_are_found_only_when_asked_for(self, catalog, user):
        Table.objects.filter(pk=catalog.providers.pk).update(removed_at="2026-01-01T00:00Z")
        index_objects(Table, [catalog.providers.pk])
        assert "providers" not in names(user, "providers")
        removed = search(user, SearchParams(q="providers", removed=True)).hits
        assert removed[0].doc.name == "providers" and removed[0].doc.removed

    def test_hidden_and_deleted_assets_are_not_found(self, catalog, user):
        Table.objects.filter(pk=catalog.accounts.pk).update(hidden=True)
        index_objects(Table, [catalog.accounts.pk])
        assert "accounts" not in names(user, "accounts")
        Column.objects.filter(pk=catalog.drg_definition.pk).delete()  # deleted behind the index's back
        assert "drg_definition" not in names(user, "drg_definition")

    def test_facets_count_and_combine(self, catalog, user):
        results = search(user, SearchParams(q="payments"))
        counts = {f.value: f.count for f in results.categories}
        # The core registers only "data"; installed apps add their own, which count nothing here.
        assert counts["data"] == results.total
        assert all(count == 0 for value, count in counts.items() if value != "data")
        sources = {f.value: f.count for f in results.facets["source"]}
        assert set(sources) == {"demo-hospital", "retail-bank"}
        narrowed = search(user, SearchParams(q="payments", sources=["retail-bank"], types=["table"]))
        assert {hit.doc.schema_name for hit in narrowed.hits} == {"bank"}
        assert {hit.doc.asset_type for hit in narrowed.hits} == {"table"}
        # A facet's own selection does not hide its other values.
        assert {f.value for f in narrowed.facets["source"]} == {"demo-hospital", "retail-bank"}
        by_schema = search(user, SearchParams(q="payments", schemas=["ipps"]))
        assert {hit.doc.schema_name for hit in by_schema.hits} == {"ipps"}

    def test_app_facets_and_signals_slot_in_through_an_enricher(self, catalog, user, app_signals):
        def tags(ids):
            return {
                pk: {
                    "facets": {"tag": ["finance"], "trust": ["endorsed"]},
                    "signals": {"trust": ["endorsed"]},
                }
                for pk in ids
                if pk == catalog.payments.pk
            }

        register_enricher(Table, tags)
        try:
            index_objects(Table, [catalog.payments.pk])
            results = search(user, SearchParams(q="pay", facets={"tag": ["finance"]}))
            assert [hit.doc.name for hit in results.hits] == ["payments"]
            assert results.hits[0].badges == [("tag", "finance"), ("trust", "endorsed")]
            assert results.hits[0].doc.boost == 1.25 and any(
                "Trust ×1.25" in r for r in results.hits[0].reasons
            )
            assert {(f.value, f.count) for f in results.facets["tag"]} == {("finance", 1)}
            assert first(user, "finance") == "payments"  # tags are searchable words too
        finally:
            _ENRICHERS[Table].remove(tags)

    def test_a_column_hit_says_which_table_it_belongs_to(self, catalog, user):
        hit = search(user, SearchParams(q="drg_definition", types=["column"])).hits[0]
        assert hit.path == "Demo Hospital / ipps.summ_top_drg"
        table = search(user, SearchParams(q="summ_top_drg", types=["table"])).hits[0]
        assert table.path == "Demo Hospital / ipps"

    def test_snippets_are_the_rendered_text_highlighted_and_escaped(self, catalog, user):
        hit = next(
            h
            for h in search(user, SearchParams(q="payments discharges")).hits
            if h.doc.name == "summ_top_drg"
        )
        snippet = str(hit.snippet_html)
        assert "<mark>Discharges</mark>" in snippet and "<mark>payments</mark>" in snippet
        # Plain text of the rendered Markdown: no tags, no Markdown markers, the rest escaped.
        assert "<b>" not in snippet and "&lt;b&gt;" not in snippet and "**" not in snippet
        assert "of the top 100 diagnosis" in snippet and "(DRG &lt; 1e3)" in snippet

    def test_a_user_never_sees_what_they_may_not_read(self, catalog, user, monkeypatch):
        from django.contrib.auth.models import AnonymousUser

        assert search(AnonymousUser(), SearchParams(q="payments")).total == 0
        from catalog.models.sources import DataSourceQuerySet

        original = DataSourceQuerySet.visible_to
        monkeypatch.setattr(
            DataSourceQuerySet, "visible_to", lambda qs, u: original(qs, u).exclude(slug="retail-bank")
        )
        results = search(user, SearchParams(q="payments"))
        assert results.hits and all(hit.doc.source_id == catalog.hospital.pk for hit in results.hits)
        assert [f.value for f in results.facets["source"]] == ["demo-hospital"]
        assert all(hit.doc.source_id == catalog.hospital.pk for hit in autocomplete(user, "pay"))

    def test_autocomplete_suggests_the_best_assets_for_a_prefix(self, catalog, user):
        assert [hit.doc.name for hit in autocomplete(user, "summ_t")][0] == "summ_top_drg"
        assert [hit.doc.name for hit in autocomplete(user, "ipps.summ_top_drg")][0] == "summ_top_drg"
        assert autocomplete(user, "") == [] and autocomplete(user, '"') == []

    def test_autocomplete_matches_names_and_falls_back_to_the_full_search(self, catalog, user):
        # A column's name suggests the column, not the table that lists it among its columns.
        assert [hit.doc.name for hit in autocomplete(user, "taxonomy_c")][0] == "taxonomy_code"
        # No name holds the words: descriptions, then look-alike names, still suggest something.
        assert "providers" in [hit.doc.name for hit in autocomplete(user, "registered care")]
        assert [hit.doc.name for hit in autocomplete(user, "summ_top_dgr")][0] == "summ_top_drg"

    @pytest.mark.parametrize(
        "q",
        [
            '"',
            "'",
            "a AND b",
            "NEAR(a b)",
            "summ*",
            '"unterminated',
            "(drg",
            "-drg",
            "drg -",
            "100%",
            "_",
            "%_%",
            "a:b",
            "text_a : drg",
            "^drg",
            "drg OR 1=1; --",
            "\\",
            "ünïcødé 数据 ½",
            "\x00drg",
            "x" * 10_000,
            "drg " * 3000,
        ],
    )
    def test_hostile_queries_do_not_error(self, catalog, user, q):
        search(user, SearchParams(q=q))
        autocomplete(user, q)

    def test_sql_metacharacters_are_only_ever_parameters(self, catalog, user):
        # Quotes, LIKE wildcards, a backslash, a comment, a statement separator: around a word they
        # change nothing, and none of the typed text is in any statement's SQL, only its parameters.
        around = "'payments\" %_\\ --;"
        injection = "x'; DELETE FROM catalog_searchdocument WHERE '1'='1'; --"
        mistyped = "O'Brien's 100%_paymnts\\"
        documents = SearchDocument.objects.count()
        statements = []

        def record(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            found = names(user, around)
            for q in (around, injection, mistyped):
                results = search(user, SearchParams(q=q))
                assert results.total >= len(results.hits)
                autocomplete(user, q)
        assert found and found == names(user, "payments")
        assert SearchDocument.objects.count() == documents
        typed = [
            "'payments",
            'payments"',
            "%_",
            "--",
            ";",
            "DELETE FROM",
            "'1'='1",
            "O'Brien",
            "100%",
            "paymnts",
            "payments",
        ]
        for sql, _ in statements:
            for text in typed:
                assert text.lower() not in sql.lower(), (text, sql)
        params = [str(p) for _, ps in statements for p in ps or ()]
        assert any("payments" in p for p in params) and any("paymnts" in p for p in params)
        assert any("o'brien's 100%_paymnts\\" in p.lower() for p in params)  # the exact-name key

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(q=st.text(max_size=80))
    def test_any_text_is_a_valid_query(self, catalog, user, q):
        results = search(user, SearchParams(q=q))
        assert results.total >= len(results.hits)
        autocomplete(user, q)

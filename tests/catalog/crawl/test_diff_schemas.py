"""The schema diff, without a database: what is stored + what the source listed -> a plan."""

import datetime as dt

from catalog.services.catalog_sync.diff import diff_schemas
from catalog.services.catalog_sync.rows import NewSchema, SchemaUpdate, StoredSchema
from catalog.services.source_filter import SourceFilter

EVERYTHING = SourceFilter()  # no include or exclude pattern
NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
EARLIER = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


def _schema(pk, name, *, hidden=False, removed_at=None, comment=""):
    return StoredSchema(pk, name, hidden, removed_at, comment)


def _diff(stored, listed, *, comments=None, source_filter=EVERYTHING):
    return diff_schemas(stored, listed, comments=comments or {}, source_filter=source_filter, now=NOW)


def test_it_adds_listed_schemas_hidden_when_the_filter_leaves_them_out():
    plan = _diff(
        [],
        ["sales", "tmp"],
        comments={"sales": "Money"},
        source_filter=SourceFilter(exclude_schemas=("tmp",)),
    )
    assert plan.insert == [NewSchema("sales", False, "Money"), NewSchema("tmp", True, "")]
    assert plan.update == [] and plan.hidden == {"tmp"} and plan.warnings == []


def test_it_changes_nothing_when_the_listing_matches():
    plan = _diff([_schema(1, "sales", comment="Money")], ["sales"], comments={"sales": "Money"})
    assert (plan.insert, plan.update, plan.removed, plan.gone) == ([], [], 0, set())


def test_it_marks_a_schema_missing_from_a_complete_listing_removed_once():
    stored = [_schema(1, "sales"), _schema(2, "old"), _schema(3, "older", removed_at=EARLIER)]
    plan = _diff(stored, ["sales"])
    assert plan.update == [SchemaUpdate(2, "old", False, NOW, "", ("removed_at",))]
    assert plan.removed == 1
    assert plan.gone == {"old", "older"}  # their tables go with them


def test_it_restores_a_schema_listed_again():
    plan = _diff([_schema(1, "sales", removed_at=EARLIER)], ["sales"])
    assert plan.update == [SchemaUpdate(1, "sales", False, None, "", ("removed_at",))]
    assert plan.removed == 0 and plan.gone == set()


def test_an_empty_listing_removes_nothing_and_says_so():
    stored = [_schema(1, "sales"), _schema(2, "old", removed_at=EARLIER)]
    plan = _diff(stored, [])
    assert plan.update == [] and plan.removed == 0
    assert [w.code for w in plan.warnings] == ["empty_listing"]


def test_it_hides_a_schema_the_filter_now_leaves_out_and_shows_it_again():
    hide = _diff([_schema(1, "tmp")], ["tmp"], source_filter=SourceFilter(exclude_schemas=("tmp",)))
    assert hide.update == [SchemaUpdate(1, "tmp", True, None, "", ("hidden",))]
    assert hide.hidden == {"tmp"}
    show = _diff([_schema(1, "tmp", hidden=True)], ["tmp"])
    assert show.update == [SchemaUpdate(1, "tmp", False, None, "", ("hidden",))]


def test_it_updates_comments_of_the_schemas_the_snapshot_covered_only():
    stored = [_schema(1, "sales", comment="Old"), _schema(2, "crm", comment="Kept")]
    plan = _diff(stored, ["sales", "crm"], comments={"sales": ""})
    assert plan.update == [SchemaUpdate(1, "sales", False, None, "", ("comment",))]

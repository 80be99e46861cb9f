"""The labelled corpus: exact per-statement equality plus aggregate F1 targets."""

import pytest

from lineage.extraction import extract_lineage
from tests.lineage.corpus import CASES
from tests.lineage.scoring import score, shape_of_label, shape_of_result

DIALECTS = {"postgres", "mysql", "snowflake", "bigquery", "spark", "hive", "tsql", "redshift", "duckdb"}


def _run(c):
    results = extract_lineage(c["sql"], c["dialect"], default_schema=c["default_schema"], schema=c["schema"])
    assert len(results) == 1, [r.sql for r in results]
    return results[0]


@pytest.mark.parametrize("c", CASES, ids=[c["id"] for c in CASES])
def test_it_extracts_the_labelled_lineage(c):
    result = _run(c)
    assert (result.status == "failed") is c["error"], (result.status, result.error, result.reasons)
    assert shape_of_result(result) == shape_of_label(c)


def test_it_covers_every_dialect_with_a_corpus_of_useful_size():
    assert len(CASES) >= 120
    assert DIALECTS <= {c["dialect"] for c in CASES}
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_it_meets_the_accuracy_targets_on_the_corpus():
    figures = score((shape_of_label(c), shape_of_result(_run(c))) for c in CASES)
    assert figures["column_f1"] >= 0.97, figures
    assert figures["all_tables_right"] >= 0.98, figures


def test_it_marks_output_columns_transformed_or_copied():
    sql = (
        "WITH c AS (SELECT id, amount * 2 AS dbl FROM s.t) "
        "SELECT c.id AS ident, dbl, upper(c.id) AS up FROM c"
    )
    (result,) = extract_lineage(sql, "postgres")
    flags = {c.target: (c.transformed, c.expression) for c in result.columns}
    assert flags["ident"] == (False, "c.id AS ident")
    assert flags["dbl"][0] is True
    assert flags["up"] == (True, "UPPER(c.id) AS up")


def test_it_reports_statement_kinds():
    sql = """
        INSERT INTO a SELECT x FROM b; CREATE TABLE c AS SELECT 1 AS one; CREATE VIEW v AS SELECT x FROM b;
        MERGE INTO a USING b ON a.x = b.x WHEN MATCHED THEN DELETE; UPDATE a SET x = 1; DELETE FROM a;
        SELECT 1; DROP TABLE a; TRUNCATE TABLE a; CREATE TABLE d (x int)
    """
    kinds = [r.kind for r in extract_lineage(sql, "postgres")]
    assert kinds == [
        "insert", "ctas", "view", "merge", "update", "delete", "select", "drop", "truncate", "create_table",
    ]  # fmt: skip


def test_it_keeps_the_statement_text():
    results = extract_lineage("SELECT a FROM b;\n  SELECT c FROM d  ;", "postgres")
    assert [r.sql for r in results] == ["SELECT a FROM b", "SELECT c FROM d"]

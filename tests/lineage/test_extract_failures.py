"""Failure paths: bad statements among good ones, empty input, unknown dialects, unsupported SQL."""

import pytest

from lineage.extraction import UnknownDialectError, extract_lineage


def test_it_fails_only_the_malformed_statement():
    sql = "INSERT INTO a SELECT x FROM b;\nSELECT FROM WHERE ((;\nINSERT INTO c SELECT y FROM d"
    results = extract_lineage(sql, "postgres")
    assert [r.status for r in results] == ["complete", "failed", "complete"]
    assert results[1].error
    assert results[1].target is None and results[1].sources == [] and results[1].columns is None
    assert results[2].target == "c" and results[2].sources == ["d"]


def test_it_fails_a_typo_keyword_that_parses_as_a_bare_expression():
    results = extract_lineage("SELECT 1; SELEC x; SELECT a FROM b", "postgres")
    assert [r.status for r in results] == ["complete", "failed", "complete"]
    assert "not a SQL statement" in results[1].error


def test_it_survives_an_unterminated_string():
    results = extract_lineage("SELECT a FROM b; SELECT 'oops FROM c", "postgres")
    assert results[0].status == "complete" and results[0].sources == ["b"]
    assert results[-1].status == "failed"


@pytest.mark.parametrize("sql", ["", "   \n ", "-- only a comment\n", ";;"])
def test_it_returns_nothing_for_empty_input(sql):
    assert extract_lineage(sql, "postgres") == []


def test_it_rejects_an_unknown_dialect():
    with pytest.raises(UnknownDialectError):
        extract_lineage("SELECT 1", "no-such-dialect")


def test_it_accepts_dialect_names_in_any_case():
    (result,) = extract_lineage("SELECT a FROM b", "Snowflake")
    assert result.sources == ["b"]


def test_it_flags_unsupported_statements_as_partial():
    (result,) = extract_lineage("EXEC dbo.refresh_everything", "tsql")
    assert result.status == "partial"
    assert any("unsupported construct" in r for r in result.reasons)
    assert result.target is None and result.columns is None


def test_it_reports_unresolved_columns_without_guessing():
    (result,) = extract_lineage("SELECT id, a.name FROM s.a a JOIN s.b b ON a.k = b.k", "postgres")
    assert result.status == "partial"
    assert "unresolved column id" in result.reasons
    cols = {c.target: c.sources for c in result.columns}
    assert cols == {"id": [], "name": ["s.a.name"]}


def test_it_reports_an_unexpanded_star():
    (result,) = extract_lineage("INSERT INTO t SELECT * FROM s.src", "snowflake")
    assert result.status == "partial"
    assert any("unexpanded *" in r for r in result.reasons)
    assert result.target == "t" and result.sources == ["s.src"] and result.columns == []


@pytest.mark.parametrize(
    "sql",
    ["DROP TABLE a", "GRANT SELECT ON a TO bob", "ALTER TABLE a ADD COLUMN b INT", "SET x = 1", "USE db",
     "COMMENT ON TABLE a IS 'x'", "ANALYZE a", "TRUNCATE TABLE a", "CREATE INDEX i ON a (b)"],
)  # fmt: skip
def test_it_gives_no_lineage_for_ddl_and_admin_statements(sql):
    (result,) = extract_lineage(sql, "postgres")
    assert (result.target, result.sources, result.columns, result.error) == (None, [], None, None)


@pytest.mark.parametrize(
    ("sql", "dialect", "error"),
    [
        ("UPDATE dbo.Customers SET WHERE CustomerID = 1", "tsql", "no SET assignments"),
        ("CREATE TABLE x AS SELECT a b c FROM", "postgres", "malformed query in CREATE ... AS"),
        ("SELECT user_id event_type FROM FROM staging.raw_events", "hive", "query without parentheses"),
        ("SELECT FROM shop.users", "mysql", "no select list"),
    ],
)
def test_it_fails_malformed_sql_that_parses_leniently(sql, dialect, error):
    results = extract_lineage(f"SELECT a FROM b; {sql}; SELECT c FROM d", dialect)
    assert [r.status for r in results] == ["complete", "failed", "complete"]
    bad = results[1]
    assert error in bad.error and bad.kind == "invalid"
    assert (bad.target, bad.sources, bad.columns, bad.reasons) == (None, [], None, [])


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("INSERT INTO a SELECT x * FROM b", "An expression is incomplete"),
        ("INSERT INTO a SELECT (x FROM b", "A parenthesis is not closed"),
        ("INSERT INTO a SELECT x FROM b WHERE", "The WHERE clause is incomplete"),
    ],
)
def test_a_parse_error_says_what_and_where_in_the_writers_words(sql, said):
    (result,) = extract_lineage(sql, "postgres")
    assert result.status == "failed" and result.error.startswith(said)
    assert "line 1, column" in result.error and "near ‘" in result.error
    assert "sqlglot" not in result.error and "<class" not in result.error


def test_an_unclosed_quote_is_named_as_such():
    results = extract_lineage("SELECT 'oops FROM c", "postgres")
    assert "quoted string or name is not closed" in results[-1].error

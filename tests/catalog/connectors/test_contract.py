"""The connector contract: every engine passes the same suite against a real database.

Differences between engines are data on the Source (features, expected type names), never skips.
"""

from __future__ import annotations

import pytest

from catalog.connectors import ConnectorError, SampleRecord, get_connector
from catalog.connectors.base import SampleHint
from catalog.connectors.profiling import profile_sample

from .conftest import ODD_COLUMNS, ODD_ROWS, ODD_TABLE

SYSTEM = {"pg_catalog", "information_schema", "pg_toast", "mysql", "performance_schema", "sys", "temp"}


def tables_of(snapshot, schema):
    return {t.name: t for t in snapshot.tables if t.schema == schema}


def foreign_keys(table):
    return {
        (c.columns, c.ref_schema, c.ref_table, c.ref_columns)
        for c in table.constraints
        if c.kind == "foreign"
    }


@pytest.fixture
def snapshot(source, connector):
    return connector.fetch_catalog(sorted({source.sales, source.odd}))


class TestConnectorContract:
    def test_it_connects(self, connector):
        connector.test_connection()

    def test_it_lists_user_schemas_without_system_ones(self, source, connector):
        schemas = connector.list_schemas()
        assert {source.sales, source.odd} <= set(schemas)
        assert not SYSTEM & set(schemas)

    def test_it_harvests_every_object_kind(self, source, snapshot):
        sales = {name: t.kind for name, t in tables_of(snapshot, source.sales).items()}
        assert sales["customers"] == "table" and sales["orders"] == "table"
        assert sales["order_totals"] == "view"
        assert sales.get("order_counts") == ("materialized_view" if "matview" in source.features else None)
        assert tables_of(snapshot, source.odd)[ODD_TABLE].kind == "table"

    def test_it_reads_columns_in_order_with_types_nullability_defaults(self, source, snapshot):
        customers = tables_of(snapshot, source.sales)["customers"]
        cols = {c.name: c for c in customers.columns}
        assert [c.name for c in customers.columns] == ["id", "email", "name", "status", "region"]
        assert [c.position for c in customers.columns] == [1, 2, 3, 4, 5]
        assert cols["id"].data_type == source.types["customers.id"]
        assert cols["email"].data_type == source.types["customers.email"]
        assert (cols["id"].nullable, cols["email"].nullable, cols["name"].nullable) == (False, False, True)
        assert "open" in cols["status"].default and cols["name"].default is None
        amount = next(c for c in tables_of(snapshot, source.sales)["orders"].columns if c.name == "amount")
        assert amount.default is not None and amount.default.strip("'").startswith("0")
        odd = tables_of(snapshot, source.odd)[ODD_TABLE]
        assert [c.name for c in odd.columns] == ODD_COLUMNS

    def test_it_reads_comments_where_the_engine_has_them(self, source, snapshot):
        customers = tables_of(snapshot, source.sales)["customers"]
        email = next(c for c in customers.columns if c.name == "email")
        if "comments" in source.features:
            assert (customers.comment, email.comment) == ("Customers of the shop", "Contact e-mail")
        else:
            assert (customers.comment, email.comment) == (None, None)
        assert tables_of(snapshot, source.sales)["orders"].comment is None
        expected = {source.sales: "The shop's sales"} if "schema_comments" in source.features else {}
        assert snapshot.schema_comments == expected

    def test_it_reads_primary_unique_and_foreign_keys(self, source, snapshot):
        sales = tables_of(snapshot, source.sales)
        customers = {(c.kind, c.columns) for c in sales["customers"].constraints}
        assert customers == {("primary", ("id",)), ("unique", ("email", "region"))}
        assert foreign_keys(sales["orders"]) == {(("customer_id",), source.sales, "customers", ("id",))}
        odd = tables_of(snapshot, source.odd)[ODD_TABLE]
        assert ("primary", ("id",)) in {(c.kind, c.columns) for c in odd.constraints}
        expected = {(("parent_id",), source.odd, ODD_TABLE, ("id",))}
        if "cross_fk" in source.features:
            expected.add((("customer_id",), source.sales, "customers", ("id",)))
        assert foreign_keys(odd) == expected

    def test_it_keeps_view_definitions(self, source, snapshot):
        sales = tables_of(snapshot, source.sales)
        assert "orders" in sales["order_totals"].definition
        if "matview" in source.features:
            assert "orders" in sales["order_counts"].definition
        assert sales["customers"].definition is None

    def test_it_reports_row_counts_and_sizes_where_available(self, source, snapshot):
        customers = tables_of(snapshot, source.sales)["customers"]
        view = tables_of(snapshot, source.sales)["order_totals"]
        assert customers.row_count == (3 if "row_counts" in source.features else None)
        assert (customers.size_bytes or 0) > 0 if "sizes" in source.features else customers.size_bytes is None
        assert view.row_count is None and view.size_bytes is None

    def test_it_samples_hostile_names_with_correct_values(self, source, connector):
        [sample] = connector.fetch_samples([(source.odd, ODD_TABLE, ODD_COLUMNS)], 10)
        assert isinstance(sample, SampleRecord), sample
        assert (sample.schema, sample.table, sample.columns) == (source.odd, ODD_TABLE, ODD_COLUMNS)
        assert sorted(sample.rows, key=lambda r: r[0]) == ODD_ROWS

    def test_it_honours_the_sample_limit_and_converts_values(self, source, connector):
        [sample] = connector.fetch_samples([(source.sales, "orders", ["id", "amount", "created"])], 2)
        assert len(sample.rows) == 2
        for row in sample.rows:
            assert all(v is None or isinstance(v, str | int | float) for v in row)

    def test_a_small_table_is_read_whole_for_exact_profiles(self, source, connector):
        hints = {(source.sales, "orders"): SampleHint("table", 4)}
        [sample] = connector.fetch_samples([(source.sales, "orders", ["id"])], 2, hints=hints)
        assert sample.population == 4 and sorted(r[0] for r in sample.all_rows) == [1, 2, 3, 4]
        assert len(sample.rows) == 2  # the kept sample is spread over every row read

    def test_a_view_is_never_read_whole(self, source, connector):
        hints = {(source.sales, "order_totals"): SampleHint("view", None)}
        [sample] = connector.fetch_samples([(source.sales, "order_totals", ["customer_id"])], 2, hints=hints)
        assert (sample.population, sample.all_rows, len(sample.rows)) == (None, None, 2)

    def test_a_table_too_big_to_read_whole_is_sampled_where_the_engine_can(self, source, connector):
        connector.exact_profile_rows = 2
        hints = {(source.sales, "orders"): SampleHint("table", 4)}
        [sample] = connector.fetch_samples([(source.sales, "orders", ["id"])], 3, hints=hints)
        assert sample.all_rows is None and 1 <= len(sample.rows) <= 3
        assert {r[0] for r in sample.rows} <= {1, 2, 3, 4}

    def test_a_failing_table_yields_an_error_and_the_rest_go_on(self, source, connector):
        wanted = [
            (source.sales, "customers", ["id"]),
            (source.sales, "no_such_table", ["id"]),
            (source.sales, "orders", ["id"]),
            (source.odd, ODD_TABLE, ["no such column"]),
        ]
        results = {r.table + "." + type(r).__name__: r for r in connector.fetch_samples(wanted, 5, threads=2)}
        assert set(results) == {
            "customers.SampleRecord",
            "no_such_table.SampleError",
            "orders.SampleRecord",
            f"{ODD_TABLE}.SampleError",
        }
        assert len(results["orders.SampleRecord"].rows) == 4
        assert "no_such_table" in results["no_such_table.SampleError"].message

    def test_it_profiles_columns(self, source, connector, snapshot):
        [sample] = connector.fetch_samples([(source.sales, "customers", ["id", "name", "status"])], 100)
        profiles = profile_sample(sample)
        assert profiles["name"].null_fraction == pytest.approx(1 / 3)
        assert (profiles["id"].min_value, profiles["id"].max_value, profiles["id"].distinct_count) == (
            "1",
            "3",
            3,
        )
        assert profiles["status"].most_common[0] == ("open", pytest.approx(2 / 3))
        if "stats" in source.features:
            email = snapshot.profiles[(source.sales, "customers", "email")]
            assert (email.source, email.null_fraction, email.distinct_count) == ("statistics", 0, 3)
            assert (email.min_value, email.max_value) == ("a@x.io", "c@x.io")
            status = snapshot.profiles[(source.sales, "customers", "status")]
            assert status.most_common[0] == ("open", pytest.approx(2 / 3))
        else:
            assert snapshot.profiles == {}

    def test_the_session_is_read_only(self, source, connector):
        with pytest.raises(ConnectorError) as caught:
            connector._execute(f"CREATE TABLE {source.quote(source.sales)}.ro_probe (a integer)")
        assert caught.value.code == "permission_denied"
        with pytest.raises(ConnectorError):
            connector._execute(f"DELETE FROM {source.quote(source.sales)}.orders")
        assert "ro_probe" not in tables_of(connector.fetch_catalog([source.sales]), source.sales)
        [sample] = connector.fetch_samples([(source.sales, "orders", ["id"])], 10)
        assert len(sample.rows) == 4

    def test_a_source_that_is_down_gives_a_clear_error(self, source):
        config, code = source.down
        with pytest.raises(ConnectorError) as caught:
            get_connector(config.engine)(config, connect_timeout_s=3).test_connection()
        assert caught.value.code == code
        assert caught.value.message

    def test_fetch_catalog_issues_the_same_number_of_queries_for_3_and_60_tables(self, source):
        if "bulk" not in source.features:
            # SQLAlchemy's SQLite dialect reflects table by table: bulk is not promised there.
            assert source.label == "sqlalchemy-sqlite"
            return
        small_schema, large_schema = source.bulk
        counts, sizes = [], []
        for schema in (small_schema, large_schema):
            with source.connect() as conn:
                conn.test_connection()  # connect outside the measured window
                before = conn.queries_executed
                snapshot = conn.fetch_catalog([schema])
                counts.append(conn.queries_executed - before)
                sizes.append(len(snapshot.tables))
                t1 = tables_of(snapshot, schema)["t1"]
                assert foreign_keys(t1) == {(("ref",), schema, "t0", ("id",))}
        assert sizes == [3, 60]
        assert counts[0] == counts[1] and counts[0] <= 10

    def test_it_works_as_a_context_manager_and_closes(self, source):
        with source.connect() as conn:
            conn.test_connection()
            assert conn._conn is not None
        assert conn._conn is None

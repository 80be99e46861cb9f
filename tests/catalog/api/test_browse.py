"""Browsing schemas, tables and columns through the API, and curating their titles and descriptions."""

import json

import pytest
from django.utils import timezone

from catalog.models import Column, Table
from tests.factories import (
    ColumnFactory,
    ColumnProfileFactory,
    ConstraintFactory,
    CrawlRunFactory,
    DataSourceFactory,
    SchemaFactory,
    TableChangeFactory,
    TableFactory,
    TableSampleFactory,
)

pytestmark = pytest.mark.django_db


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


@pytest.fixture
def catalog_data(db):
    """Two sources; `sales.public` has a present, a removed and a hidden table."""
    sales = DataSourceFactory(name="Sales", slug="sales")
    hr = DataSourceFactory(name="HR", slug="hr")
    public = SchemaFactory(source=sales, name="public")
    archive = SchemaFactory(source=sales, name="archive", removed_at=timezone.now())
    staging = SchemaFactory(source=sales, name="staging", hidden=True)
    people = SchemaFactory(source=hr, name="people")
    orders = TableFactory(schema=public, name="orders", title="Customer orders", row_count=1200)
    invoices = TableFactory(schema=public, name="invoices", kind=Table.Kind.VIEW, row_count=30)
    old = TableFactory(schema=public, name="old_orders", removed_at=timezone.now())
    secret = TableFactory(schema=public, name="secret_orders", hidden=True)
    employees = TableFactory(schema=people, name="employees", row_count=5)
    return {
        "sales": sales,
        "hr": hr,
        "public": public,
        "archive": archive,
        "staging": staging,
        "people": people,
        "orders": orders,
        "invoices": invoices,
        "old": old,
        "secret": secret,
        "employees": employees,
    }


# --- schemas --------------------------------------------------------------------------------------


def test_it_lists_schemas_with_their_present_table_count(viewer_client, catalog_data):
    response = viewer_client.get("/api/schemas/", {"source": "sales"})

    assert response.status_code == 200
    [public] = response.json()["results"]
    assert public["id"] == catalog_data["public"].pk
    assert public["source"] == "sales"
    assert public["name"] == "public"
    assert public["table_count"] == 2
    assert public["hidden"] is False
    assert public["removed_at"] is None


def test_it_filters_schemas(viewer_client, catalog_data):
    d = catalog_data

    assert ids(viewer_client.get("/api/schemas/")) == sorted([d["public"].pk, d["people"].pk])
    assert ids(viewer_client.get("/api/schemas/", {"name": "peo"})) == [d["people"].pk]
    assert ids(viewer_client.get("/api/schemas/", {"removed": "true"})) == [d["archive"].pk]
    assert ids(viewer_client.get("/api/schemas/", {"removed": "false"})) == sorted(
        [d["public"].pk, d["people"].pk]
    )


def test_it_shows_a_removed_schema_by_its_id(viewer_client, catalog_data):
    response = viewer_client.get(f"/api/schemas/{catalog_data['archive'].pk}/")

    assert response.status_code == 200
    assert response.json()["removed_at"] is not None


# --- tables ---------------------------------------------------------------------------------------


def test_it_lists_present_tables_only_by_default(viewer_client, catalog_data):
    d = catalog_data

    assert ids(viewer_client.get("/api/tables/")) == sorted(
        [d["orders"].pk, d["invoices"].pk, d["employees"].pk]
    )


def test_it_lists_removed_tables_when_asked_and_never_hidden_ones(viewer_client, catalog_data):
    d = catalog_data

    assert ids(viewer_client.get("/api/tables/", {"removed": "true"})) == [d["old"].pk]
    assert d["secret"].pk not in ids(viewer_client.get("/api/tables/", {"removed": "true"}))
    assert ids(viewer_client.get("/api/tables/", {"q": "secret"})) == []


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"source": "hr"}, ["employees"]),
        ({"source": "sales", "schema": "public"}, ["invoices", "orders"]),
        ({"name": "ORD"}, ["orders"]),
        ({"kind": "view"}, ["invoices"]),
        ({"q": "customer"}, ["orders"]),
        ({"q": "pub.inv"}, ["invoices"]),
        ({"q": "ord", "removed": "true"}, ["old_orders"]),
    ],
)
def test_it_filters_tables(viewer_client, catalog_data, params, expected):
    response = viewer_client.get("/api/tables/", params)

    assert response.status_code == 200
    assert sorted(t["name"] for t in response.json()["results"]) == expected


def test_it_orders_tables_by_row_count(viewer_client, catalog_data):
    ascending = viewer_client.get("/api/tables/", {"ordering": "row_count"}).json()["results"]
    descending = viewer_client.get("/api/tables/", {"ordering": "-row_count"}).json()["results"]

    assert [t["name"] for t in ascending] == ["employees", "invoices", "orders"]
    assert [t["name"] for t in descending] == ["orders", "invoices", "employees"]


def test_it_lists_a_table_with_its_present_column_count(viewer_client, catalog_data):
    orders = catalog_data["orders"]
    ColumnFactory(table=orders, name="id")
    ColumnFactory(table=orders, name="total")
    ColumnFactory(table=orders, name="gone", removed_at=timezone.now())
    ColumnFactory(table=orders, name="filtered", hidden=True)

    [row] = viewer_client.get("/api/tables/", {"name": "orders", "schema": "public"}).json()["results"]

    assert row == {
        "id": orders.pk,
        "source": "sales",
        "source_name": "Sales",
        "schema": "public",
        "schema_id": catalog_data["public"].pk,
        "name": "orders",
        "qualified_name": "public.orders",
        "title": "Customer orders",
        "description": "",
        "comment": "",
        "kind": "table",
        "row_count": 1200,
        "size_bytes": None,
        "last_crawled_at": None,
        "removed_at": None,
        "column_count": 2,
    }


def test_it_shows_a_table_with_its_columns_profiles_and_constraints(viewer_client, catalog_data):
    orders, invoices = catalog_data["orders"], catalog_data["invoices"]
    Table.objects.filter(pk=orders.pk).update(definition="")
    total = ColumnFactory(table=orders, name="total", position=2, data_type="numeric(10,2)", default="0")
    ident = ColumnFactory(table=orders, name="id", position=1, is_primary_key=True, nullable=False)
    ColumnFactory(table=orders, name="gone", position=3, removed_at=timezone.now())
    ColumnProfileFactory(
        column=total, null_fraction=0.25, min_value="0", max_value="99.5", most_common=[["5", 3]]
    )
    ConstraintFactory(table=orders, kind="primary", name="orders_pkey", columns=["id"])
    ConstraintFactory(
        table=orders,
        kind="foreign",
        name="orders_invoice_fk",
        columns=["invoice_id"],
        ref_schema_name="public",
        ref_table_name="invoices",
        ref_columns=["id"],
        ref_table=invoices,
    )

    response = viewer_client.get(f"/api/tables/{orders.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["qualified_name"] == "public.orders"
    assert body["definition"] == ""
    assert body["column_count"] == 2
    assert [c["name"] for c in body["columns"]] == ["id", "total"]
    assert body["columns"][0]["id"] == ident.pk
    assert body["columns"][0]["is_primary_key"] is True
    assert body["columns"][0]["nullable"] is False
    assert body["columns"][0]["profile"] is None
    assert body["columns"][1]["data_type"] == "numeric(10,2)"
    assert body["columns"][1]["default"] == "0"
    assert body["columns"][1]["profile"] == {
        "null_fraction": 0.25,
        "distinct_count": 10,
        "min_value": "0",
        "max_value": "99.5",
        "most_common": [["5", 3]],
        "origin": "sample",
    }
    assert body["constraints"] == [
        {
            "kind": "foreign",
            "name": "orders_invoice_fk",
            "columns": ["invoice_id"],
            "ref_schema_name": "public",
            "ref_table_name": "invoices",
            "ref_columns": ["id"],
            "ref_table": invoices.pk,
        },
        {
            "kind": "primary",
            "name": "orders_pkey",
            "columns": ["id"],
            "ref_schema_name": "",
            "ref_table_name": "",
            "ref_columns": [],
            "ref_table": None,
        },
    ]


def test_it_shows_a_view_definition_and_a_removed_table(viewer_client, catalog_data):
    view = TableFactory(
        schema=catalog_data["public"], kind="view", definition="SELECT 1", removed_at=timezone.now()
    )

    response = viewer_client.get(f"/api/tables/{view.pk}/")

    assert response.status_code == 200
    assert response.json()["definition"] == "SELECT 1"
    assert response.json()["removed_at"] is not None


def test_it_answers_404_for_an_unknown_table(viewer_client, db):
    response = viewer_client.get("/api/tables/999999/")

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


# --- curating -------------------------------------------------------------------------------------


def test_it_lets_a_contributor_edit_a_table_title_and_description(client, contributor, catalog_data):
    client.force_login(contributor)
    orders = catalog_data["orders"]
    description = "Orders **placed** online.\n\n<script>alert(1)</script>  \n"

    response = patch(
        client,
        f"/api/tables/{orders.pk}/",
        {"title": "  Online   orders ", "description": description, "name": "renamed", "row_count": 1},
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Online orders"
    assert response.json()["description"] == description
    assert "columns" in response.json()
    orders.refresh_from_db()
    # asset_annotate makes the title one tidy line and stores the Markdown exactly as typed.
    assert orders.title == "Online orders"
    assert orders.description == description
    assert orders.name == "orders"
    assert orders.row_count == 1200


def test_it_edits_only_the_fields_given(client, steward, catalog_data):
    client.force_login(steward)
    orders = catalog_data["orders"]

    response = patch(client, f"/api/tables/{orders.pk}/", {"description": "Just this"})

    assert response.status_code == 200
    orders.refresh_from_db()
    assert orders.title == "Customer orders"
    assert orders.description == "Just this"


def test_it_refuses_annotations_to_viewers(viewer_client, catalog_data):
    orders = catalog_data["orders"]
    column = ColumnFactory(table=orders)

    responses = [
        patch(viewer_client, f"/api/tables/{orders.pk}/", {"title": "Mine"}),
        patch(viewer_client, f"/api/columns/{column.pk}/", {"title": "Mine"}),
    ]

    for response in responses:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    orders.refresh_from_db()
    column.refresh_from_db()
    assert orders.title == "Customer orders"
    assert column.title == ""


def test_it_refuses_other_writes_on_tables(client, admin_user, catalog_data):
    client.force_login(admin_user)
    orders = catalog_data["orders"]

    assert client.delete(f"/api/tables/{orders.pk}/").status_code == 405
    assert client.post("/api/tables/", {}).status_code == 405
    put = client.put(f"/api/tables/{orders.pk}/", json.dumps({"title": "x"}), content_type="application/json")
    assert put.status_code == 405
    assert Table.objects.filter(pk=orders.pk).exists()


def test_it_rejects_a_title_too_long(client, contributor, catalog_data):
    client.force_login(contributor)

    response = patch(client, f"/api/tables/{catalog_data['orders'].pk}/", {"title": "x" * 301})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["title"]


def test_it_lets_a_contributor_edit_a_column(client, contributor, catalog_data):
    client.force_login(contributor)
    column = ColumnFactory(table=catalog_data["orders"], name="total")

    response = patch(client, f"/api/columns/{column.pk}/", {"title": "Total", "description": "In *euros*"})

    assert response.status_code == 200
    assert response.json()["title"] == "Total"
    assert response.json()["table_qualified_name"] == "public.orders"
    column.refresh_from_db()
    assert (column.title, column.description) == ("Total", "In *euros*")


# --- samples and changes --------------------------------------------------------------------------


def test_it_returns_the_sample_of_a_table(viewer_client, catalog_data):
    orders = catalog_data["orders"]
    TableSampleFactory(table=orders, columns=["id", "total"], rows=[[1, 9.5], [2, None]])

    response = viewer_client.get(f"/api/tables/{orders.pk}/samples/")

    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == ["id", "total"]
    assert body["rows"] == [[1, 9.5], [2, None]]
    assert body["sampled_at"] is not None


def test_it_returns_an_empty_sample_when_none_was_taken(viewer_client, catalog_data):
    response = viewer_client.get(f"/api/tables/{catalog_data['orders'].pk}/samples/")

    assert response.status_code == 200
    assert response.json() == {"columns": [], "rows": [], "sampled_at": None, "masked": []}


def test_it_returns_the_change_history_newest_first_and_paginated(viewer_client, catalog_data):
    orders = catalog_data["orders"]
    run = CrawlRunFactory(source=catalog_data["sales"])
    TableChangeFactory(table=orders, kind="table_added", column_name="")
    TableChangeFactory(
        table=orders,
        kind="column_type_changed",
        column_name="total",
        old_value="int",
        new_value="numeric",
        crawl_run=run,
    )
    TableChangeFactory(table=catalog_data["invoices"])

    response = viewer_client.get(f"/api/tables/{orders.pk}/changes/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    latest = body["results"][0]
    assert latest["kind"] == "column_type_changed"
    assert latest["column_name"] == "total"
    assert (latest["old_value"], latest["new_value"]) == ("int", "numeric")
    assert latest["crawl_run"] == run.pk
    assert latest["changed_at"]
    assert body["results"][1]["kind"] == "table_added"
    assert body["results"][1]["crawl_run"] is None


# --- columns --------------------------------------------------------------------------------------


@pytest.fixture
def columns(catalog_data):
    d = catalog_data
    return {
        "order_id": ColumnFactory(
            table=d["orders"], name="order_id", data_type="bigint", is_primary_key=True
        ),
        "order_note": ColumnFactory(table=d["orders"], name="note", data_type="text"),
        "old_col": ColumnFactory(
            table=d["orders"], name="legacy", data_type="text", removed_at=timezone.now()
        ),
        "hidden_col": ColumnFactory(table=d["orders"], name="hidden", data_type="text", hidden=True),
        "invoice_total": ColumnFactory(table=d["invoices"], name="total", data_type="numeric(10,2)"),
        "employee_name": ColumnFactory(table=d["employees"], name="name", data_type="varchar(100)"),
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["employee_name", "invoice_total", "order_id", "order_note"]),
        ({"source": "hr"}, ["employee_name"]),
        ({"schema": "public"}, ["invoice_total", "order_id", "order_note"]),
        ({"name": "NOT"}, ["order_note"]),
        ({"type": "numeric"}, ["invoice_total"]),
        ({"type": "text", "removed": "true"}, ["old_col"]),
    ],
)
def test_it_filters_columns(viewer_client, columns, params, expected):
    response = viewer_client.get("/api/columns/", params)

    assert response.status_code == 200
    names = {column.pk: key for key, column in columns.items()}
    assert sorted(names[c["id"]] for c in response.json()["results"]) == expected


def test_it_filters_columns_by_table(viewer_client, catalog_data, columns):
    response = viewer_client.get("/api/columns/", {"table": catalog_data["orders"].pk})

    assert ids(response) == sorted([columns["order_id"].pk, columns["order_note"].pk])


def test_it_lists_a_column_with_its_table_and_source(viewer_client, catalog_data, columns):
    column = columns["order_id"]

    [row] = viewer_client.get("/api/columns/", {"name": "order_id"}).json()["results"]

    assert row == {
        "id": column.pk,
        "table": catalog_data["orders"].pk,
        "table_qualified_name": "public.orders",
        "source": "sales",
        "name": "order_id",
        "position": column.position,
        "title": "",
        "description": "",
        "data_type": "bigint",
        "nullable": True,
        "is_primary_key": True,
        "removed_at": None,
    }
    assert Column.objects.count() == 6


def test_the_table_list_counts_columns_per_page_in_a_bounded_number_of_queries(
    viewer_client, django_assert_max_num_queries
):
    schema = SchemaFactory()
    for index in range(60):
        table = TableFactory(schema=schema, source=schema.source, name=f"t{index:02}")
        ColumnFactory(table=table, name="id")
        ColumnFactory(table=table, name="gone", removed_at=timezone.now())
    with django_assert_max_num_queries(6):  # session, user, count, page, column counts
        body = viewer_client.get("/api/tables/").json()
    assert body["count"] == 60 and len(body["results"]) == 50
    assert {table["column_count"] for table in body["results"]} == {1}

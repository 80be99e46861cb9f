"""Adding an engine is one module plus its tests: a connector registered by an app (fakedb.py) shows
up in the source form and pages, the engine choices, URL parsing and the safety guard, and the SQL
dialects of lineage and usage, without a line changed in catalog/ (docs/connectors.md)."""

import re

import pytest
from django.urls import reverse

from catalog import extensions
from catalog.connectors import (
    ConnectorError,
    check_source_allowed,
    connector_for_engine,
    engine_for_scheme,
    parse_source_url,
    registered,
    unregister_connector,
)
from catalog.engines import dialect_for_source, sql_dialects
from catalog.models import DataSource
from lineage.models import LineageStatement
from tests.catalog.new_engine.fakedb import FakeDBConnector
from tests.factories import DataSourceFactory
from usage.services.saved import dialect_of

LOOPBACK = ["127.0.0.1"]


@pytest.fixture
def fakedb():
    extensions.register_connector(FakeDBConnector)
    yield FakeDBConnector
    unregister_connector(FakeDBConnector)


def _vet(url, **kwargs):
    return check_source_allowed(parse_source_url(url), allowed_hosts=LOOPBACK, sqlite_dirs=[], **kwargs)


def test_a_registered_engine_reads_its_urls_with_its_default_port(fakedb):
    assert engine_for_scheme("fakedb") == engine_for_scheme("FakeDB+Native") == "fakedb"
    config = parse_source_url("fakedb+native://reader:pw@db.example.com/sales?region=eu")
    assert (config.engine, config.host, config.port, config.database) == (
        "fakedb",
        "db.example.com",
        7777,
        "sales",
    )
    assert config.password == "pw" and "pw" not in config.url
    assert connector_for_engine("fakedb") is FakeDBConnector
    assert registered()[-1] is FakeDBConnector  # after the built-ins


def test_the_guard_allows_only_the_engines_usual_ports_and_options(fakedb):
    assert _vet("fakedb://u@127.0.0.1/db").host_addr == "127.0.0.1"
    assert _vet("fakedb://u@127.0.0.1:7778/db?region=eu&connect_timeout=5").port == 7778
    with pytest.raises(
        ConnectorError, match=r"Port 5432 is not one a fakedb server usually listens on \(7777-7778\)"
    ):
        _vet("fakedb://u@127.0.0.1:5432/db")
    assert _vet("fakedb://u@127.0.0.1:5432/db", allowed_ports=["5432"]).port == 5432
    with pytest.raises(ConnectorError, match="URL option\\(s\\) not allowed: sslkey"):
        _vet("fakedb://u@127.0.0.1/db?sslkey=/etc/passwd")
    with pytest.raises(ConnectorError, match="resolves to a blocked address"):
        _vet("fakedb://u@169.254.169.254/db")


def test_without_the_app_the_scheme_is_unknown():
    assert engine_for_scheme("fakedb") is None
    assert "fakedb" not in dict(DataSource._meta.get_field("engine").choices)
    with pytest.raises(ConnectorError, match="Unsupported URL scheme 'fakedb'"):
        parse_source_url("fakedb://u@127.0.0.1/db")


def test_an_engine_cannot_take_another_engines_scheme_or_name():
    class Thief(FakeDBConnector):
        engine = "thief"
        schemes = ("postgres",)

    class Impostor(FakeDBConnector):
        engine = "postgresql"
        schemes = ()

    class Unnamed(FakeDBConnector):
        engine = "an_engine_name_too_long_for_the_column"

    for cls, message in [
        (Thief, "already read by engine 'postgresql'"),
        (Impostor, "already registered"),
        (Unnamed, "at most 20"),
    ]:
        with pytest.raises(ValueError, match=message):
            extensions.register_connector(cls)
    assert engine_for_scheme("postgres") == "postgresql"


@pytest.mark.django_db
def test_an_admin_adds_a_source_of_the_new_engine_through_the_form(fakedb, admin_client_, settings):
    settings.SOURCE_ALLOWED_HOSTS = LOOPBACK
    form = admin_client_.get(reverse("source-add")).content.decode()
    assert "fakedb://user@host:7777/db" in form and "postgresql://user@host:5432/db" in form
    admin_client_.post(
        reverse("source-add"),
        {"name": "Fake", "url": "fakedb://reader@127.0.0.1/sales", "sample_rows": "100", "save": "1"},
    )
    source = DataSource.objects.get(name="Fake")
    assert (source.engine, source.url, source.get_engine_display()) == (
        "fakedb",
        "fakedb://reader@127.0.0.1/sales",
        "FakeDB",
    )
    assert "FakeDB" in admin_client_.get(reverse("source-list")).content.decode()
    assert ("fakedb", "FakeDB") in DataSource._meta.get_field("engine").choices
    source.full_clean()  # the model validates the engine against the registry's choices


@pytest.mark.django_db
def test_lineage_and_usage_read_the_new_engines_sql_in_its_dialect(fakedb, contributor_client):
    source = DataSourceFactory(engine="fakedb", url="fakedb://reader@127.0.0.1:7777/sales")
    assert dialect_for_source(source) == dialect_of(source) == "teradata"
    # The upload page offers sqlglot's dialects, the registered engines' first.
    offered = [value for value, _ in sql_dialects()]
    assert offered[:3] == ["postgres", "mysql", "sqlite"] and "teradata" in offered[:20]
    assert offered.index("teradata") < offered.index("athena")  # ahead of the dialects no engine uses
    page = contributor_client.get(reverse("lineage-upload")).content.decode()
    select = page[page.index('id="id_dialect"') :].split("</select>")[0]
    assert re.findall(r'<option value="([a-z0-9]+)"', select) == offered
    assert '<option value="postgres" selected>PostgreSQL</option>' in select
    assert '<option value="teradata">Teradata</option>' in select
    response = contributor_client.post(
        reverse("lineage-upload"), {"sql": "INSERT INTO a.t SELECT x FROM a.s", "dialect": "teradata"}
    )
    assert [s.dialect for s in response.context["statements"]] == ["teradata"]
    assert LineageStatement.objects.get().dialect == "teradata"


def test_the_built_in_engines_and_dialects_are_unchanged():
    engines = {cls.engine: cls for cls in registered()}
    assert list(engines) == ["postgresql", "mysql", "sqlite", "sqlalchemy"]
    assert [(c.default_port, c.sql_dialect) for c in engines.values()] == [
        (5432, "postgres"),
        (3306, "mysql"),
        (None, "sqlite"),
        (None, None),
    ]
    offered = dict(sql_dialects())
    assert offered["tsql"] == "SQL Server (T-SQL)" and "prql" not in offered and "" not in offered
    # Every dialect a connector names is one sqlglot reads, so lineage and usage can parse with it.
    named = {c.sql_dialect for c in engines.values() if c.sql_dialect}
    named |= set(engines["sqlalchemy"].dialect_sql_dialects.values())
    assert named <= set(offered)

"""A connector for an engine the catalog does not ship: everything a new engine needs is this one
module (and its tests, test_new_engine.py). An app would import it from its AppConfig.ready(), where
@register_connector (catalog.extensions) adds it; the tests register it in a fixture instead, so the
rest of the suite runs without it.
"""

from catalog.extensions import Connector, register_connector  # noqa: F401 - the apps' import path


class FakeDBConnector(Connector):
    engine = "fakedb"
    label = "FakeDB"
    schemes = ("fakedb", "fakedb+native")
    example_url = "fakedb://user@host:7777/db"
    default_port = 7777
    allowed_ports = "7777-7778"
    url_options = frozenset({"region", "connect_timeout"})
    sql_dialect = "teradata"  # the sqlglot dialect lineage and usage parse its SQL with

    # A real connector implements _connect/_run/_classify/_first_rows_sql and the catalog methods
    # (see catalog/connectors/sqlite.py); the tests here never connect.

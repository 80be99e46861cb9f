"""URL parsing and the safety guard (pure; DNS answers are faked with monkeypatch where a test needs a
specific resolution, everything else uses the real resolver for literal IPs and localhost)."""

from __future__ import annotations

import socket
import sqlite3

import pytest

from catalog.connectors import ConnectorError, check_source_allowed, connector_for_url, parse_source_url
from catalog.connectors.postgres import PostgresConnector
from catalog.connectors.sqlite import SQLiteConnector

LOOPBACK = ["127.0.0.1", "::1"]


def blocked(url: str, *, hosts=LOOPBACK, dirs=()) -> ConnectorError:
    with pytest.raises(ConnectorError) as caught:
        check_source_allowed(parse_source_url(url), allowed_hosts=list(hosts), sqlite_dirs=list(dirs))
    assert caught.value.code == "blocked", caught.value.message
    return caught.value


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("url", "engine", "port"),
    [
        ("postgresql://u@db.example.com/shop", "postgresql", 5432),
        ("postgres://u@db.example.com:6543/shop", "postgresql", 6543),
        ("postgresql+psycopg://u@db.example.com/shop", "postgresql", 5432),
        ("mysql://u@db.example.com/shop", "mysql", 3306),
        ("mariadb://u@db.example.com/shop", "mysql", 3306),
        ("mysql+pymysql://u@db.example.com/shop", "mysql", 3306),
        ("mssql://u@dbhost/db?driver=x", "sqlalchemy", None),
        ("mssql+pyodbc://u@sql.example.com:1433/db", "sqlalchemy", 1433),
        ("sqlalchemy+postgresql+psycopg://u@db.example.com/shop", "sqlalchemy", None),
    ],
)
def test_it_maps_schemes_to_engines(url, engine, port):
    config = parse_source_url(url)
    assert (config.engine, config.port, config.username) == (engine, port, "u")


def test_the_password_is_extracted_and_stripped_from_the_display_url():
    config = parse_source_url("postgresql://ann:p%40ss%3Aw0rd@db.example.com:5433/shop?sslmode=require")
    assert config.password == "p@ss:w0rd"
    assert config.url == "postgresql://ann@db.example.com:5433/shop?sslmode=require"
    assert "p@ss" not in repr(config)
    assert (config.host, config.database, config.options) == (
        "db.example.com",
        "shop",
        {"sslmode": "require"},
    )


def test_an_explicit_password_wins_over_the_url():
    assert parse_source_url("mysql://ann:old@h/db", password="new").password == "new"


def test_sqlite_urls_take_an_absolute_path():
    assert parse_source_url("sqlite:////srv/data/shop.db").database == "/srv/data/shop.db"
    config = parse_source_url("sqlite:///srv/data/my%20shop.db")
    assert (config.engine, config.database, config.host) == ("sqlite", "/srv/data/my shop.db", None)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "db.example.com/shop",
        "postgresql://",
        "postgresql://h:notaport/db",
        "postgresql://h/db#frag",
        "postgresql://h/db\nx",
        "sqlite://",
        "sqlite://relative/path.db",
        "sqlite://host/abs.db",
        "we!rd://h/db",
    ],
)
def test_invalid_urls_are_rejected(url):
    with pytest.raises(ConnectorError) as caught:
        parse_source_url(url)
    assert caught.value.code == "invalid_url"


def test_loopback_is_allowed_and_pinned_to_the_vetted_address():
    config = check_source_allowed(
        parse_source_url("postgresql://u@127.0.0.1/db"), allowed_hosts=LOOPBACK, sqlite_dirs=[]
    )
    assert config.host_addr == "127.0.0.1"
    pinned = check_source_allowed(
        parse_source_url("postgresql://u@localhost/db"), allowed_hosts=["localhost"], sqlite_dirs=[]
    )
    assert pinned.host_addr in ("127.0.0.1", "::1")


@pytest.mark.parametrize("host", ["169.254.169.254", "[fe80::1]", "0.0.0.0", "[::ffff:169.254.169.254]"])
def test_metadata_link_local_and_any_addresses_are_blocked_even_under_star(host):
    blocked(f"postgresql://u@{host}/db", hosts=["*"])


def test_star_allows_any_other_host():
    config = check_source_allowed(
        parse_source_url("mysql://u@10.1.2.3/db"), allowed_hosts=["*"], sqlite_dirs=[]
    )
    assert config.host_addr == "10.1.2.3"


def test_hosts_outside_the_allowlist_are_blocked():
    error = blocked("postgresql://u@10.1.2.3/db")
    assert "10.1.2.3" in error.message
    blocked("postgresql://u@localhost/db", hosts=["10.0.0.0/8"])  # a name is judged by its addresses


def test_cidr_entries_allow_their_range():
    check_source_allowed(
        parse_source_url("postgresql://u@10.9.8.7/db"), allowed_hosts=["10.0.0.0/8"], sqlite_dirs=[]
    )


def test_a_name_resolving_to_a_blocked_address_is_refused(monkeypatch):
    fake_dns(monkeypatch, {"evil.example": ["169.254.169.254"]})
    blocked("postgresql://u@evil.example/db", hosts=["*"])


def test_every_resolved_address_must_pass(monkeypatch):
    fake_dns(monkeypatch, {"split.example": ["127.0.0.1", "10.0.0.5"]})
    blocked("postgresql://u@split.example/db", hosts=["127.0.0.1"])


def test_unix_sockets_need_their_exact_path_allowlisted():
    blocked("postgresql://u@%2Frun%2Fpostgresql/db")
    config = check_source_allowed(
        parse_source_url("postgresql://u@%2Frun%2Fpostgresql/db"),
        allowed_hosts=["/run/postgresql"],
        sqlite_dirs=[],
    )
    assert config.host == "/run/postgresql"


@pytest.mark.parametrize(
    "option",
    [
        "options=-c%20default_transaction_read_only%3Doff",
        "passfile=/etc/passwd",
        "sslkey=/root/key",
        "sslcert=/x",
        "sslrootcert=/x",
        "service=prod",
        "host=/run/postgresql",
        "hostaddr=169.254.169.254",
    ],
)
def test_dangerous_postgres_options_are_refused(option):
    blocked(f"postgresql://u@127.0.0.1/db?{option}")


def test_harmless_options_pass_and_mysql_init_command_does_not():
    check_source_allowed(
        parse_source_url("postgresql://u@127.0.0.1/db?sslmode=require&application_name=x"),
        allowed_hosts=LOOPBACK,
        sqlite_dirs=[],
    )
    check_source_allowed(
        parse_source_url("mysql://u@127.0.0.1/db?charset=utf8mb4"), allowed_hosts=LOOPBACK, sqlite_dirs=[]
    )
    blocked("mysql://u@127.0.0.1/db?init_command=SET%20x%3D1")


def test_hostless_generic_urls_need_star():
    blocked("mssql://")
    check_source_allowed(parse_source_url("mssql://"), allowed_hosts=["*"], sqlite_dirs=[])


@pytest.fixture
def sqlite_layout(tmp_path):
    allowed = tmp_path / "sources"
    allowed.mkdir()
    outside = tmp_path / "private.db"
    for path in (allowed / "shop.db", outside):
        sqlite3.connect(path).execute("CREATE TABLE t (a int)").connection.close()
    (allowed / "escape.db").symlink_to(outside)
    return allowed, outside


def test_sqlite_files_inside_the_allowed_directory_open_with_schema_main(sqlite_layout):
    allowed, _ = sqlite_layout
    with connector_for_url(
        f"sqlite://{allowed}/shop.db", allowed_hosts=[], sqlite_dirs=[str(allowed)]
    ) as conn:
        assert isinstance(conn, SQLiteConnector)
        assert conn.list_schemas() == ["main"]
        assert [t.name for t in conn.fetch_catalog(["main"]).tables] == ["t"]


@pytest.mark.parametrize("path", ["{outside}", "{allowed}/escape.db", "{allowed}/../private.db", "/:memory:"])
def test_sqlite_paths_escaping_the_allowed_directories_are_refused(sqlite_layout, path):
    allowed, outside = sqlite_layout
    blocked("sqlite://" + path.format(allowed=allowed, outside=outside), dirs=[str(allowed)])


def test_sqlite_uri_parameters_are_refused(sqlite_layout):
    allowed, _ = sqlite_layout
    blocked(f"sqlite://{allowed}/shop.db?mode=rwc", dirs=[str(allowed)])
    blocked(f"sqlite+pysqlite://{allowed}/../private.db", dirs=[str(allowed)])


def test_connector_for_url_always_applies_the_guard():
    with pytest.raises(ConnectorError) as caught:
        connector_for_url("postgresql://u@169.254.169.254/db", allowed_hosts=["*"], sqlite_dirs=[])
    assert caught.value.code == "blocked"
    conn = connector_for_url("postgresql://u:pw@127.0.0.1/db", allowed_hosts=LOOPBACK, sqlite_dirs=[])
    assert isinstance(conn, PostgresConnector)
    assert (conn.config.host_addr, conn.config.password) == ("127.0.0.1", "pw")


def test_connector_for_url_defaults_to_the_django_settings(settings):
    settings.SOURCE_ALLOWED_HOSTS = ["10.0.0.0/8"]
    with pytest.raises(ConnectorError) as caught:
        connector_for_url("postgresql://u@127.0.0.1/db")
    assert caught.value.code == "blocked"
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    assert connector_for_url("postgresql://u@127.0.0.1/db").config.host_addr == "127.0.0.1"


def test_a_missing_generic_driver_is_reported():
    conn = connector_for_url("mssql+pyodbc://u@127.0.0.1/db", allowed_hosts=LOOPBACK, sqlite_dirs=[])
    with pytest.raises(ConnectorError) as caught:
        conn.test_connection()
    assert caught.value.code == "driver_missing" and "pyodbc" in caught.value.message
    # A scheme no installed dialect reads is refused when the URL is read, not at the first crawl.
    with pytest.raises(ConnectorError) as caught:
        connector_for_url("nosuchdialect://u@127.0.0.1/db", allowed_hosts=LOOPBACK, sqlite_dirs=[])
    assert "Unsupported URL scheme 'nosuchdialect'" in caught.value.message

"""SSRF corpus: host forms and DSN option injections are refused before any connection.

A TCP listener on 127.0.0.1 stands where the hostile URLs point (loopback in every spelling, and
the base of every option injection); it counts the connections it receives, and receives none.
The policy is docs/connectors.md: a host must resolve only to allowed addresses
(SOURCE_ALLOWED_HOSTS, where an operator may allow private networks), link-local/metadata and
unspecified addresses are refused whatever the allowlist says, and only harmless options pass.
"""

import socket
import threading

import pytest

from catalog.connectors import ConnectorError
from catalog.services import connections
from tests.security.listener import Listener

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.sock.close()


# Loopback and private addresses in every spelling: refused when the allowlist does not name them.
LOOPBACK = [
    "127.0.0.1", "127.1", "127.0.1", "127.000.000.001", "0177.0.0.1", "0177.0.0.01", "0x7f.0.0.1",
    "0x7f.1", "0x7f000001", "0X7F000001", "2130706433", "017700000001", "127.0.0.2", "127.255.255.254",
    "localhost", "LOCALHOST", "LocalHost", "runsc", "vm", "[::1]", "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::127.0.0.1]",
    "[64:ff9b::7f00:1]", "[2002:7f00:1::1]", "%31%32%37%2e%30%2e%30%2e%31",
]  # fmt: skip
PRIVATE = [
    "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.1", "192.168.0.1", "192.168.1.254",
    "100.64.0.1", "198.18.0.1", "[fc00::1]", "[fd12:3456::1]", "[::ffff:10.0.0.1]", "[::ffff:a00:1]",
]  # fmt: skip
# Link-local / cloud metadata and "any" addresses: refused even when the allowlist is "*".
METADATA = [
    "169.254.169.254", "2852039166", "0xa9fea9fe", "0xA9FEA9FE", "0251.0376.0251.0376",
    "0xA9.0xFE.0xA9.0xFE", "0251.254.169.254", "169.254.43518", "0xa9.0xfe.0xa9fe", "169.254.0.1",
    "169.254.170.2", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[0:0:0:0:0:ffff:a9fe:a9fe]",
    "[64:ff9b::a9fe:a9fe]", "[64:ff9b::169.254.169.254]", "[::a9fe:a9fe]", "[2002:a9fe:a9fe::1]",
    "[fd00:ec2::254]", "[fe80::1]", "[fe80::a9fe:a9fe]", "0.0.0.0", "0", "0x0", "[::]",
    "[::ffff:0.0.0.0]",
]  # fmt: skip
# Neither a host nor a port of a database: local files, sockets, and schemes no connector reads.
NOT_A_HOST = [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "http://127.0.0.1:{port}/",
    "https://169.254.169.254/latest/meta-data/",
    "gopher://127.0.0.1:{port}/_x",
    "dict://127.0.0.1:{port}/",
    "ftp://127.0.0.1:{port}/",
    "ldap://127.0.0.1:{port}/",
    "javascript://alert(1)",
    "postgresql://u@%2Ftmp/db",
    "postgresql://u@%2Fvar%2Frun%2Fpostgresql/db",
    "postgresql://u@%2Frun%2Fpostgresql:{port}/db",
    "sqlite:////etc/passwd",
    "sqlite:///../../../etc/passwd",
    "sqlite:///:memory:",
    "sqlite:///file:x?mode=rwc",
    "sqlite:////proc/self/environ",
    "sqlalchemy+sqlite:////etc/passwd",
]
# Options that move the connection elsewhere, read local files or run statements: refused.
OPTIONS = [
    "postgresql://u@127.0.0.1:{port}/db?host=/tmp",
    "postgresql://u@127.0.0.1:{port}/db?host=169.254.169.254",
    "postgresql://u@127.0.0.1:{port}/db?hostaddr=10.0.0.1",
    "postgresql://u@127.0.0.1:{port}/db?port=22",
    "postgresql://u@127.0.0.1:{port}/db?sslrootcert=/etc/passwd",
    "postgresql://u@127.0.0.1:{port}/db?sslcert=/etc/passwd",
    "postgresql://u@127.0.0.1:{port}/db?sslkey=/etc/ssl/private/key.pem",
    "postgresql://u@127.0.0.1:{port}/db?sslcrl=/etc/passwd",
    "postgresql://u@127.0.0.1:{port}/db?sslpassword=x",
    "postgresql://u@127.0.0.1:{port}/db?passfile=/root/.pgpass",
    "postgresql://u@127.0.0.1:{port}/db?service=prod",
    "postgresql://u@127.0.0.1:{port}/db?servicefile=/etc/pg_service.conf",
    "postgresql://u@127.0.0.1:{port}/db?options=-c%20default_transaction_read_only%3Doff",
    "postgresql://u@127.0.0.1:{port}/db?options=--search_path%3Devil",
    "postgresql://u@127.0.0.1:{port}/db?krbsrvname=x",
    "postgresql://u@127.0.0.1:{port}/db?requirepeer=root",
    "postgresql://u@127.0.0.1:{port}/db?replication=database",
    "postgresql://u@127.0.0.1:{port}/db?user=postgres",
    "postgresql://u@127.0.0.1:{port}/db?dbname=postgres",
    "postgresql://u@127.0.0.1:{port}/db?password=x",
    "postgresql://u@127.0.0.1:{port}/db?ho%73t=/tmp",
    "postgresql://u@127.0.0.1:{port}/db?HOST=/tmp",
    "postgresql://u@127.0.0.1:{port}/db?sslmode=disable&sslmode=require",
    "postgresql://u@127.0.0.1:{port}/db?sslmode=require&host=10.0.0.1",
    "mysql://u@127.0.0.1:{port}/db?init_command=DROP%20TABLE%20x",
    "mysql://u@127.0.0.1:{port}/db?unix_socket=/var/run/mysqld/mysqld.sock",
    "mysql://u@127.0.0.1:{port}/db?read_default_file=/etc/mysql/my.cnf",
    "mysql://u@127.0.0.1:{port}/db?read_default_group=client",
    "mysql://u@127.0.0.1:{port}/db?local_infile=1",
    "mysql://u@127.0.0.1:{port}/db?ssl_ca=/etc/passwd",
    "mysql://u@127.0.0.1:{port}/db?ssl_key=/etc/passwd",
    "mysql://u@127.0.0.1:{port}/db?host=10.0.0.1",
    "mysql://u@127.0.0.1:{port}/db?port=22",
    "mysql://u@127.0.0.1:{port}/db?bind_address=0.0.0.0",
    "mysql://u@127.0.0.1:{port}/db?auth_plugin_map=x",
    "sqlalchemy+postgresql+psycopg://u@127.0.0.1:{port}/db?host=/tmp",
    "sqlalchemy+postgresql+psycopg://u@127.0.0.1:{port}/db?options=-c%20x%3Dy",
    "sqlalchemy+postgresql+psycopg://u@127.0.0.1:{port}/db?passfile=/root/.pgpass",
    "sqlalchemy+mysql+pymysql://u@127.0.0.1:{port}/db?init_command=x",
    "sqlalchemy+mysql+pymysql://u@127.0.0.1:{port}/db?unix_socket=/tmp/s",
]


def _refused(url: str) -> ConnectorError:
    with pytest.raises(ConnectorError) as error:
        connections.test_connection(url, "pw")
    return error.value


def test_the_corpus_is_large_enough():
    assert len(LOOPBACK + PRIVATE + METADATA + NOT_A_HOST) >= 50 and len(OPTIONS) >= 30


@pytest.mark.parametrize("host", LOOPBACK + PRIVATE)
@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
def test_addresses_not_in_the_allowlist_are_refused(settings, listener, host, engine):
    settings.SOURCE_ALLOWED_HOSTS = ["db.example.com", "203.0.113.0/24"]
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    error = _refused(f"{engine}://u@{host}:{listener.port}/db")
    assert error.code in ("blocked", "invalid_url"), error.message
    assert listener.connections == 0


@pytest.mark.parametrize("host", METADATA)
def test_metadata_and_any_addresses_are_refused_whatever_the_allowlist(settings, listener, host):
    settings.SOURCE_ALLOWED_HOSTS = ["*"]
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    error = _refused(f"postgresql://u@{host}:{listener.port}/db")
    assert error.code in ("blocked", "invalid_url"), error.message
    assert listener.connections == 0


@pytest.mark.parametrize("url", NOT_A_HOST)
def test_files_sockets_and_other_schemes_are_refused(settings, listener, tmp_path, url):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    error = _refused(url.format(port=listener.port))
    assert error.code in ("blocked", "invalid_url"), error.message
    assert listener.connections == 0


@pytest.mark.parametrize("url", OPTIONS)
def test_dsn_option_injections_are_refused(settings, listener, url):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    error = _refused(url.format(port=listener.port))
    assert error.code in ("blocked", "invalid_url"), error.message
    assert listener.connections == 0


@pytest.mark.parametrize("url", [OPTIONS[0], OPTIONS[24], "postgresql://u@0x7f000001:{port}/db"])
def test_the_api_and_the_source_form_refuse_them_too(settings, listener, admin_client_, url):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"] if "0x7f" not in url else ["db.example.com"]
    settings.SOURCE_ALLOWED_PORTS = ["*"]
    url = url.format(port=listener.port)
    api = admin_client_.post("/api/sources/test-connection/", {"url": url}, content_type="application/json")
    saved = admin_client_.post("/api/sources/", {"name": "S", "url": url}, content_type="application/json")
    page = admin_client_.post("/sources/add/", {"name": "S", "url": url, "sample_rows": "100", "test": "1"})
    assert api.status_code == saved.status_code == 400 and page.status_code == 200
    assert listener.connections == 0


def test_the_listener_counts_connections(listener):
    """The proof above holds only if the listener sees a connection when one is made."""
    before = listener.connections
    socket.create_connection(("127.0.0.1", listener.port)).close()
    for _ in range(100):
        if listener.connections > before:
            break
        threading.Event().wait(0.01)
    assert listener.connections == before + 1
    listener.connections = before  # later tests in this module count from zero again

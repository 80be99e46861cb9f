import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int


def test_it_reads_a_postgres_url():
    config = database_from_url("postgres://cat:s%40cret@db.internal:6432/catalog?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "cat",
        "s@cret",
        "db.internal",
        "6432",
    )
    assert config["NAME"] == "catalog"
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_it_reads_a_sqlite_url():
    assert database_from_url("sqlite:////tmp/catalog.db")["NAME"] == "/tmp/catalog.db"


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://host", "nonsense"])
def test_it_names_the_variable_when_the_url_is_wrong(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_it_names_the_variable_of_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_it_names_the_variable_of_a_bad_number(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)

"""The command line: add_source, crawl (queued or --wait), sources."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.models import CrawlRun, DataSource, Table

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    path = tmp_path / "shop.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL)")
    return path


def _call(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_registers_then_updates_a_source(shop):
    assert "Registered source 'Shop' (SQLite)" in _call(
        "add_source", "Shop", f"sqlite:///{shop}", "--no-samples"
    )
    assert DataSource.objects.get(name="Shop").sample_enabled is False
    assert "Updated source 'Shop'" in _call("add_source", "Shop", f"sqlite:///{shop}", "--include", "main")
    source = DataSource.objects.get(name="Shop")
    assert source.include_schemas == ["main"]
    assert source.sample_enabled is True


def test_it_refuses_a_url_it_may_not_reach():
    with pytest.raises(CommandError, match="169.254.169.254"):
        _call("add_source", "Metadata", "postgresql://u@169.254.169.254/db")


def test_crawl_wait_prints_progress_and_the_outcome(shop):
    _call("add_source", "Shop", f"sqlite:///{shop}")
    output = _call("crawl", "Shop", "--wait")
    assert "100% done" in output
    assert "succeeded" in output
    assert Table.objects.filter(name="orders").exists()


def test_crawl_wait_fails_with_a_non_zero_exit_when_the_crawl_fails(settings):
    settings.SOURCE_ALLOWED_HOSTS = ["127.0.0.1"]
    _call("add_source", "Down", "postgresql://reader@127.0.0.1:1/warehouse")
    with pytest.raises(CommandError, match="failed: Could not reach"):
        _call("crawl", "Down", "--wait")
    assert CrawlRun.objects.get().status == CrawlRun.Status.FAILED


def test_crawl_of_an_unknown_source_says_so():
    with pytest.raises(CommandError, match="No source named 'Nope'"):
        _call("crawl", "Nope")


def test_sources_lists_each_source_and_its_last_crawl(shop):
    _call("add_source", "Shop", f"sqlite:///{shop}")
    _call("crawl", "Shop", "--wait")
    output = _call("sources")
    assert "Shop" in output and "succeeded" in output

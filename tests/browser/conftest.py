"""Browser tests drive Debian's Chromium through Playwright against a live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# live_server runs the app in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def log_in(page, live_server):
    def _log_in(username, password="correct horse battery staple"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

    return _log_in


@pytest.fixture
def demo(tmp_path, settings):
    """The demo catalog `make demo` builds, for this test; returns ipps.summ_top_drg (the seed's page)."""
    import io

    from django.core.management import call_command

    from catalog.models import Table

    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    call_command("setup_demo", stdout=io.StringIO())
    return Table.objects.get(schema__name="ipps", name="summ_top_drg")


def save_screenshot(page, name: str) -> None:
    """Refresh docs/screenshots/<name>. Taken beside it and renamed over it: CI runs the suite on
    both databases at once, and two runs writing the same file would leave a mix of two pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    part = SCREENSHOTS / f".{name}.{os.getpid()}.part"
    page.screenshot(path=part, type="png")
    os.replace(part, SCREENSHOTS / name)

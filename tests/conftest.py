from pathlib import Path

import pytest
from django.conf import settings

from catalog.roles import ADMIN, CONTRIBUTOR, STEWARD, VIEWER
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Drop the journal files a killed run left beside the SQLite test database: SQLite would
    otherwise replay a stale write-ahead log into the new file ("disk I/O error")."""
    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and test_name:
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{test_name}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs about a second per user; tests check logins, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: login failures of one test must not lock the next
    test's logins (all come from 127.0.0.1), nor rendered Markdown carry over."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def port_one_is_the_closed_port(settings):
    """Tests name 127.0.0.1:1 as a database that does not answer; allow that one port beside each
    engine's usual ones. tests/security/test_port_scanning.py checks the defaults without it."""
    settings.SOURCE_ALLOWED_PORTS = ["1"]


@pytest.fixture
def tasks_in_process():
    """Run Celery tasks in this process, as the embedded default does, whatever broker the run uses."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def viewer(db):
    return UserFactory(username="vera.viewer", role=VIEWER)


@pytest.fixture
def contributor(db):
    return UserFactory(username="carl.contributor", role=CONTRIBUTOR)


@pytest.fixture
def steward(db):
    return UserFactory(username="stella.steward", role=STEWARD)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada.admin", role=ADMIN)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward)
    return client

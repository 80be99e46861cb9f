import pytest

from catalog.roles import ADMIN, CONTRIBUTOR, STEWARD, VIEWER
from tests.factories import UserFactory


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
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client

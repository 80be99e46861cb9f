"""docs/permissions.md shows the role table the code defines: generated, and kept so by this test."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from catalog.roles import permission_matrix_markdown, role_permissions

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
BLOCK = re.compile(r"<!-- permissions-matrix:.*?-->\n(.*?)<!-- end permissions-matrix -->", re.S)


@pytest.mark.django_db
def test_the_permissions_page_shows_the_table_the_code_defines():
    documented = BLOCK.search(DOC.read_text()).group(1)
    assert documented == permission_matrix_markdown(), "run: manage.py permissions_matrix, paste into docs"


@pytest.mark.django_db
def test_every_permission_given_to_a_role_exists():
    existing = {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    wanted = {name for names in role_permissions().values() for name in names}
    assert wanted - existing == set()

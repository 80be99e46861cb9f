"""The OpenAPI schema documents the catalog API without generator warnings."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_generates_the_openapi_schema_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = target.read_text()
    for path in (
        "/api/sources/{slug}/crawl/",
        "/api/sources/test-connection/",
        "/api/crawl-runs/{id}/",
        "/api/schemas/",
        "/api/tables/{id}/samples/",
        "/api/tables/{id}/changes/",
        "/api/columns/{id}/",
    ):
        assert f"{path}:" in schema
    assert "password:\n          type: string\n          writeOnly: true" in schema

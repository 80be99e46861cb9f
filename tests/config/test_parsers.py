"""Every API request body goes through parsers that bound size and depth: a JSON 400 or 413."""

import pytest

from config.parsers import MAX_JSON_DEPTH, json_depth

pytestmark = pytest.mark.django_db


def test_a_100000_deep_json_body_is_a_json_400(contributor_client):
    body = '{"a": ' * 100_000 + "1" + "}" * 100_000
    response = contributor_client.post("/api/lineage/parse/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("JSON nested deeper")


def test_brackets_inside_strings_do_not_count_and_moderate_depth_is_fine(contributor_client):
    assert json_depth(b'{"sql": "[[[[{{{{\\"[[["}') == 1
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = contributor_client.post(
        "/api/lineage/parse/", '{"sql": "select 1", "x": ' + nested + "}", content_type="application/json"
    )
    assert response.status_code == 201


def test_a_body_over_the_upload_limit_is_refused_before_parsing(contributor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"sql": "' + "x" * 2000 + '"}'
    response = contributor_client.post("/api/lineage/parse/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    form = contributor_client.post("/api/lineage/parse/", {"sql": "x" * 2000})
    assert form.status_code == 413


def test_malformed_json_is_a_json_400(contributor_client):
    response = contributor_client.post("/api/lineage/parse/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"

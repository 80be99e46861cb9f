"""API fuzzing from the OpenAPI schema: every operation, as every role, with generated path,
query and body values — well-typed ones, wrong types, hostile strings. No answer may be a 5xx,
every answer is JSON, and a 2xx body matches the schema the API documents.

Hypothesis draws the values with a fixed seed (derandomize), so a run is repeatable and CI sees
the same requests each time. The schema is read from the running code (drf-spectacular), so a
route added later is fuzzed from its first day. `FUZZ_EXAMPLES` raises the examples per operation
and role for a deeper local run.
"""

import json
import os
from urllib.parse import quote

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ROLES = ("anonymous", "viewer", "contributor", "steward", "admin")
METHODS = ("get", "post", "put", "patch", "delete")

HOSTILE = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "' OR 1=1 --",
        '"; DROP TABLE catalog_table; --',
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "../../../../etc/passwd",
        "%00",
        "%2e%2e%2f",
        "\u202e\u0661\u0662",
        "NaN",
        "-1",
        "0",
        "99999999999999999999999",
        "1e309",
        "true",
        "null",
        "[]",
        "{}",
        "x" * 5000,
        "postgresql://u:p@169.254.169.254:5432/db",
        "file:///etc/passwd",
        "[[ghost.table]] @nobody",
    ]
)
TEXT = st.text(max_size=30) | HOSTILE
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def _schema():
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


SCHEMA = None


def _spec():
    global SCHEMA
    if SCHEMA is None:
        SCHEMA = _schema()
    return SCHEMA


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = _spec()["components"]["schemas"][name]
    return node


def _values(node: dict, depth: int = 0):
    """A strategy for values of an OpenAPI schema node, mixed with values of the wrong type."""
    node = _resolve(node or {})
    wrong = ANY_JSON if depth < 2 else TEXT
    if "enum" in node:
        return st.sampled_from([v for v in node["enum"] if v is not None] or [""]) | wrong
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in node:
            return st.one_of([_values(part, depth) for part in node[combinator]]) | wrong
    kind = node.get("type")
    if kind == "integer":
        return st.integers(min_value=-(2**63), max_value=2**63) | wrong
    if kind == "number":
        return st.floats(allow_nan=False) | wrong
    if kind == "boolean":
        return st.booleans() | wrong
    if kind == "string":
        return TEXT
    if kind == "array":
        return st.lists(_values(node.get("items", {}), depth + 1), max_size=4) | wrong
    if kind == "object" or "properties" in node:
        properties = {
            name: _values(sub, depth + 1) for name, sub in node.get("properties", {}).items() if depth < 3
        }
        required = {name: s for name, s in properties.items() if name in node.get("required", [])}
        optional = {name: s for name, s in properties.items() if name not in required}
        return st.fixed_dictionaries(required, optional=optional) | wrong
    return wrong


def _operations():
    found = []
    for path, item in _spec()["paths"].items():
        for method in METHODS:
            if method in item:
                found.append(pytest.param(path, method, id=f"{method.upper()} {path}"))
    return found


def _path_value(name: str, world: dict):
    """Path parameters: mostly objects that exist (so the operation runs), sometimes not."""
    known = {
        "id": [world["table"], world["column"], world["schema"], world["conversation"], world["post"]]
        + [world["article"], world["saved"], world["shape"], world["pii"], world["run"], world["term"]],
        "asset_id": [world["table"], world["column"], world["schema"]],
        "kind": ["table", "column", "schema", "source"],
        "slug": [world["slug"]],
        "username": [world["username"]],
    }.get(name, [])
    other = st.integers(min_value=-5, max_value=2**40).map(str) | TEXT.filter(
        lambda s: s not in ("", ".", "..")
    )
    return (st.sampled_from(known) | other) if known else other


def _request(data, path: str, method: str, operation: dict, world: dict):
    url = path
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            value = str(data.draw(_path_value(parameter["name"], world), label=parameter["name"]))
            url = url.replace("{" + parameter["name"] + "}", quote(value, safe="") or "x")
        elif parameter["in"] == "query" and data.draw(st.booleans()):
            value = data.draw(_values(parameter.get("schema", {})), label=parameter["name"])
            query[parameter["name"]] = [str(v) for v in value] if isinstance(value, list) else str(value)
    body = None
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = data.draw(_values(content["application/json"].get("schema", {})), label="body")
    return url, query, body


def _matches_schema(response, operation: dict) -> None:
    declared = operation.get("responses", {}).get(str(response.status_code), {})
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if not schema:
        return
    document = {**_nullable(schema), "components": {"schemas": _nullable(_spec()["components"]["schemas"])}}
    jsonschema.validate(response.json(), document)


def _nullable(node):
    """OpenAPI 3.0's `nullable: true` in JSON Schema terms."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        elif "enum" in node:
            node["enum"] = [*node["enum"], None]
        elif "$ref" in node or "allOf" in node:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _send(client, method: str, url: str, query: dict, body):
    if method == "get":
        return client.get(url, query)
    query_string = "&".join(f"{quote(key)}={quote(str(value))}" for key, value in query.items())
    return client.generic(
        method.upper(),
        f"{url}?{query_string}" if query_string else url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
    )


def _check(response, operation: dict, where: str) -> None:
    assert response.status_code < 500, where
    if response.status_code == 204:
        return
    assert response["Content-Type"].startswith("application/json"), where
    if 200 <= response.status_code < 300:
        try:
            _matches_schema(response, operation)
        except jsonschema.ValidationError as error:
            raise AssertionError(f"{where}: the body does not match the schema: {error.message}") from None


def _fuzz(client, role: str, path: str, method: str, world: dict) -> None:
    operation = _spec()["paths"][path][method]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_request(data):
        url, query, body = _request(data, path, method, operation, world)
        response = _send(client, method, url, query, body)
        _check(response, operation, f"{role} {method.upper()} {url} {query!r} body={str(body)[:300]!r}")

    one_request()


@pytest.mark.parametrize(("path", "method"), _operations())
def test_every_operation_answers_json_and_never_5xx(path, method, clients, world):
    for role in ROLES:
        _fuzz(clients[role], role, path, method, world)

"""The API's errors match the schema its own OpenAPI document declares, for every operation;
405 answers say what is allowed; token answers are never stored by a cache."""

from __future__ import annotations

import re

import pytest

from network.extensions import db as _db
from network.members.services.tokens import create_api_token

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def conforms(value, schema: dict, spec: dict, where: str = "$") -> list[str]:
    """Where `value` breaks the OpenAPI 3.0 schema (the parts our documents use)."""
    schema = _resolve(schema, spec)
    if value is None:
        return [] if schema.get("nullable") or not schema else [f"{where}: null not allowed"]
    kind = schema.get("type")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool,
              "integer": int, "number": (int, float)}
    if kind in checks and (not isinstance(value, checks[kind]) or (
            kind in ("integer", "number") and isinstance(value, bool))):
        return [f"{where}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not one of {schema['enum']}"]
    problems = []
    if kind == "object":
        properties = schema.get("properties", {})
        problems += [f"{where}: missing {name}" for name in schema.get("required", [])
                     if name not in value]
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                problems += conforms(item, properties[name], spec, f"{where}.{name}")
            elif extra is False:
                problems.append(f"{where}: {name} is not declared")
            elif isinstance(extra, dict):
                problems += conforms(item, extra, spec, f"{where}.{name}")
    if kind == "array":
        for n, item in enumerate(value):
            problems += conforms(item, schema.get("items", {}), spec, f"{where}[{n}]")
    return problems


def _declared(operation: dict, status: int, spec: dict) -> dict | None:
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get("default")
    if response is None:
        return None
    return _resolve(response, spec)["content"]["application/json"]["schema"]


@pytest.fixture
def token_headers(db, people, office):
    _, raw = create_api_token(people["member_lead"], office, "crm")
    _db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _error_requests(path: str, method: str, operation: dict, token: dict):
    """(label, method, url, kwargs) of requests that must each answer an error."""
    missing = re.sub(r"\{[^}]+\}", "999999", path)
    body = {"json": {"no_such_field": "\x01"}} if "requestBody" in operation else {}
    yield "no credentials", method, missing, body
    yield "a bad token", method, missing, {"headers": {"Authorization": "Bearer ukmn_nope"},
                                           **body}
    if "{" in path:
        yield "an unknown object", method, missing, {"headers": token}
    if "requestBody" in operation:
        yield "an invalid body", method, missing, {"headers": token, **body}
        yield "a body that is not JSON", method, missing, {
            "headers": token, "data": "{", "content_type": "application/json"}
    if any(p["in"] == "query" for p in operation.get("parameters", [])):
        query = "&".join(f"{p['name']}=%E2%9C%97nonsense" for p in operation["parameters"]
                         if p["in"] == "query")
        yield "a bad query", method, f"{missing}?{query}", {"headers": token}
    yield "a control character in the query", method, f"{missing}?q=%00", {"headers": token}
    yield "a method it does not allow", "delete" if method != "delete" else "put", missing, {
        "headers": token}


def test_every_error_of_every_operation_matches_the_declared_schema(client, token_headers):
    spec = client.get("/api/v1/openapi.json").get_json()
    problems, checked = [], 0
    operations = list(_operations(spec))
    assert len(operations) >= 13
    for path, method, operation in operations:
        for label, verb, url, kwargs in _error_requests(path, method, operation, token_headers):
            response = getattr(client, verb)(url, **kwargs)
            where = f"{verb.upper()} {url} ({label}) -> {response.status_code}"
            if response.status_code < 400 or response.status_code >= 500:
                problems.append(f"{where}: expected a 4xx")
                continue
            schema = _declared(operation, response.status_code, spec)
            if schema is None:
                problems.append(f"{where}: no response declared")
                continue
            if response.mimetype != "application/json":
                problems.append(f"{where}: {response.mimetype}")
                continue
            problems += [f"{where}: {p}" for p in conforms(response.get_json(), schema, spec)]
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 5 * len(operations)


def test_the_declared_envelope_is_the_one_sent(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    envelope = _resolve(spec["components"]["responses"]["DEFAULT_ERROR"], spec)
    schema = _resolve(envelope["content"]["application/json"]["schema"], spec)
    assert schema["required"] == ["error"]
    body = _resolve(schema["properties"]["error"], spec)
    assert set(body["required"]) == {"status", "code", "message"}
    assert body["properties"]["status"]["type"] == "integer"
    assert "not_found" in body["properties"]["code"]["enum"]


@pytest.mark.parametrize("method, url, allowed", [
    ("get", "/sign-out", {"POST"}),
    ("post", "/meetings/", {"GET", "HEAD"}),
    ("delete", "/api/v1/me", {"GET", "HEAD"}),
    ("put", "/api/v1/actions/1", {"PATCH"}),
])
def test_405_answers_say_which_methods_are_allowed(clients, method, url, allowed):
    response = getattr(clients["member_lead"], method)(url)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers.get("Allow", "").split(",")}
    if url.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_token_answers_are_never_stored(client, clients, token_headers):
    for response in (client.get("/api/v1/me", headers=token_headers),
                     client.get("/api/v1/offices", headers=token_headers),
                     clients["member_lead"].get("/api/v1/me"),
                     client.get("/api/v1/me")):
        assert "no-store" in response.headers.get("Cache-Control", ""), response.status_code

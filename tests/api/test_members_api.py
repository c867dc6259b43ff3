"""/api/v1 for member offices: the OpenAPI document, tokens made by office leads (shown once,
stored hashed), reads with a token, and the JSON error envelope on every refusal."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from sqlalchemy import select

from network.audit import AuditEntry
from network.members.models import ApiToken, OfficeStatus
from tests.factories import OfficeFactory, PersonFactory


def _assert_envelope(response, status: int, code: str):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["status"] == status and error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def raw_token(clients, office):
    """A token made the way an office lead makes one: through /my-office/api-tokens/new."""
    lead = clients["member_lead"]
    assert lead.get("/my-office/api-tokens/new").status_code == 200
    page = lead.post("/my-office/api-tokens/new", data={"name": "Office CRM"})
    assert page.status_code == 200
    match = re.search(rb'id="api-token">(ukmn_[A-Za-z0-9_\-]+)<', page.data)
    assert match, "the raw token is shown on the page"
    return match.group(1).decode()


def test_openapi_document_lists_the_member_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.data)
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/offices", "/api/v1/offices/{slug}", "/api/v1/me"):
        assert path in spec["paths"], path
        assert "get" in spec["paths"][path]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    params = {p["name"] for p in spec["paths"]["/api/v1/offices"]["get"].get("parameters", [])}
    assert "status" in params


def test_the_token_is_shown_once_and_stored_only_as_a_hash(db, clients, raw_token, office):
    token = db.session.scalar(select(ApiToken))
    assert token.office_id == office.id and token.name == "Office CRM"
    assert token.token_hash == hashlib.sha256(raw_token.encode()).hexdigest()
    assert raw_token.startswith(token.prefix) and len(token.prefix) < len(raw_token) // 2
    stored = [str(v) for v in (token.name, token.prefix, token.token_hash)]
    for entry in db.session.scalars(select(AuditEntry)):
        stored += [json.dumps(entry.before), json.dumps(entry.after), entry.object_label]
    assert not any(raw_token in value for value in stored), "the raw token is stored somewhere"
    overview = clients["member_lead"].get("/my-office/")
    assert overview.status_code == 200
    assert token.prefix.encode() in overview.data and raw_token.encode() not in overview.data


@pytest.mark.cast(offices=1)  # the office counts below are the cast's only one
def test_a_token_reads_offices_and_me(app, db, raw_token, office):
    OfficeFactory(name="Left Authority", slug="left-authority", status=OfficeStatus.LEFT)
    db.session.commit()
    api = app.test_client()  # no cookie: the token alone
    listing = api.get("/api/v1/offices", headers=_bearer(raw_token))
    assert listing.status_code == 200
    assert {o["slug"] for o in listing.get_json()} == {office.slug, "left-authority"}
    left = api.get("/api/v1/offices?status=left", headers=_bearer(raw_token))
    assert [o["slug"] for o in left.get_json()] == ["left-authority"]
    detail = api.get(f"/api/v1/offices/{office.slug}", headers=_bearer(raw_token))
    assert detail.status_code == 200 and detail.get_json()["name"] == office.name
    me = api.get("/api/v1/me", headers=_bearer(raw_token))
    assert me.status_code == 200
    body = me.get_json()
    assert body["kind"] == "token" and body["token_name"] == "Office CRM"
    assert body["office"]["slug"] == office.slug and body["person"] is None
    assert body["role"] == "member_staff", "a token has a staff member's reach, not a lead's"


def test_a_revoked_token_is_refused_with_the_envelope(app, db, clients, raw_token):
    token = db.session.scalar(select(ApiToken))
    api = app.test_client()
    assert api.get("/api/v1/me", headers=_bearer(raw_token)).status_code == 200
    assert clients["member_lead"].post(f"/my-office/api-tokens/{token.id}/revoke"
                                       ).status_code == 302
    response = api.get("/api/v1/offices", headers=_bearer(raw_token))
    _assert_envelope(response, 401, "unauthorised")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_creator_takes_the_token_with_them(app, db, clients, raw_token, people):
    assert clients["secretariat_admin"].post(
        f"/people/{people['member_lead'].id}/deactivate").status_code == 302
    _assert_envelope(app.test_client().get("/api/v1/me", headers=_bearer(raw_token)),
                     401, "unauthorised")


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer"}, {"Authorization": "Bearer ukmn_not-a-real-token"},
    {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer not-even-the-prefix"},
])
def test_no_or_bad_token_is_refused_with_the_envelope(client, headers):
    for path in ("/api/v1/offices", "/api/v1/me", "/api/v1/offices/anything"):
        _assert_envelope(client.get(path, headers=headers), 401, "unauthorised")


def test_a_bad_query_is_a_422_envelope(app, raw_token):
    response = app.test_client().get("/api/v1/offices?status=bogus", headers=_bearer(raw_token))
    error = _assert_envelope(response, 422, "invalid")
    assert "status" in json.dumps(error.get("details", {})), "say which parameter is wrong"


def test_an_unknown_office_is_a_404_envelope(app, raw_token):
    response = app.test_client().get("/api/v1/offices/no-such-office",
                                     headers=_bearer(raw_token))
    _assert_envelope(response, 404, "not_found")


def test_an_observers_session_is_refused_with_a_403_envelope(clients, office):
    observer = clients["observer"]
    _assert_envelope(observer.get("/api/v1/offices"), 403, "forbidden")
    _assert_envelope(observer.get(f"/api/v1/offices/{office.slug}"), 403, "forbidden")
    me = observer.get("/api/v1/me")
    assert me.status_code == 200 and me.get_json()["role"] == "observer"


def test_a_member_session_reads_offices_with_people(clients, db, office, people):
    PersonFactory(role="member_staff", office=office, is_active=False, name="Gone Person")
    db.session.commit()
    response = clients["member_staff"].get(f"/api/v1/offices/{office.slug}")
    assert response.status_code == 200
    names = {p["name"] for p in response.get_json()["people"]}
    assert people["member_lead"].name in names and "Gone Person" not in names
    assert all(set(p) == {"id", "name", "job_title", "role"} for p in
               response.get_json()["people"]), "no emails or secrets leak through the API"

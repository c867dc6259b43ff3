"""API tokens act for their office only within their creator's current rights (issue 8 item 5):
demoted below office lead, moved to another office or deactivated, the creator takes the
office's tokens with them: revoked at the change (audited), and checked again at each use for
changes made by any other path. /api/v1/me never names the old office."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from network.audit import AuditEntry
from network.members.models import ApiToken, Person, Role
from network.members.services import tokens
from tests.factories import OfficeFactory

CHANGES = {
    "demoted to observer": ("observer", None),
    "demoted to staff": ("member_staff", "same"),
    "moved office": ("member_lead", "other"),
    "deactivated": (None, None),
}


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def _assert_refused(response, status: int = 401):
    assert response.status_code == status, response.data
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == status and error["message"]


@pytest.fixture
def made(app, db, people, office):
    """A live token made by the office lead, and another office to move them to."""
    with app.test_request_context():
        token, raw = tokens.create_api_token(people["member_lead"], office, "Office CRM")
    other = OfficeFactory(name="Elsewhere Authority", slug="elsewhere")
    db.session.commit()
    api = app.test_client()
    me = api.get("/api/v1/me", headers=_bearer(raw))
    assert me.status_code == 200 and me.get_json()["office"]["slug"] == office.slug
    return {"token": token, "raw": raw, "other": other, "api": api}


def _change_through_the_pages(admin, lead: Person, change: str, office, other) -> None:
    role, where = CHANGES[change]
    if role is None:
        response = admin.post(f"/people/{lead.id}/deactivate")
    else:
        target = {None: "", "same": str(office.id), "other": str(other.id)}[where]
        response = admin.post(f"/people/{lead.id}/role", data={"role": role, "office": target})
    assert response.status_code == 302, response.data


@pytest.mark.parametrize("change", CHANGES)
def test_the_change_revokes_the_creators_tokens_and_is_audited(db, clients, people, office,
                                                                made, change):
    lead = people["member_lead"]
    _change_through_the_pages(clients["secretariat_admin"], lead, change, office, made["other"])
    for path in ("/api/v1/me", "/api/v1/offices", f"/api/v1/offices/{office.slug}"):
        _assert_refused(made["api"].get(path, headers=_bearer(made["raw"])))
    db.session.expire_all()
    token = db.session.get(ApiToken, made["token"].id)
    assert token.revoked_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_token.revoked"))
    assert entry is not None and entry.object_id == str(token.id)
    assert entry.actor_id == people["secretariat_admin"].id
    assert entry.after["reason"] in ("creator_role_changed", "creator_deactivated")


@pytest.mark.parametrize("change", CHANGES)
def test_each_use_checks_the_creators_standing_whatever_changed_it(db, people, office, made,
                                                                   change):
    """A change made around the services (a script, the database) still stops the token."""
    role, where = CHANGES[change]
    values = {"is_active": False} if role is None else {
        "role": Role(role), "office_id": {None: None, "same": office.id,
                                          "other": made["other"].id}[where]}
    db.session.execute(update(Person).where(Person.id == people["member_lead"].id)
                       .values(**values))
    db.session.commit()
    me = made["api"].get("/api/v1/me", headers=_bearer(made["raw"]))
    _assert_refused(me)
    assert office.slug.encode() not in me.data and made["other"].slug.encode() not in me.data
    db.session.expire_all()
    assert db.session.get(ApiToken, made["token"].id).revoked_at is None, "suspended, not revoked"


def test_a_change_that_keeps_the_lead_in_place_keeps_the_token(db, clients, people, office,
                                                               made):
    lead = people["member_lead"]
    admin = clients["secretariat_admin"]
    assert admin.post(f"/people/{lead.id}/role", data={
        "role": "member_lead", "office": str(office.id)}).status_code == 302
    assert admin.post(f"/people/{people['member_staff'].id}/deactivate").status_code == 302
    me = made["api"].get("/api/v1/me", headers=_bearer(made["raw"]))
    assert me.status_code == 200 and me.get_json()["office"]["slug"] == office.slug


def test_reinstating_the_creator_does_not_bring_a_revoked_token_back(db, clients, people,
                                                                     office, made):
    lead = people["member_lead"]
    admin = clients["secretariat_admin"]
    assert admin.post(f"/people/{lead.id}/role", data={
        "role": "member_staff", "office": str(office.id)}).status_code == 302
    assert admin.post(f"/people/{lead.id}/role", data={
        "role": "member_lead", "office": str(office.id)}).status_code == 302
    _assert_refused(made["api"].get("/api/v1/me", headers=_bearer(made["raw"])))

"""/api/v1/actions: the office lists its actions and updates them with its token only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from network.members.services.tokens import create_api_token
from network.time import today
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.actions.services import create_action
from tests.conftest import sign_in_client


def _headers(db, cast, key="a"):
    _, raw = create_api_token(cast[f"lead_{key}"], cast[f"office_{key}"], "crm")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _action(cast, key, days=10, **extra):
    return create_action(cast["officer"], {
        "description": f"Figures from {key}", "owner_office_id": cast[f"office_{key}"].id,
        "due_on": today() + timedelta(days=days), **extra})


def _updates(db):
    return db.session.scalar(select(func.count()).select_from(ActionUpdate))


def test_the_office_lists_and_updates_its_own_actions(client, db, cast):
    ours, theirs = _action(cast, "a"), _action(cast, "b")
    late = _action(cast, "a", days=0)
    late.due_on = today() - timedelta(days=2)
    db.session.commit()
    headers = _headers(db, cast)
    listed = client.get("/api/v1/actions", headers=headers).get_json()
    assert [a["id"] for a in listed] == [late.id, ours.id]
    assert listed[1]["owner_office"] == cast["office_a"].name and listed[1]["status"] == "open"
    overdue = client.get("/api/v1/actions?overdue=true", headers=headers).get_json()
    assert [a["id"] for a in overdue] == [late.id]
    done = client.patch(f"/api/v1/actions/{ours.id}", headers=headers,
                        json={"status": "done", "note": "Sent on Friday"})
    assert done.status_code == 200 and done.get_json()["status"] == "done"
    db.session.expire_all()
    update = db.session.scalar(select(ActionUpdate))
    assert (update.person_id, update.note) == (cast["lead_a"].id, "Sent on Friday")
    assert db.session.get(Action, ours.id).status == ActionStatus.DONE
    assert [a["id"] for a in client.get("/api/v1/actions?status=done",
                                        headers=headers).get_json()] == [ours.id]
    # another office's action: seen (no meeting hides it) but not theirs to change
    refused = client.patch(f"/api/v1/actions/{theirs.id}", headers=headers,
                           json={"status": "done"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert db.session.get(Action, theirs.id).status == ActionStatus.OPEN and _updates(db) == 1


def test_bad_updates_are_refused_with_the_envelope(client, db, cast):
    ours = _action(cast, "a")
    private, _ = cast.held_meeting(title="Only B", offices=[cast["office_b"]])
    hidden = _action(cast, "b", meeting_id=private.id)
    db.session.commit()
    headers = _headers(db, cast)
    for body in ({"status": "finished"}, {"note": "x" * 5001}, {"status": 3}):
        response = client.patch(f"/api/v1/actions/{ours.id}", headers=headers, json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "invalid"
    nothing = client.patch(f"/api/v1/actions/{ours.id}", headers=headers, json={})
    assert nothing.status_code == 422 and "note" in nothing.get_json()["error"]["message"]
    assert client.patch(f"/api/v1/actions/{hidden.id}", headers=headers,
                        json={"status": "done"}).status_code == 404
    assert client.patch("/api/v1/actions/999999", headers=headers,
                        json={"status": "done"}).status_code == 404
    assert client.patch(f"/api/v1/actions/{ours.id}", json={"status": "done"}).status_code == 401
    assert client.get("/api/v1/actions?status=finished", headers=headers).status_code == 422
    assert _updates(db) == 0
    db.session.expire_all()
    assert {a.status for a in db.session.scalars(select(Action))} == {ActionStatus.OPEN}


def test_sessions_read_only_and_the_secretariat_sees_all(app, db, cast):
    ours, theirs = _action(cast, "a"), _action(cast, "b")
    db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    assert {a["id"] for a in officer.get("/api/v1/actions").get_json()} == {ours.id, theirs.id}
    staff = sign_in_client(app, cast["staff_a"])
    assert [a["id"] for a in staff.get("/api/v1/actions").get_json()] == [ours.id]
    assert staff.patch(f"/api/v1/actions/{ours.id}", json={"status": "done"}).status_code == 401
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/api/v1/actions").status_code == 403
    assert app.test_client().get("/api/v1/actions").status_code == 401


def test_actions_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/api/v1/actions"] and "patch" in paths["/api/v1/actions/{action_id}"]

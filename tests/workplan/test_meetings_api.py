"""/api/v1/meetings: read what the office may see; submit and withdraw the office's items."""

from __future__ import annotations

from sqlalchemy import func, select

from network.members.services.tokens import create_api_token
from network.workplan.items.models import AgendaItem, ItemStatus
from tests.conftest import sign_in_client

ITEM = {"title": "Bus franchising update", "purpose": "for_information",
        "summary": "Where each authority stands.", "minutes_requested": 10}


def _headers(db, cast, key="a"):
    _, raw = create_api_token(cast[f"lead_{key}"], cast[f"office_{key}"], "crm")
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_list_read_submit_and_withdraw(client, db, cast):
    meeting = cast.meeting(30)
    headers = _headers(db, cast)
    listed = client.get("/api/v1/meetings", headers=headers).get_json()
    assert [m["id"] for m in listed] == [meeting.id]
    detail = client.get(f"/api/v1/meetings/{meeting.id}", headers=headers).get_json()
    assert [row["title"] for row in detail["agenda"]][0] == "Welcome and apologies"
    created = client.post(f"/api/v1/meetings/{meeting.id}/items", json=ITEM, headers=headers)
    assert created.status_code == 201 and created.get_json()["status"] == "submitted"
    item = db.session.get(AgendaItem, created.get_json()["id"])
    assert item.office_id == cast["office_a"].id and item.submitted_by_id == cast["lead_a"].id
    other = _headers(db, cast, "b")
    assert client.post(f"/api/v1/meetings/{meeting.id}/items/{item.id}/withdraw",
                       headers=other).status_code == 404
    withdrawn = client.post(f"/api/v1/meetings/{meeting.id}/items/{item.id}/withdraw",
                            headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    again = client.post(f"/api/v1/meetings/{meeting.id}/items/{item.id}/withdraw",
                        headers=headers)
    assert again.status_code == 403


def test_bad_submissions_are_refused_with_the_envelope(client, db, cast):
    meeting = cast.meeting(30)
    late = cast.meeting(2, title="Too soon")
    headers = _headers(db, cast)
    url = f"/api/v1/meetings/{meeting.id}/items"
    for body in ({**ITEM, "title": ""}, {**ITEM, "purpose": "gossip"},
                 {**ITEM, "minutes_requested": 0}, {**ITEM, "minutes_requested": "10"},
                 {"title": "x"}):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "invalid"
    after = client.post(f"/api/v1/meetings/{late.id}/items", json=ITEM, headers=headers)
    assert after.status_code == 409 and "deadline" in after.get_json()["error"]["message"]
    assert client.post(url, json=ITEM).status_code == 401
    assert client.get("/api/v1/meetings/999", headers=headers).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.status == ItemStatus.SUBMITTED)) == 0


def test_observers_get_only_invited_meetings_without_confidential_items(app, db, cast):
    meeting = cast.meeting(30)
    officer = sign_in_client(app, cast["officer"])
    officer.post(f"/meetings/{meeting.id}/items/new", data={
        "title": "Secret pay talks", "purpose": "for_decision", "summary": "s",
        "minutes_requested": "5", "is_confidential": "y", "workstream": ""})
    observer = sign_in_client(app, cast["observer"])
    body = observer.get(f"/api/v1/meetings/{meeting.id}").get_json()
    assert "Secret pay talks" not in [row["title"] for row in body["agenda"]]
    outsider = sign_in_client(app, cast["outsider_observer"])
    assert outsider.get(f"/api/v1/meetings/{meeting.id}").status_code == 404
    assert outsider.get("/api/v1/meetings").get_json() == []

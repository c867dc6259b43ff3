"""The decisions register: numbering per year, never rewritten, search, filters, visibility."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.errors import Conflict, Forbidden, ValidationFailed
from network.governance.decisions.models import Decision
from network.governance.decisions.services import record_decision, supersede_decision
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import LONDON
from tests.queries import counting_queries


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_numbering_runs_per_calendar_year_of_the_meeting(db, cast):
    _, march = cast.held_meeting(datetime(2026, 3, 2, 10, tzinfo=LONDON), title="March")
    _, dec = cast.held_meeting(datetime(2026, 12, 31, 23, 30, tzinfo=LONDON), title="NYE")
    _, jan = cast.held_meeting(datetime(2027, 1, 11, 10, tzinfo=LONDON), title="January")
    officer = cast["officer"]
    first = record_decision(officer, march, "Agreed the joint letter")
    second = record_decision(officer, dec, "Agreed the budget")
    third = record_decision(officer, jan, "Agreed the workplan")
    db.session.commit()
    assert [first.reference, second.reference, third.reference] == [
        "UKMN/2026/001", "UKMN/2026/002", "UKMN/2027/001"]
    assert second.decided_on.isoformat() == "2026-12-31"  # the London day, not UTC's
    assert _count(db, AuditEntry, AuditEntry.action == "decision.recorded") == 3


def test_a_taken_number_is_retried_once(db, cast, monkeypatch):
    from network.governance.decisions import services as service

    _, item = cast.held_meeting(datetime(2026, 3, 2, 10, tzinfo=LONDON))
    record_decision(cast["officer"], item, "First")
    db.session.commit()
    real = service._next_sequence
    calls = []

    def stale(year):  # the first attempt reads a max another transaction has since used
        calls.append(year)
        return 1 if len(calls) == 1 else real(year)

    monkeypatch.setattr(service, "_next_sequence", stale)
    item = db.session.merge(item)
    second = record_decision(db.session.merge(cast["officer"]), item, "Second")
    db.session.commit()
    assert second.reference == "UKMN/2026/002" and len(calls) == 2


@pytest.mark.parametrize("who, status, text, error", [
    ("staff_a", MeetingStatus.HELD, "Agreed", Forbidden),
    ("officer", MeetingStatus.HELD, "   ", ValidationFailed),
    ("officer", MeetingStatus.AGENDA_PUBLISHED, "Agreed", Conflict),
    ("officer", MeetingStatus.CANCELLED, "Agreed", Conflict),
])
def test_bad_decisions_are_refused(db, cast, who, status, text, error):
    _, item = cast.held_meeting(status=status)
    with pytest.raises(error):
        record_decision(cast[who], item, text)
    db.session.rollback()
    assert _count(db, Decision) == 0


def test_superseding_keeps_the_old_decision_and_points_at_it(app, db, cast):
    _, item = cast.held_meeting(datetime(2026, 3, 2, 10, tzinfo=LONDON))
    old = record_decision(cast["officer"], item, "Agreed to write to the Treasury")
    db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    missing = officer.post(f"/decisions/{old.id}/supersede", data={"text": "x", "reason": ""})
    assert missing.status_code == 400 and b"Enter the reason" in missing.data
    done = officer.post(f"/decisions/{old.id}/supersede", data={
        "text": "Agreed to write to the Chancellor", "reason": "Wrong addressee minuted"})
    assert done.status_code == 302
    new = db.session.scalar(select(Decision).where(Decision.supersedes_id == old.id))
    assert new.reference == "UKMN/2026/002" and new.supersede_reason == "Wrong addressee minuted"
    db.session.expire_all()
    assert db.session.get(Decision, old.id).text == "Agreed to write to the Treasury"
    page = officer.get(f"/decisions/{old.id}")
    assert b"Replaced by" in page.data and b"UKMN/2026/002" in page.data
    assert b"Replace with a new decision" not in page.data
    with pytest.raises(Conflict):
        supersede_decision(cast["officer"], db.session.get(Decision, old.id), "Again", "r")
    register = officer.get("/decisions/")
    assert b"Replaced by UKMN/2026/002" in register.data


def test_secretariat_records_a_decision_through_the_page(app, db, cast, client_request):
    meeting, item = cast.held_meeting(title="Plenary")
    officer = sign_in_client(app, cast["officer"])
    form = client_request.get("decisions.new", item_id=item.id, _as="officer")
    assert item.title.encode() in form.data
    empty = client_request.post("decisions.new", item_id=item.id, _as="officer",
                                _data={"text": ""}, _expected_status=400)
    assert b"Enter the decision" in empty.data
    done = client_request.post("decisions.new", item_id=item.id, _as="officer",
                               _data={"text": "Agreed the **joint letter**", "workstream": ""})
    decision = db.session.scalar(select(Decision))
    assert decision.item_id == item.id and decision.meeting_id == meeting.id
    assert done.location == client_request.url("decisions.detail", decision_id=decision.id)
    page = client_request.get("decisions.detail", decision_id=decision.id, _as="officer")
    assert b"<strong>joint letter</strong>" in page.data
    assert f"/meetings/{meeting.id}".encode() in page.data
    assert f"/items/{item.id}".encode() in page.data
    upcoming = cast.meeting(30)
    standing = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == upcoming.id))
    refused = officer.post(f"/decisions/new?item_id={standing.id}", data={"text": "Too early"})
    assert refused.status_code == 400 and b"once the meeting has been held" in refused.data
    assert _count(db, Decision) == 1
    member = sign_in_client(app, cast["lead_a"])
    assert member.get(f"/decisions/new?item_id={item.id}").status_code == 403
    assert member.post(f"/decisions/new?item_id={item.id}",
                       data={"text": "Sneaky"}).status_code == 403
    assert _count(db, Decision) == 1


def test_register_search_and_filters(app, db, cast):
    growth = Workstream(name="Local growth", slug="local-growth")
    db.session.add(growth)
    db.session.commit()
    _, mayors = cast.held_meeting(datetime(2026, 3, 2, 10, tzinfo=LONDON), title="March")
    _, chiefs = cast.held_meeting(datetime(2026, 6, 8, 10, tzinfo=LONDON), title="June",
                             kind=MeetingKind.CHIEF_EXECS)
    record_decision(cast["officer"], mayors, "Agreed the skills devolution ask",
                    workstream_id=growth.id)
    record_decision(cast["officer"], chiefs, "Noted the 100% retention pilot")
    db.session.commit()
    member = sign_in_client(app, cast["staff_a"])

    def found(**query):
        response = member.get("/decisions/", query_string=query)
        assert response.status_code == 200, response.data
        return [ref for ref in ("UKMN/2026/001", "UKMN/2026/002")
                if ref.encode() in response.data]

    assert found() == ["UKMN/2026/001", "UKMN/2026/002"]
    assert found(q="SKILLS") == ["UKMN/2026/001"]
    assert found(q="100%") == ["UKMN/2026/002"]
    assert found(q="_") == []
    assert found(kind="chief_executives_meeting") == ["UKMN/2026/002"]
    assert found(workstream=str(growth.id)) == ["UKMN/2026/001"]
    assert found(date_from=["1", "4", "2026"]) == ["UKMN/2026/002"]
    assert found(date_to=["1", "4", "2026"]) == ["UKMN/2026/001"]
    bad = member.get("/decisions/", query_string={"date_from": ["31", "2", "2026"]})
    assert bad.status_code == 400
    assert member.get("/decisions/", query_string={"kind": "party"}).status_code == 400


def test_who_sees_the_register(app, db, cast):
    _, open_item = cast.held_meeting(title="Everyone", confidential=True)
    _, closed = cast.held_meeting(title="Only B", offices=[cast["office_b"]])
    visible = record_decision(cast["officer"], open_item, "Confidential but for members")
    hidden = record_decision(cast["officer"], closed, "For office B")
    db.session.commit()
    a = sign_in_client(app, cast["staff_a"])
    page = a.get("/decisions/")
    assert visible.reference.encode() in page.data and hidden.reference.encode() not in page.data
    assert b"Confidential" in page.data
    assert a.get(f"/decisions/{hidden.id}").status_code == 404
    assert a.get(f"/decisions/{visible.id}").status_code == 200
    b = sign_in_client(app, cast["staff_b"])
    assert hidden.reference.encode() in b.get("/decisions/").data
    observer = sign_in_client(app, cast["observer"])
    assert observer.get("/decisions/").status_code == 403
    assert observer.get(f"/decisions/{visible.id}").status_code == 403
    assert a.get("/decisions/nonsense").status_code == 404
    assert b"Decisions" in a.get("/").data and b'href="/decisions/"' not in observer.get(
        "/").data


def test_register_query_count_does_not_grow(app, db, cast):
    officer = sign_in_client(app, cast["officer"])
    member = sign_in_client(app, cast["lead_a"])

    def add(n):
        for k in range(n):
            _, item = cast.held_meeting(title=f"M{k}-{n}")
            workstream = Workstream(name=f"W{k}-{n}", slug=f"w{k}-{n}")
            db.session.add(workstream)
            db.session.flush()
            for j in range(3):
                record_decision(cast["officer"], item, f"Decision {j}",
                                workstream_id=workstream.id)
        db.session.commit()

    def counts():
        result = []
        for client in (officer, member):
            with counting_queries() as statements:
                assert client.get("/decisions/?q=decision").status_code == 200
            result.append(len(statements))
        return result

    add(2)
    small = counts()
    add(30)
    assert counts() == small and max(small) <= 12, small

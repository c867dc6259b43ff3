"""Meetings and items through the pages: create, submit, triage, agenda, visibility."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from network.email import OutboxEmail
from network.workplan.items.models import AgendaItem, ItemEvent, ItemStatus
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.meetings.working_days import clear_working_days_between
from tests.conftest import sign_in_client

ITEM = {"title": "Skills devolution: a joint ask", "purpose": "for_decision",
        "summary": "We ask mayors to agree a **joint letter**.", "minutes_requested": "20",
        "presenter": "Mayor A", "workstream": ""}


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_secretariat_creates_a_meeting_with_deadlines_and_standing_items(db, cast,
                                                                        client_request):
    client_request.post("meetings.new", _as="officer", _expected_status=302, _data={
        "title": "Mayors' meeting, March 2027", "kind": "mayors_meeting",
        "day": ["15", "3", "2027"], "start_time": "10:30", "end_time": "13:00",
        "venue": "Leeds Civic Hall", "room": "Banqueting Hall", "online_link": "",
        "chair": "Mayor of West Yorkshire", "secretariat_lead": str(cast["officer"].id),
        "workstream": "", "invited": "all", "observers": [str(cast["observer"].id)],
        "logistics_notes": "Lunch for 30"})
    meeting = db.session.scalar(select(Meeting))
    assert meeting.starts_at.isoformat() == "2027-03-15T10:30:00+00:00"
    assert clear_working_days_between(meeting.submission_deadline_on,
                                      meeting.starts_at.date()) == 10
    assert clear_working_days_between(meeting.papers_due_on, meeting.starts_at.date()) == 5
    titles = db.session.scalars(select(AgendaItem.title).order_by(AgendaItem.position)).all()
    assert titles == ["Welcome and apologies", "Declarations of interest",
                      "Minutes of the last meeting", "Matters arising and action log",
                      "Any other business"]
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="officer")
    assert b"Items due by" in page.data and b"Any other business" in page.data


@pytest.mark.parametrize("change, message", [
    ({"end_time": "09:00"}, b"End time must be after the start time"),
    ({"venue": "", "online_link": ""}, b"Enter a venue or an online joining link"),
    ({"online_link": "http://insecure.example"}, b"must start with https://"),
    ({"day": ["30", "2", "2027"]}, b"must be a real date"),
    ({"start_time": "noon"}, b"must be a time like 17:00"),
    ({"invited": "chosen"}, b"Select the offices invited"),
])
def test_meeting_form_refuses_bad_input(db, client_request, change, message):
    data = {"title": "M", "kind": "mayors_meeting", "day": ["15", "3", "2027"],
            "start_time": "10:30", "end_time": "13:00", "venue": "Hall", "online_link": "",
            "secretariat_lead": "", "workstream": "", "invited": "all", **change}
    response = client_request.post("meetings.new", _as="officer", _data=data,
                                   _expected_status=400)
    assert message in response.data
    assert _count(db, Meeting) == 0


def test_member_submits_and_secretariat_accepts_defers_and_declines(app, db, cast):
    meeting = cast.meeting(30)
    later = cast.meeting(60, title="Later meeting")
    lead = sign_in_client(app, cast["lead_a"])
    for n in range(3):
        assert lead.post(f"/meetings/{meeting.id}/items/new",
                         data={**ITEM, "title": f"Item {n}"}).status_code == 302
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.office_id.is_not(None))
                               .order_by(AgendaItem.id)).all()
    assert [i.status for i in items] == [ItemStatus.SUBMITTED] * 3
    officer = sign_in_client(app, cast["officer"])
    assert officer.post(f"/items/{items[0].id}/triage",
                        data={"decision": "accept", "duration": "15"}).status_code == 302
    assert officer.post(f"/items/{items[1].id}/triage",
                        data={"decision": "defer", "target": str(later.id)}).status_code == 302
    missing = officer.post(f"/items/{items[2].id}/triage", data={"decision": "decline",
                                                                  "reason": ""})
    assert missing.status_code == 400 and b"Enter the reason for declining" in missing.data
    assert officer.post(f"/items/{items[2].id}/triage", data={
        "decision": "decline", "reason": "Covered by the devolution update"}).status_code == 302
    db.session.expire_all()
    assert items[0].status == ItemStatus.ACCEPTED and items[0].duration_minutes == 15
    assert items[1].meeting_id == later.id and items[1].status == ItemStatus.SUBMITTED
    assert _count(db, ItemEvent, ItemEvent.item_id == items[1].id,
                  ItemEvent.action == "deferred") == 1
    assert items[2].decline_reason == "Covered by the devolution update"
    subjects = db.session.scalars(select(OutboxEmail.subject).where(
        OutboxEmail.kind.like("item-%")).order_by(OutboxEmail.id)).all()
    assert [s.split(": ")[-1] for s in subjects] == ["accepted", "deferred", "declined"]
    page = lead.get(f"/meetings/{meeting.id}")
    assert b"Covered by the devolution update" in page.data
    agenda = officer.get(f"/meetings/{meeting.id}").data
    assert agenda.index(b"Matters arising") < agenda.index(b"Item 0") < agenda.index(
        b"Any other business")


def test_submission_after_the_deadline_is_refused_but_secretariat_adds_late(app, db, cast):
    meeting = cast.meeting(3)  # ten clear working days have gone
    lead = sign_in_client(app, cast["lead_a"])
    refused = lead.post(f"/meetings/{meeting.id}/items/new", data=ITEM)
    assert refused.status_code == 400 and b"The deadline for items was" in refused.data
    assert _count(db, AgendaItem, AgendaItem.office_id.is_not(None)) == 0
    officer = sign_in_client(app, cast["officer"])
    no_reason = officer.post(f"/meetings/{meeting.id}/items/new", data=ITEM)
    assert no_reason.status_code == 400 and b"give the reason this item is late" in (
        no_reason.data)
    ok = officer.post(f"/meetings/{meeting.id}/items/new",
                      data={**ITEM, "late_reason": "Minister's announcement on Friday"})
    assert ok.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.is_late.is_(True)))
    assert item.status == ItemStatus.ACCEPTED and "Minister" in item.late_reason


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, b"Enter title"),
    ({"purpose": "for_fun"}, b"Select one of the options"),
    ({"minutes_requested": "0"}, b"between 1 and 240"),
    ({"minutes_requested": "lots"}, b"Time requested must be a whole number of minutes, like 20"),
    ({"minutes_requested": ""}, b"Enter the time requested"),
    ({"summary": ""}, b"Enter summary"),
    ({"workstream": "999"}, b"Select one of the options"),
])
def test_item_form_refuses_bad_input(db, cast, client_request, change, message):
    meeting = cast.meeting(30)
    response = client_request.post("items.new", meeting_id=meeting.id, _as="lead_a",
                                   _data={**ITEM, **change}, _expected_status=400)
    assert message in response.data
    assert _count(db, AgendaItem, AgendaItem.office_id.is_not(None)) == 0


def test_offices_see_only_their_own_submissions_and_edit_until_triage(app, db, cast):
    meeting = cast.meeting(30)
    lead_a = sign_in_client(app, cast["lead_a"])
    lead_a.post(f"/meetings/{meeting.id}/items/new", data=ITEM)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.office_id.is_not(None)))
    other = sign_in_client(app, cast["lead_b"])
    assert other.get(f"/items/{item.id}").status_code == 404
    assert other.post(f"/items/{item.id}/edit", data=ITEM).status_code == 404
    assert b"Skills devolution" not in other.get(f"/meetings/{meeting.id}").data
    staff_a = sign_in_client(app, cast["staff_a"])
    assert staff_a.post(f"/items/{item.id}/edit",
                        data={**ITEM, "title": "Skills: joint ask"}).status_code == 302
    sign_in_client(app, cast["officer"]).post(f"/items/{item.id}/triage",
                                              data={"decision": "accept"})
    refused = staff_a.post(f"/items/{item.id}/edit", data=ITEM)
    assert refused.status_code == 403
    db.session.refresh(item)
    assert item.title == "Skills: joint ask"
    assert b"Skills: joint ask" in other.get(f"/meetings/{meeting.id}").data, "now on agenda"


def test_observers_see_invited_meetings_but_never_confidential_items(app, db, cast,
                                                                     client_request):
    meeting = cast.meeting(30)
    officer = sign_in_client(app, cast["officer"])
    officer.post(f"/meetings/{meeting.id}/items/new",
                 data={**ITEM, "title": "Budget negotiations", "is_confidential": "y"})
    officer.post(f"/meetings/{meeting.id}/items/new", data={**ITEM, "title": "Open item"})
    secret = db.session.scalar(select(AgendaItem).where(AgendaItem.is_confidential.is_(True)))
    page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="observer")
    assert b"Open item" in page.data and b"Budget negotiations" not in page.data
    client_request.get("items.detail", item_id=secret.id, _as="observer", _expected_status=404)
    member_page = client_request.get("meetings.detail", meeting_id=meeting.id, _as="staff_b")
    assert b"Budget negotiations" in member_page.data
    client_request.get("meetings.detail", meeting_id=meeting.id, _as="outsider_observer",
                       _expected_status=404)
    listing = client_request.get("meetings.index", _as="outsider_observer")
    assert b"Mayors&#39; meeting in 30 days" not in listing.data


def test_cannot_defer_to_a_cancelled_meeting_and_cancelling_tells_invitees(app, db, cast):
    meeting = cast.meeting(30)
    later = cast.meeting(60, title="Later")
    lead = sign_in_client(app, cast["lead_a"])
    lead.post(f"/meetings/{meeting.id}/items/new", data=ITEM)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.office_id.is_not(None)))
    officer = sign_in_client(app, cast["officer"])
    assert officer.post(f"/meetings/{later.id}/cancel", data={"reason": ""}).status_code == 400
    assert officer.post(f"/meetings/{later.id}/cancel",
                        data={"reason": "Purdah"}).status_code == 302
    db.session.refresh(later)
    assert later.status == MeetingStatus.CANCELLED and later.ics_sequence == 1
    assert _count(db, OutboxEmail, OutboxEmail.subject == "Cancelled: Later") >= 5
    refused = officer.post(f"/items/{item.id}/triage",
                           data={"decision": "defer", "target": str(later.id)})
    assert refused.status_code == 400
    db.session.refresh(item)
    assert item.meeting_id == meeting.id and item.status == ItemStatus.SUBMITTED


def test_secretariat_reorders_accepted_items(app, db, cast):
    meeting = cast.meeting(30)
    officer = sign_in_client(app, cast["officer"])
    for title in ("First", "Second"):
        officer.post(f"/meetings/{meeting.id}/items/new", data={**ITEM, "title": title})
    second = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Second"))
    assert officer.post(f"/items/{second.id}/move", data={"direction": "up"}).status_code == 302
    page = officer.get(f"/meetings/{meeting.id}").data
    assert page.index(b">Second<") < page.index(b">First<")
    assert officer.post(f"/items/{second.id}/move", data={"direction": "sideways"}
                        ).status_code == 400
    lead = sign_in_client(app, cast["lead_a"])
    assert lead.post(f"/items/{second.id}/move", data={"direction": "down"}).status_code == 403


def test_observers_agenda_keeps_the_full_agenda_numbers_and_times(app, db, cast):
    meeting = cast.meeting(30)
    officer = sign_in_client(app, cast["officer"])
    officer.post(f"/meetings/{meeting.id}/items/new",
                 data={**ITEM, "title": "Budget talks", "is_confidential": "y",
                       "minutes_requested": "30"})
    officer.post(f"/meetings/{meeting.id}/items/new", data={**ITEM, "title": "Open item"})
    member_page = sign_in_client(app, cast["staff_a"]).get(f"/meetings/{meeting.id}").data
    observer_page = sign_in_client(app, cast["observer"]).get(f"/meetings/{meeting.id}").data
    row = re.compile(rb'<td class="govuk-table__cell">(\d+)</td>\s*<td class="govuk-table__cell">'
                     rb'(\d\d:\d\d)</td>\s*<td class="govuk-table__cell"><a class="govuk-link" '
                     rb'href="/items/\d+">Open item<')
    assert row.search(member_page).groups() == row.search(observer_page).groups()
    assert b"Budget talks" not in observer_page

"""RSVPs, attendance and quorum, declarations, and minutes from draft to approved and corrected."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from network.db import utcnow
from network.email import OutboxEmail
from network.workplan.items.models import AgendaItem, StandingKind
from network.workplan.meetings.models import MeetingStatus
from network.workplan.minutes.models import Attendance, Declaration, MinutesRevision, Rsvp
from tests.conftest import sign_in_client
from tests.governance.constitution_factories import version_in_force


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _held(db, meeting):
    meeting.starts_at = utcnow() - timedelta(hours=3)
    meeting.ends_at = utcnow() - timedelta(hours=1)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    return meeting


def test_rsvp_with_substitute_and_catering_numbers(app, db, cast):
    meeting = cast.meeting(20)
    lead = sign_in_client(app, cast["lead_a"])
    missing = lead.post(f"/meetings/{meeting.id}/rsvp", data={"response": "substitute"})
    assert missing.status_code == 400 and b"name of the person attending instead" in missing.data
    online = lead.post(f"/meetings/{meeting.id}/rsvp", data={"response": "online"})
    assert online.status_code == 400, "no online link, so online is not a choice"
    assert lead.post(f"/meetings/{meeting.id}/rsvp", data={
        "response": "substitute", "substitute_name": "Deputy Mayor", "needs": "Vegan"}
    ).status_code == 302
    assert lead.post(f"/meetings/{meeting.id}/rsvp", data={"response": "in_person"}
                     ).status_code == 302, "a reply can change"
    assert _count(db, Rsvp) == 1
    sign_in_client(app, cast["staff_b"]).post(f"/meetings/{meeting.id}/rsvp",
                                              data={"response": "apologies"})
    officer = sign_in_client(app, cast["officer"])
    assert officer.get(f"/meetings/{meeting.id}/rsvp").status_code == 403
    _held(db, meeting)
    page = officer.get(f"/meetings/{meeting.id}/attendance")
    text = page.get_data(as_text=True)  # offices are counted, not people
    assert ("Replies from the 2 invited member offices: 1 attending in person, 0 sending a "
            "substitute, 0 attending online, 1 sending apologies; 0 not yet replied.") in text
    assert "expect 1 person in the room" in text


def test_attendance_and_quorum(app, db, cast):
    meeting = _held(db, cast.meeting(20))
    version_in_force()  # the demo rules: a quorum of half the member offices
    db.session.commit()
    officer = sign_in_client(app, cast["officer"])
    a, b = cast["office_a"], cast["office_b"]
    bad = officer.post(f"/meetings/{meeting.id}/attendance", data={
        f"office-{a.id}": "present_in_person", f"office-{b.id}": "dancing"})
    assert bad.status_code == 400 and b"Select the attendance of" in bad.data
    assert _count(db, Attendance) == 0
    officer.post(f"/meetings/{meeting.id}/attendance", data={
        f"office-{a.id}": "present_in_person", f"office-{b.id}": "apologies",
        f"by-{a.id}": "Mayor A"})
    page = officer.get(f"/meetings/{meeting.id}/attendance")
    assert b"1 of 2 member offices present; 1 needed" in page.data
    assert b"under version 1 of the Constitution" in page.data
    assert b"The meeting is quorate." in page.data


def test_attendance_waits_until_the_meeting_is_held(app, db, cast):
    meeting = cast.meeting(20)
    officer = sign_in_client(app, cast["officer"])
    response = officer.post(f"/meetings/{meeting.id}/attendance", data={
        f"office-{cast['office_a'].id}": "present_in_person",
        f"office-{cast['office_b'].id}": "absent"})
    assert response.status_code == 400 and b"once the meeting is marked as held" in response.data


def test_minutes_drafted_circulated_approved_locked_and_corrected(app, db, cast,
                                                                  client_request):
    first = _held(db, cast.meeting(20, title="January"))
    second = cast.meeting(40, title="February")
    officer = sign_in_client(app, cast["officer"])
    item = db.session.scalar(select(AgendaItem).where(
        AgendaItem.meeting_id == first.id, AgendaItem.standing_kind == StandingKind.AOB))
    officer.post(f"/meetings/{first.id}/declarations", data={
        "item": str(item.id), "declared_by": "Mayor A", "interest": "Board member of X"})
    assert _count(db, Declaration) == 1
    assert officer.post(f"/meetings/{first.id}/minutes/items/{item.id}",
                        data={"text": "No other business."}).status_code == 302
    assert officer.post(f"/meetings/{first.id}/minutes/circulate").status_code == 302
    assert _count(db, OutboxEmail, OutboxEmail.subject == "Draft minutes: January") == 5
    draft = client_request.get("minutes.show", meeting_id=first.id, _as="staff_a")
    assert b"Draft minutes" in draft.data and b"No other business." in draft.data
    assert b"Board member of X" in draft.data
    _held(db, second)
    assert officer.post(f"/meetings/{second.id}/minutes/approve-previous").status_code == 302
    db.session.refresh(first)
    assert first.status == MeetingStatus.MINUTES_APPROVED
    assert first.minutes_approved_by_meeting_id == second.id
    locked = officer.post(f"/meetings/{first.id}/minutes/items/{item.id}",
                          data={"text": "Rewritten"})
    assert locked.status_code == 400 and b"approved and locked" in locked.data
    db.session.refresh(item)
    assert item.minute_text == "No other business."
    no_reason = officer.post(f"/meetings/{first.id}/minutes/items/{item.id}/correct",
                             data={"text": "No other business was raised.", "reason": ""})
    assert no_reason.status_code == 400
    assert officer.post(f"/meetings/{first.id}/minutes/items/{item.id}/correct", data={
        "text": "No other business was raised.", "reason": "Wording agreed with the Chair"}
    ).status_code == 302
    revision = db.session.scalar(select(MinutesRevision))
    assert revision.previous_text == "No other business."
    page = client_request.get("minutes.show", meeting_id=first.id, _as="staff_a")
    assert b"Approved" in page.data and b"Wording agreed with the Chair" in page.data
    assert b"No other business was raised." in page.data
    again = officer.post(f"/meetings/{second.id}/minutes/approve-previous")
    assert again.status_code == 302
    assert b"already approved" in officer.get(again.headers["Location"]).data


def test_members_cannot_write_minutes(app, db, cast):
    meeting = _held(db, cast.meeting(20))
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    lead = sign_in_client(app, cast["lead_a"])
    assert lead.post(f"/meetings/{meeting.id}/minutes/items/{item.id}",
                     data={"text": "x"}).status_code == 403
    assert lead.post(f"/meetings/{meeting.id}/minutes/circulate").status_code == 403
    assert lead.post(f"/meetings/{meeting.id}/declarations", data={
        "item": str(item.id), "declared_by": "x", "interest": "y"}).status_code == 403


def test_open_actions_come_back_as_matters_arising_at_the_next_meeting(app, db, cast):
    from network.workplan.actions.models import ActionStatus
    from network.workplan.actions.services import create_action, update_action

    earlier = _held(db, cast.meeting(20, title="January"))
    later = cast.meeting(40, title="February")
    officer = cast["officer"]
    today = utcnow().date() + timedelta(days=7)
    still_open = create_action(officer, {"description": "Write to DfT about bus funding",
                                         "due_on": today, "meeting_id": earlier.id,
                                         "owner_office_id": cast["office_a"].id})
    finished = create_action(officer, {"description": "Circulate the skills paper",
                                       "due_on": today, "meeting_id": earlier.id,
                                       "owner_office_id": cast["office_b"].id})
    update_action(officer, finished, ActionStatus.DONE, "Sent")
    db.session.commit()
    member = sign_in_client(app, cast["staff_b"])
    page = member.get(f"/meetings/{later.id}").data
    assert b"Matters arising: actions still open" in page
    assert b"Write to DfT about bus funding" in page
    assert b"Circulate the skills paper" not in page
    observer = sign_in_client(app, cast["observer"])
    assert b"Write to DfT" not in observer.get(f"/meetings/{later.id}").data
    assert still_open.id


def test_minutes_export_as_pdf_and_word(app, db, cast):
    import io

    from docx import Document
    from pypdf import PdfReader

    from network.governance.decisions.services import record_decision

    meeting = cast.meeting(20, title="March")
    officer = sign_in_client(app, cast["officer"])
    assert officer.post(f"/meetings/{meeting.id}/items/new", data={
        "title": "Pay talks", "purpose": "for_decision", "summary": "s",
        "minutes_requested": "10", "is_confidential": "y", "workstream": ""}).status_code == 302
    _held(db, meeting)
    item = db.session.scalar(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.standing_kind == StandingKind.AOB))
    officer.post(f"/meetings/{meeting.id}/minutes/items/{item.id}",
                 data={"text": "The Chair thanked the hosts."})
    decision = record_decision(cast["officer"], item, "To meet in Leeds next time")
    db.session.commit()
    pdf = officer.get(f"/meetings/{meeting.id}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "DRAFT" in text and "The Chair thanked the hosts." in text
    assert decision.reference in text and "Pay talks" in text
    observer_pdf = sign_in_client(app, cast["observer"]).get(f"/meetings/{meeting.id}/minutes.pdf")
    observer_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(observer_pdf.data))
                              .pages)
    assert "Pay talks" not in observer_text and "The Chair thanked the hosts." in observer_text
    word = officer.get(f"/meetings/{meeting.id}/minutes.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(word.data)).paragraphs]
    assert any("DRAFT" in p for p in paragraphs)
    assert "The Chair thanked the hosts." in paragraphs
    assert any(decision.reference in p for p in paragraphs)
    page = officer.get(f"/meetings/{meeting.id}/minutes").data
    assert decision.reference.encode() in page
    assert f"/decisions/new?item_id={item.id}".encode() in page
    assert f"/actions/new?item_id={item.id}".encode() in page
    planned = cast.meeting(30)
    assert officer.get(f"/meetings/{planned.id}/minutes.pdf").status_code == 404


def test_circulating_twice_sends_nothing_more_and_recirculating_says_what_changed(
        app, db, cast, client_request):
    meeting = _held(db, cast.meeting(20, title="March"))
    officer = sign_in_client(app, cast["officer"])
    drafts = (OutboxEmail.subject == "Draft minutes: March")
    revised = (OutboxEmail.subject == "Revised draft minutes: March")
    assert officer.post(f"/meetings/{meeting.id}/minutes/circulate").status_code == 302
    invitees = _count(db, OutboxEmail, drafts)
    assert invitees == 5
    page = client_request.get("minutes.show", meeting_id=meeting.id, _as="officer")
    assert b"Circulate draft minutes" not in page.data  # the button does not stay
    assert b"Re-circulate with changes" in page.data
    again = officer.post(f"/meetings/{meeting.id}/minutes/circulate", follow_redirects=True)
    assert b"already been circulated" in again.data
    assert _count(db, OutboxEmail, drafts) == invitees  # nobody emailed twice
    empty = client_request.post("minutes.recirculate", meeting_id=meeting.id, _as="officer",
                                _data={"changes": "  "}, _expected_status=400)
    assert b"Enter what changed" in empty.data
    assert _count(db, OutboxEmail, revised) == 0
    client_request.post("minutes.recirculate", meeting_id=meeting.id, _as="officer",
                        _data={"changes": "Item 5: the action now falls to office B"})
    assert _count(db, OutboxEmail, revised) == invitees
    body = db.session.scalar(select(OutboxEmail.text_body).where(revised).limit(1))
    assert "Item 5: the action now falls to office B" in body
    client_request.post("minutes.recirculate", meeting_id=meeting.id, _as="officer",
                        _data={"changes": "Item 6 corrected"})
    assert _count(db, OutboxEmail, revised) == 2 * invitees  # each round its own key
    lead = sign_in_client(app, cast["lead_a"])
    assert lead.post(f"/meetings/{meeting.id}/minutes/recirculate",
                     data={"changes": "x"}).status_code == 403


def test_replies_show_on_the_meeting_and_start_the_attendance_form(app, db, cast,
                                                                    client_request):
    meeting = cast.meeting(20)
    lead_a = sign_in_client(app, cast["lead_a"])
    assert lead_a.post(f"/meetings/{meeting.id}/rsvp", data={
        "response": "substitute", "substitute_name": "Deputy Mayor Jones"}).status_code == 302
    sign_in_client(app, cast["staff_b"]).post(f"/meetings/{meeting.id}/rsvp",
                                              data={"response": "apologies"})
    mine = client_request.get("meetings.detail", meeting_id=meeting.id, _as="lead_a")
    assert "Your reply: Sending a substitute (Deputy Mayor Jones)" in mine.text
    colleague = client_request.get("meetings.detail", meeting_id=meeting.id, _as="staff_a")
    assert "You have not replied yet" in colleague.text
    assert f"{cast['lead_a'].name}: Sending a substitute" in colleague.text
    other = client_request.get("meetings.detail", meeting_id=meeting.id, _as="lead_b")
    assert "Deputy Mayor Jones" not in other.text  # another office's replies stay its own
    _held(db, meeting)
    form = client_request.get("attendance.record", meeting_id=meeting.id, _as="officer")
    a, b = cast["office_a"], cast["office_b"]
    chosen = {s.get("id"): next((o.get("value") for o in s.find_all("option")
                                 if "selected" in o.attrs), "")
              for s in form.find_all("select")}
    assert chosen[f"office-{a.id}"] == "present_in_person"  # the substitute attends
    assert chosen[f"office-{b.id}"] == "apologies"
    by = {i.get("id"): i.get("value") for i in form.find_all("input")}
    assert by[f"by-{a.id}"] == "Deputy Mayor Jones"
    assert "Sending a substitute (Deputy Mayor Jones)" in form.text

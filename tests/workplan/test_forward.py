"""The forward agenda by role and filter, as .ics and in the API; plan entries planned, moved
(history kept), refused for cancelled or past meetings, and put on the agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db as _db
from network.workplan.forward import services as plan_service
from network.workplan.forward.models import PlanEntry, PlanEvent, PlanStatus
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind
from network.workplan.workstreams.models import Workstream
from tests.conftest import sign_in_client
from tests.factories import AgendaItemFactory


def _plan(cast, meeting, title="Bus franchising update", **extra):
    data = {"title": title, "purpose": ItemPurpose.DECISION, "notes": "", "minutes_planned": 20,
            "workstream_id": None, "lead_office_id": cast["office_a"].id, **extra}
    entry = plan_service.plan_item(cast["officer"], meeting, data)
    _db.session.commit()
    return entry


@pytest.fixture
def year(cast):
    """A workstream; a mayors' meeting in 20 days with an accepted item (office B's, in the
    workstream) and a plan entry (office A's); a government meeting in 60 days; a meeting more
    than a year away; a held one; an election taking nominations."""
    growth = Workstream(name="Local growth", slug="local-growth")
    _db.session.add(growth)
    _db.session.flush()
    soon = cast.meeting(20, title="Mayors' meeting, spring")
    AgendaItemFactory(meeting=soon, title="Skills devolution", office_id=cast["office_b"].id,
                      workstream_id=growth.id, status=ItemStatus.ACCEPTED, position=50)
    AgendaItemFactory(meeting=soon, title="Secret submission", office_id=cast["office_b"].id,
                      status=ItemStatus.SUBMITTED)
    later = cast.meeting(60, kind=MeetingKind.GOVERNMENT, title="Meeting with the minister")
    far = cast.meeting(400, title="Mayors' meeting, far away")
    past, _ = cast.held_meeting(title="Mayors' meeting, last month")
    entry = _plan(cast, soon)
    election = cast.election("nominations", candidates=2)
    return {"soon": soon, "later": later, "far": far, "past": past, "entry": entry,
            "growth": growth, "election": election}


def test_the_forward_agenda_by_role(client_request, year):
    officer = client_request.get("forward.index", _as="officer")
    text = officer.text
    for shown in ("Mayors' meeting, spring", "Meeting with the minister", "Skills devolution",
                  "Bus franchising update", "Nominations close: Chair of the Network",
                  "Voting opens", "Items due by", "Papers published by", "Plan an item"):
        assert shown in text, shown
    for hidden in ("far away", "last month", "Secret submission"):
        assert hidden not in text
    lead = client_request.get("forward.index", _as="lead_a").text
    assert "Bus franchising update" in lead and "Skills devolution" in lead
    assert "Voting opens" in lead and "Plan an item" not in lead
    observer = client_request.get("forward.index", _as="observer").text
    assert "Mayors' meeting, spring" in observer and "Skills devolution" in observer
    assert "Bus franchising update" not in observer and "Voting opens" not in observer
    outsider = client_request.get("forward.index", _as="outsider_observer").text
    assert "spring" not in outsider and "Test Combined" not in outsider
    assert "Nothing is planned" in outsider


def test_the_forward_agenda_filters(client_request, cast, year):
    government = client_request.get("forward.index", _as="officer",
                                     kind=MeetingKind.GOVERNMENT.value).text
    assert "Meeting with the minister" in government and "spring" not in government
    assert "Voting opens" not in government
    growth = client_request.get("forward.index", _as="officer",
                                workstream=str(year["growth"].id)).text
    assert "Skills devolution" in growth and "Bus franchising update" not in growth
    assert "Meeting with the minister" not in growth
    office_a = client_request.get("forward.index", _as="officer",
                                  office=str(cast["office_a"].id)).text
    assert "Bus franchising update" in office_a and "Skills devolution" not in office_a
    elections = client_request.get("forward.index", _as="officer", kind="elections").text
    assert "Voting opens" in elections and "spring" not in elections
    client_request.get("forward.index", _as="officer", kind="picnic", _expected_status=400)
    client_request.get("forward.index", _as="officer", office="999999", _expected_status=400)


def test_the_forward_agenda_as_ics(app, cast, year):
    response = sign_in_client(app, cast["lead_a"]).get("/forward-agenda/forward-agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.data).walk("VEVENT")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert {"Mayors' meeting, spring", "Meeting with the minister",
            "Items due: Mayors' meeting, spring",
            "Papers published: Mayors' meeting, spring",
            "Voting opens: Chair of the Network"} <= summaries
    assert not any("far away" in s for s in summaries)
    spring = next(e for e in events if str(e["SUMMARY"]) == "Mayors' meeting, spring")
    assert "Bus franchising update (planned)" in str(spring["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    filtered = sign_in_client(app, cast["officer"]).get(
        f"/forward-agenda/forward-agenda.ics?kind={MeetingKind.GOVERNMENT.value}")
    assert {str(e["SUMMARY"]) for e in Calendar.from_ical(filtered.data).walk("VEVENT")} == {
        "Meeting with the minister", "Items due: Meeting with the minister",
        "Papers published: Meeting with the minister"}


def test_the_forward_agenda_api(app, cast, year):
    body = sign_in_client(app, cast["staff_a"]).get("/api/v1/forward-agenda").get_json()
    titles = [m["title"] for m in body["meetings"]]
    assert titles == ["Mayors' meeting, spring", "Meeting with the minister"]
    spring = body["meetings"][0]
    assert spring["submission_deadline_on"] and spring["papers_due_on"]
    assert [i["title"] for i in spring["items"]] == ["Skills devolution"]
    assert [p["title"] for p in spring["planned"]] == ["Bus franchising update"]
    assert {e["kind"] for e in body["events"]} >= {"ballot_open", "ballot_close"}
    observer = sign_in_client(app, cast["observer"]).get("/api/v1/forward-agenda").get_json()
    assert observer["events"] == [] and observer["meetings"][0]["planned"] == []
    bad = sign_in_client(app, cast["staff_a"]).get("/api/v1/forward-agenda?kind=picnic")
    assert bad.status_code == 422 and bad.get_json()["error"]["status"] == 422
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert "/api/v1/forward-agenda" in spec["paths"]


def test_planning_moving_and_converting_an_entry(client_request, cast, year):
    soon, later = year["soon"], year["later"]
    page = client_request.post("forward.new_entry", _as="officer", _data={
        "title": "Housing pilot", "meeting_id": str(soon.id), "purpose": "for_discussion",
        "workstream": str(year["growth"].id), "lead_office": str(cast["office_b"].id),
        "minutes_planned": "25", "notes": "Early findings"}, _expected_status=302)
    entry = _db.session.scalar(select(PlanEntry).where(PlanEntry.title == "Housing pilot"))
    assert page.location.endswith(f"/forward-agenda/plan/{entry.id}")
    client_request.post("forward.edit_entry", entry_id=entry.id, _as="officer", _data={
        "title": "Housing pilot", "meeting_id": str(later.id), "purpose": "for_discussion",
        "workstream": str(year["growth"].id), "lead_office": str(cast["office_b"].id),
        "minutes_planned": "25", "notes": "Early findings"}, _expected_status=302)
    _db.session.expire_all()
    events = _db.session.scalars(select(PlanEvent).where(PlanEvent.entry_id == entry.id)
                                 .order_by(PlanEvent.id)).all()
    assert [(e.action, e.from_meeting_id, e.to_meeting_id) for e in events] == [
        ("planned", None, soon.id), ("moved", soon.id, later.id)]
    shown = client_request.get("forward.entry", entry_id=entry.id, _as="officer").text
    assert f"Moved from {soon.title} to {later.title}" in shown
    meeting_page = client_request.get("meetings.detail", meeting_id=later.id, _as="officer")
    assert "Housing pilot" in meeting_page.text and "Planned items" in meeting_page.text
    assert "Planned items" not in client_request.get(
        "meetings.detail", meeting_id=later.id, _as="lead_a").text

    done = client_request.post("forward.convert", entry_id=entry.id, _as="officer",
                               _data={"summary": "Asks for agreement"}, _expected_status=302)
    _db.session.expire_all()
    entry = _db.session.get(PlanEntry, entry.id)
    item = _db.session.get(AgendaItem, entry.item_id)
    assert done.location.endswith(f"/items/{item.id}")
    assert entry.status == PlanStatus.CONVERTED
    assert (item.meeting_id, item.status, item.office_id, item.workstream_id,
            item.minutes_requested) == (later.id, ItemStatus.ACCEPTED, cast["office_b"].id,
                                        year["growth"].id, 25)
    actions = set(_db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "planentry", AuditEntry.object_id == str(entry.id))))
    assert actions == {"plan_entry.created", "plan_entry.moved", "plan_entry.converted"}
    assert "Housing pilot" not in client_request.get("forward.index", _as="officer").text.split(
        "Skills devolution")[0]  # now an ordinary agenda item, no longer listed as planned
    client_request.post("forward.convert", entry_id=entry.id, _as="officer",
                        _data={"summary": "Again"}, _expected_status=400)


@pytest.mark.parametrize("when", ["cancelled", "past"])
def test_a_plan_entry_for_a_cancelled_or_past_meeting_is_refused(client_request, cast, year,
                                                                 when):
    if when == "cancelled":
        meeting = cast.meeting(30, title="Summer meeting")
        from network.workplan.meetings.queries import meeting_with_agenda

        meeting_service.cancel_meeting(cast["officer"], meeting_with_agenda(meeting.id),
                                       "Election period")
        _db.session.commit()
    else:
        meeting = year["past"]
    before = _db.session.scalar(select(func.count()).select_from(PlanEntry))
    page = client_request.post("forward.new_entry", _as="officer", _data={
        "title": "Too late", "meeting_id": str(meeting.id), "purpose": "for_decision",
        "minutes_planned": "10"}, _expected_status=400)
    message = "cancelled" if when == "cancelled" else "in the past"
    assert f"{meeting.title} is {message}: plan the item for a meeting still to come" in page.text
    assert page.find("div", class_="govuk-error-summary") is not None
    assert _db.session.scalar(select(func.count()).select_from(PlanEntry)) == before
    moved = client_request.post("forward.edit_entry", entry_id=year["entry"].id, _as="officer",
                                _data={"title": "Moved", "meeting_id": str(meeting.id),
                                       "purpose": "for_decision", "minutes_planned": "10"},
                                _expected_status=400)
    assert "plan the item for a meeting still to come" in moved.text
    _db.session.expire_all()
    assert _db.session.get(PlanEntry, year["entry"].id).meeting_id == year["soon"].id


def test_other_bad_plan_input_is_refused(client_request, cast, year):
    page = client_request.post("forward.new_entry", _as="officer", _data={
        "title": "", "meeting_id": "", "purpose": "for_decision", "minutes_planned": "999"},
        _expected_status=400)
    for message in ("Enter title", "Select the meeting", "Time planned must be between"):
        assert message in page.text
    client_request.post("forward.new_entry", _as="officer", _data={
        "title": "x", "meeting_id": "99999999999", "purpose": "for_decision",
        "minutes_planned": "10"}, _expected_status=400)


def test_a_converted_or_dropped_entry_cannot_change(db, cast, year):
    from network.errors import Conflict

    entry = year["entry"]
    plan_service.drop_entry(cast["officer"], entry)
    db.session.commit()
    with pytest.raises(Conflict):
        plan_service.update_entry(cast["officer"], entry, year["later"], {
            "title": "x", "purpose": ItemPurpose.DECISION, "minutes_planned": 10})
    db.session.rollback()


def test_the_window_is_twelve_months(db, cast, year):
    from network.time import today
    from network.workplan.forward.queries import Filters, a_year_after, forward_agenda

    agenda = forward_agenda(cast["officer"], Filters())
    assert agenda.ends_on == a_year_after(today())
    assert a_year_after(today().replace(year=2028, month=2, day=29)).isoformat() == "2029-02-28"
    assert all(agenda.starts_on <= row.meeting.starts_at.date() <= agenda.ends_on + timedelta(1)
               for row in agenda.meetings)

"""Forms reveal only the chosen branch (GOV.UK conditional reveals) and report every problem
in one error summary."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import Meeting
from tests.factories import AgendaItemFactory

MEETING = {"title": "M", "kind": "mayors_meeting", "day": ["15", "3", "2027"],
           "start_time": "10:30", "end_time": "13:00", "venue": "Hall", "online_link": "",
           "secretariat_lead": "", "workstream": "", "invited": "all"}


def _summary(page) -> list[str]:
    box = page.find("div", class_="govuk-error-summary")
    return [li.text for li in box.find_all("li")] if box else []


def _conditional_of(page, value: str):
    """The conditional reveal that belongs to the radio with this value."""
    radio = page.find("input", type="radio", value=value)
    return page.find("div", id=radio.get("data-aria-controls")) if radio else None


def test_triage_reveals_each_decisions_field_under_its_radio(db, cast, client_request):
    meeting = cast.meeting(30)
    item = AgendaItemFactory(meeting=meeting, office_id=cast["office_a"].id,
                             status=ItemStatus.SUBMITTED, minutes_requested=15)
    db.session.commit()
    page = client_request.get("items.triage", item_id=item.id, _as="officer")
    assert _conditional_of(page, "accept").find("input", name="duration")
    assert _conditional_of(page, "defer").find("select", name="target")
    assert _conditional_of(page, "decline").find("textarea", name="reason")
    hidden = page.find_all("div", class_="govuk-radios__conditional--hidden")
    assert len(hidden) == 3, "nothing chosen yet: every branch folded (shown without JS)"


def test_triage_checks_only_the_chosen_branch_and_says_what_is_missing(db, cast,
                                                                      client_request):
    meeting = cast.meeting(30)
    item = AgendaItemFactory(meeting=meeting, office_id=cast["office_a"].id,
                             status=ItemStatus.SUBMITTED)
    db.session.commit()
    defer = client_request.post("items.triage", item_id=item.id, _as="officer",
                                _data={"decision": "defer", "duration": "lots", "target": ""},
                                _expected_status=400)
    assert _summary(defer) == ["Select the later meeting"]
    assert "govuk-radios__conditional--hidden" not in (
        _conditional_of(defer, "defer").get("class"))
    decline = client_request.post("items.triage", item_id=item.id, _as="officer",
                                  _data={"decision": "decline", "reason": " "},
                                  _expected_status=400)
    assert _summary(decline) == ["Enter the reason for declining"]
    client_request.post("items.triage", item_id=item.id, _as="officer",
                        _data={"decision": "accept", "reason": "", "target": ""})
    db.session.refresh(item)
    assert item.status == ItemStatus.ACCEPTED


def test_meeting_form_reveals_the_offices_only_for_chosen_offices(db, cast, client_request):
    page = client_request.get("meetings.new", _as="officer")
    assert page.find("input", type="radio", value="all").attrs.__contains__("checked")
    chosen = _conditional_of(page, "chosen")
    assert len(chosen.find_all("input", type="checkbox", name="offices")) == 2
    assert "govuk-radios__conditional--hidden" in chosen.get("class")
    client_request.post("meetings.new", _as="officer", _data={
        **MEETING, "invited": "chosen", "offices": [str(cast["office_b"].id)]})
    meeting = db.session.scalar(select(Meeting).options(selectinload(Meeting.offices)))
    assert not meeting.is_all_offices and [o.id for o in meeting.offices] == [
        cast["office_b"].id]
    edit = client_request.get("meetings.edit", meeting_id=meeting.id, _as="officer")
    assert edit.find("input", type="radio", value="chosen").attrs.__contains__("checked")
    client_request.post("meetings.edit", meeting_id=meeting.id, _as="officer", _data={
        **MEETING, "invited": "all", "offices": [str(cast["office_b"].id)]})
    db.session.expire_all()
    meeting = db.session.scalar(select(Meeting).options(selectinload(Meeting.offices)))
    assert meeting.is_all_offices and meeting.offices == []


def test_meeting_form_reports_every_problem_at_once(db, cast, client_request):
    page = client_request.post("meetings.new", _as="officer", _expected_status=400, _data={
        **MEETING, "title": "", "end_time": "09:00", "venue": "",
        "online_link": "http://insecure.example", "invited": "chosen"})
    assert _summary(page) == [
        "Enter title", "End time must be after the start time",
        "Online joining link must start with https://",
        "Select the offices invited, or choose all member offices"]
    none_at_all = client_request.post("meetings.new", _as="officer", _expected_status=400,
                                      _data={**MEETING, "day": ["30", "2", "2027"],
                                             "venue": "", "start_time": "noon"})
    assert _summary(none_at_all) == ["Date must be a real date, like 27 3 2026",
                                     "Start time must be a time like 17:00",
                                     "Enter a venue or an online joining link"]
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_a_duration_that_is_not_a_number_says_what_to_enter(db, cast, client_request):
    meeting = cast.meeting(30)
    item = AgendaItemFactory(meeting=meeting, office_id=cast["office_a"].id,
                             status=ItemStatus.SUBMITTED)
    db.session.commit()
    page = client_request.post("items.triage", item_id=item.id, _as="officer",
                               _data={"decision": "accept", "duration": "1.5"},
                               _expected_status=400)
    assert _summary(page) == ["Time on the agenda must be a whole number of minutes, like 20"]
    assert b"Not a valid integer" not in page.data

"""The meetings journey (issue 3) through the pages: create and open a meeting, submit items,
triage them, see outcomes, observer visibility, the record of a held meeting, RSVPs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.minutes.models import AttendanceStatus, RsvpResponse
from tests.e2e.helpers import click, go, heading, make_person, sign_in_as
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def cast(db):
    """The secretariat officer, two member offices with a lead each, and an observer."""
    office_a = OfficeFactory(name="North Test Combined Authority")
    office_b = OfficeFactory(name="South Test Combined Authority")
    return {"officer": make_person(db, "secretariat", name="Olive Officer"),
            "lead_a": make_person(db, "member_lead", office_a, name="Amir Lead"),
            "lead_b": make_person(db, "member_lead", office_b, name="Bea Lead"),
            "observer": make_person(db, "observer", name="Otto Observer"),
            "office_a": office_a, "office_b": office_b}


def fill_date(page, field_id: str, day) -> None:
    """Type a date into a GOV.UK date input's three boxes."""
    boxes = page.locator(f"#{field_id} input")
    for index, value in enumerate((day.day, day.month, day.year)):
        boxes.nth(index).fill(str(value))


def submit_item(page, title: str, confidential: bool = False) -> None:
    """From the meeting page, submit an item for the office."""
    click(page, "link", "Submit an item")
    page.get_by_label("Title").fill(title)
    page.get_by_label(ItemPurpose.DECISION.label).check()
    page.get_by_label("Summary").fill(f"The meeting is asked to agree **{title}**.")
    page.get_by_label("Time requested (minutes)").fill("15")
    if confidential:
        page.get_by_label("Confidential: not shown to observers").check()
    click(page, "button", "Submit item")
    expect(page.locator("main")).to_contain_text(title)


def test_meeting_created_opened_items_submitted_triaged_and_seen(new_page, signed_in_page, db,
                                                                 cast):
    officer_page = new_page()
    sign_in_as(officer_page, cast["officer"])
    click(officer_page, "link", "Meetings",
          within=officer_page.get_by_role("navigation", name="Portal"))
    go(officer_page, "/meetings/new")
    click(officer_page, "button", "Save meeting")
    expect(officer_page.locator(".govuk-error-summary")).to_be_visible()
    day = (datetime.now(LONDON) + timedelta(days=42)).date()
    officer_page.get_by_label("Title").fill("Mayors' meeting, in six weeks")
    officer_page.get_by_label(MeetingKind.MAYORS.label).check()
    fill_date(officer_page, "day", day)
    officer_page.get_by_label("Start time").fill("10:00")
    officer_page.get_by_label("End time").fill("12:30")
    officer_page.get_by_label("Venue").fill("Manchester Central")
    officer_page.get_by_label("Chair", exact=True).fill("The Network Chair")
    officer_page.get_by_label("Otto Observer").check()
    click(officer_page, "button", "Save meeting")
    expect(heading(officer_page)).to_have_text("Mayors' meeting, in six weeks")
    click(officer_page, "button", "Open for item submissions")
    expect(officer_page.locator(".govuk-summary-list")).to_contain_text(
        MeetingStatus.OPEN_FOR_ITEMS.label)
    meeting_url = officer_page.url

    member = signed_in_page(cast["lead_a"])
    go(member, "/meetings/")
    click(member, "link", "Mayors' meeting, in six weeks")
    submit_item(member, "Devolution deal: confidential update", confidential=True)
    go(member, meeting_url)
    submit_item(member, "A second bus franchising paper")
    go(member, meeting_url)
    expect(member.locator("main")).to_contain_text("Your office's items")

    go(officer_page, meeting_url)
    click(officer_page, "link", "Triage Devolution deal: confidential update")
    officer_page.get_by_label("Accept onto the agenda").check()
    click(officer_page, "button", "Save decision")
    go(officer_page, meeting_url)
    click(officer_page, "link", "Triage A second bus franchising paper")
    officer_page.get_by_label("Decline").check()
    click(officer_page, "button", "Save decision")
    expect(officer_page.locator(".govuk-error-summary")).to_be_visible()
    officer_page.get_by_label("Decline").check()
    officer_page.get_by_label("Reason for declining").fill("Covered by the transport workstream")
    click(officer_page, "button", "Save decision")
    go(officer_page, meeting_url)
    agenda = officer_page.get_by_role("table", name="Agenda items in order")
    expect(agenda).to_contain_text("Devolution deal: confidential update")
    expect(agenda).not_to_contain_text("A second bus franchising paper")

    go(member, meeting_url)
    submitted = member.get_by_role("table", name="Submitted items and their status")
    expect(submitted).to_contain_text("Declined")
    expect(submitted).to_contain_text("Covered by the transport workstream")
    expect(member.get_by_role("table", name="Agenda items in order")).to_contain_text(
        "Devolution deal: confidential update")

    # an RSVP from the member, counted on the attendance page later
    click(member, "link", "Reply to the invitation: attending, online, apologies or a substitute")
    member.get_by_label(RsvpResponse.IN_PERSON.label).check()
    member.get_by_label("Dietary or access needs").fill("Step-free access")
    click(member, "button", "Send reply")
    expect(member.locator(".govuk-notification-banner")).to_be_visible()

    observer = signed_in_page(cast["observer"])
    go(observer, meeting_url)
    expect(heading(observer)).to_have_text("Mayors' meeting, in six weeks")
    expect(observer.locator("main")).not_to_contain_text("Devolution deal")
    expect(observer.get_by_role("table", name="Agenda items in order")).to_contain_text(
        "Welcome and apologies")
    db.session.expire_all()
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.office_id.is_not(None))
                               .order_by(AgendaItem.id)).all()
    assert [i.status for i in items] == [ItemStatus.ACCEPTED, ItemStatus.DECLINED]


def test_past_meeting_held_attendance_declaration_minutes_circulated(signed_in_page, db, cast):
    start = (datetime.now(LONDON) - timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                               microsecond=0)
    meeting = meeting_service.create_meeting(cast["officer"], {
        "title": "Mayors' meeting, two days ago", "kind": MeetingKind.MAYORS,
        "starts_at": start, "ends_at": start + timedelta(hours=2), "venue": "Leeds Civic Hall",
        "room": "", "online_link": "", "chair": "The Chair", "logistics_notes": "",
        "is_all_offices": True, "workstream_id": None,
        "secretariat_lead_id": cast["officer"].id}, [], [cast["observer"]])
    db.session.commit()

    page = signed_in_page(cast["officer"])
    go(page, f"/meetings/{meeting.id}")
    click(page, "button", "Mark as held")
    expect(page.locator(".govuk-summary-list")).to_contain_text(MeetingStatus.HELD.label)
    click(page, "link", "Draft minutes, attendance and declarations")
    expect(heading(page)).to_have_text("Draft minutes")

    click(page, "link", "Record attendance")
    page.get_by_label(cast["office_a"].name, exact=True).select_option(
        label=AttendanceStatus.IN_PERSON.label)
    page.get_by_label(f"Represented by, for {cast['office_a'].name}").fill("Amir Lead")
    page.get_by_label(cast["office_b"].name, exact=True).select_option(
        label=AttendanceStatus.APOLOGIES.label)
    click(page, "button", "Save attendance")
    expect(page.locator("main")).to_contain_text("1 of 2 member offices")

    go(page, f"/meetings/{meeting.id}/declarations")
    page.get_by_label("Item").select_option(index=1)
    page.get_by_label("Declared by").fill("Amir Lead")
    page.get_by_label("Interest").fill("Board member of the regional transport company")
    click(page, "button", "Record declaration")
    expect(page.locator("main")).to_contain_text("Board member of the regional transport company")

    go(page, f"/meetings/{meeting.id}/minutes")
    click(page, "link", "Write the minute of Welcome and apologies")
    page.get_by_label("Minute").fill("Apologies were received from **South Test**.")
    click(page, "button", "Save minute")
    expect(page.locator("main")).to_contain_text("Apologies were received from South Test.")
    click(page, "button", "Circulate draft minutes")
    expect(page.locator("main")).to_contain_text("Circulated to members for comment.")
    expect(page.locator("main")).to_contain_text(
        "Declaration: Amir Lead: Board member of the regional transport company")
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.MINUTES_DRAFTED

"""The secretariat's other workplan pages through the browser, axe-checked: papers, publishing,
the action log, the decisions register, corrections to approved minutes, the calendar feed;
and what a member office and an observer see of them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter
from sqlalchemy import select

from network.db import utcnow
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus, StandingKind
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings import tasks as meeting_tasks
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from tests.e2e.helpers import click, go, make_person
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _meeting(db, officer, days: int, title: str):
    start = utcnow() + timedelta(days=days)
    meeting = meeting_service.create_meeting(officer, {
        "title": title, "kind": MeetingKind.MAYORS, "starts_at": start,
        "ends_at": start + timedelta(hours=2), "venue": "Leeds Civic Hall",
        "is_all_offices": True}, [], [])
    db.session.commit()
    return meeting


def test_papers_publishing_actions_decisions_and_corrections(db, signed_in_page):
    office = OfficeFactory(name="East Test Combined Authority")
    officer = make_person(db, "secretariat", name="Olive Officer")
    lead = make_person(db, "member_lead", office, name="Esme Lead")
    observer = make_person(db, "observer", name="Otto Observer")
    upcoming = _meeting(db, officer, 30, "Mayors' meeting, spring")
    item = AgendaItem(meeting_id=upcoming.id, title="Skills devolution", summary="Joint ask",
                      purpose=ItemPurpose.DECISION, status=ItemStatus.ACCEPTED, position=50,
                      duration_minutes=20, office_id=office.id, submitted_by_id=lead.id)
    held = _meeting(db, officer, -20, "Mayors' meeting, winter")
    db.session.add(item)
    held.status = MeetingStatus.HELD
    db.session.commit()
    aob = db.session.scalar(select(AgendaItem).where(
        AgendaItem.meeting_id == held.id, AgendaItem.standing_kind == StandingKind.AOB))

    page = signed_in_page(officer)
    go(page, f"/items/{item.id}")
    page.get_by_label("File").set_input_files({"name": "skills.pdf", "mimeType": "application/pdf",
                                               "buffer": _pdf()})
    click(page, "button", "Upload paper")
    expect(page.get_by_text("Paper uploaded")).to_be_visible()

    go(page, f"/meetings/{upcoming.id}/publish")
    click(page, "button", "Publish the agenda")
    expect(page.get_by_text("Agenda pack being built")).to_be_visible()
    assert meeting_tasks.build_agenda_packs() == 1  # as the scheduler process would
    go(page, f"/meetings/{upcoming.id}")
    expect(page.get_by_role("link", name="agenda pack", exact=False).first).to_be_visible()

    go(page, f"/actions/new?item_id={aob.id}")
    page.get_by_label("Action").fill("Write to the Department for Transport about bus funding")
    page.get_by_label("Owner office").select_option(label=office.name)
    due = (utcnow() + timedelta(days=14)).date()
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    click(page, "button", "Save action")
    go(page, "/actions/")
    click(page, "link", "Write to the Department for Transport about bus funding")

    go(page, f"/decisions/new?item_id={aob.id}")
    page.get_by_label("Decision").fill("Agreed to meet in Leeds next time.")
    click(page, "button", "Record decision")
    go(page, "/decisions/")
    expect(page.get_by_text("Agreed to meet in Leeds next time.")).to_be_visible()

    go(page, f"/meetings/{held.id}/minutes")
    click(page, "button", "Circulate draft minutes")
    follow_up = _meeting(db, officer, -5, "Mayors' meeting, late winter")
    follow_up.status = MeetingStatus.HELD
    db.session.commit()
    go(page, f"/meetings/{follow_up.id}/minutes")
    click(page, "button", f"Approve the minutes of {held.title}")
    go(page, f"/meetings/{held.id}/minutes/items/{aob.id}/correct")
    page.get_by_label("Corrected minute").fill("No other business was raised.")
    page.get_by_label("Reason for the correction").fill("Agreed with the Chair")
    click(page, "button", "Save correction")
    expect(page.get_by_text("Agreed with the Chair")).to_be_attached()

    go(page, "/account/calendar")
    click(page, "button", "Make a feed address")
    expect(page.locator("#feed-address")).to_contain_text("/calendar/")

    member = signed_in_page(lead)
    go(member, "/actions/")
    expect(member.get_by_text("Write to the Department for Transport").first).to_be_visible()
    go(member, f"/meetings/{upcoming.id}")
    go(member, f"/meetings/{held.id}/minutes")
    expect(member.get_by_text("No other business was raised.")).to_be_visible()

    watcher = signed_in_page(observer)
    go(watcher, "/meetings/")
    expect(watcher.get_by_role("link", name="Decisions")).to_have_count(0)

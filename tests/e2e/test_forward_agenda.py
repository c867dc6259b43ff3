"""The forward agenda through the browser, axe-checked (and reflowed at 320 px): the officer
plans an item for a meeting, moves it to another, and a member office reads the agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from network.db import utcnow
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind
from tests.e2e.helpers import click, go, make_person
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e


def _meeting(db, officer, days: int, title: str, kind=MeetingKind.MAYORS):
    start = utcnow() + timedelta(days=days)
    meeting = meeting_service.create_meeting(officer, {
        "title": title, "kind": kind, "starts_at": start, "ends_at": start + timedelta(hours=2),
        "venue": "Leeds Civic Hall", "is_all_offices": True}, [], [])
    db.session.commit()
    return meeting


def test_plan_an_item_move_it_and_read_the_forward_agenda(db, signed_in_page):
    office = OfficeFactory(name="North Test Combined Authority")
    officer = make_person(db, "secretariat", name="Olive Officer")
    lead = make_person(db, "member_lead", office, name="Esme Lead")
    spring = _meeting(db, officer, 25, "Mayors' meeting, spring")
    summer = _meeting(db, officer, 90, "Meeting with the minister", MeetingKind.GOVERNMENT)

    page = signed_in_page(officer)
    go(page, "/forward-agenda/")
    expect(page.get_by_role("heading", name="Mayors' meeting, spring")).to_be_visible()
    click(page, "link", "Plan an item", exact=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan an item")
    page.get_by_label("Title").fill("Bus franchising: the joint ask")
    page.get_by_label("Meeting", exact=True).select_option(str(spring.id))
    page.get_by_label("For decision").check()
    page.get_by_label("Lead office").select_option(label=office.name)
    click(page, "button", "Save plan entry")
    expect(page.get_by_text("Item planned")).to_be_visible()

    click(page, "link", "Change or move")
    page.get_by_label("Meeting", exact=True).select_option(str(summer.id))
    click(page, "button", "Save plan entry")
    expect(page.get_by_text(f"Moved from {spring.title} to {summer.title}")).to_be_visible()

    go(page, f"/forward-agenda/?kind={MeetingKind.GOVERNMENT.value}")
    expect(page.get_by_role("link", name="Bus franchising: the joint ask")).to_be_visible()
    expect(page.get_by_role("heading", name="Mayors' meeting, spring")).to_have_count(0)
    page.emulate_media(media="print")  # the paper copy: the agenda without menus or filters
    expect(page.get_by_role("button", name="Filter")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Portal")).to_be_hidden()
    expect(page.get_by_role("heading", name="Meeting with the minister")).to_be_visible()
    page.emulate_media(media="screen")

    member = signed_in_page(lead)
    go(member, "/forward-agenda/")
    expect(member.get_by_role("link", name="Bus franchising: the joint ask")).to_be_visible()
    expect(member.get_by_role("link", name="Plan an item", exact=True)).to_have_count(0)
    go(member, "/workplan/")
    expect(member.get_by_role("link", name="Bus franchising: the joint ask")).to_be_visible()

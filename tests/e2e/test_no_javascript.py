"""A member lead's journey with JavaScript off: sign in, submit an item, see it listed. Each
page is checked with axe through a scriptless copy of its HTML (see helpers.Visits)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from network.workplan.items.models import ItemPurpose, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind
from tests.e2e.helpers import check_axe, click, heading, make_person, sign_in
from tests.factories import PASSWORD, OfficeFactory

pytestmark = pytest.mark.e2e


def test_member_lead_submits_an_item_without_javascript(new_page, db):
    office = OfficeFactory()
    lead = make_person(db, "member_lead", office, name="Nadia NoScript")
    officer = make_person(db, "secretariat")
    start = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=40)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    meeting = meeting_service.create_meeting(officer, {
        "title": "Mayors' meeting without scripts", "kind": MeetingKind.MAYORS,
        "starts_at": start, "ends_at": start + timedelta(hours=2), "venue": "Bristol",
        "room": "", "online_link": "", "chair": "", "logistics_notes": "",
        "is_all_offices": True, "workstream_id": None, "secretariat_lead_id": officer.id},
        [], [])
    meeting_service.open_for_items(officer, meeting)
    db.session.commit()

    page = new_page(java_script_enabled=False)
    sign_in(page, lead.email, "wrong password here")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    sign_in(page, lead.email, PASSWORD)
    expect(heading(page)).to_have_text("Welcome, Nadia NoScript")
    check_axe(page)
    click(page, "link", "Meetings", within=page.get_by_role("navigation", name="Portal"))
    click(page, "link", "Mayors' meeting without scripts")
    click(page, "link", "Submit an item")
    click(page, "button", "Submit item")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Title").fill("Skills funding without scripts")
    page.get_by_label(ItemPurpose.DISCUSSION.label).check()
    page.get_by_label("Summary").fill("Works with *no JavaScript* at all.")
    page.get_by_label("Time requested (minutes)").fill("20")
    click(page, "button", "Submit item")
    click(page, "link", "Mayors' meeting without scripts", exact=False)
    submitted = page.get_by_role("table", name="Submitted items and their status")
    expect(submitted).to_contain_text("Skills funding without scripts")
    expect(submitted).to_contain_text(ItemStatus.SUBMITTED.label)
    click(page, "button", "Sign out")

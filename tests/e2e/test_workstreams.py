"""A workstream through the browser, axe-checked at every step: the list (filtered), the
workstream page with its linked item and action, a status update by the lead office's chief
of staff (a refused one first), a milestone and a risk; what staff of another office see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from network.time import today
from network.workplan.actions.services import create_action
from network.workplan.workstreams import services as ws
from tests.e2e.helpers import click, go, heading, make_person
from tests.factories import AgendaItemFactory, MeetingFactory, OfficeFactory

pytestmark = pytest.mark.e2e


def test_list_detail_and_a_status_update(db, signed_in_page):
    lead_office = OfficeFactory(name="North Test Combined Authority")
    other = OfficeFactory(name="South Test Combined Authority")
    officer = make_person(db, "secretariat", name="Olive Officer")
    chief = make_person(db, "member_lead", lead_office, name="Chris Chief")
    reader = make_person(db, "member_staff", other, name="Rita Reader")
    stream = ws.create_workstream(officer, {
        "name": "Local growth", "objectives": "A growth plan for every region",
        "lead_office_id": lead_office.id, "participating_office_ids": [other.id],
        "secretariat_lead_id": officer.id, "ends_on": today() + timedelta(days=200)})
    ws.create_workstream(officer, {"name": "Transport", "objectives": "Buses",
                                   "lead_office_id": other.id})
    meeting = MeetingFactory(held=True, actor=officer)
    AgendaItemFactory(meeting=meeting, title="Growth plans update", workstream_id=stream.id)
    create_action(officer, {"description": "Circulate the growth figures", "due_on": today(),
                            "owner_office_id": lead_office.id, "workstream_id": stream.id})
    db.session.commit()

    page = signed_in_page(chief)
    go(page, "/")
    click(page, "link", "Workstreams", within=page.get_by_role("navigation", name="Portal"))
    expect(heading(page)).to_have_text("Workstreams")
    page.get_by_label("Lead office").select_option(label=lead_office.name)
    click(page, "button", "Filter")
    expect(page.get_by_role("link", name="Transport")).to_have_count(0)
    click(page, "link", "Local growth")
    expect(heading(page)).to_have_text("Local growth")
    expect(page.get_by_text("Growth plans update")).to_be_visible()
    expect(page.get_by_text("Circulate the growth figures")).to_be_visible()

    click(page, "link", "Post a status update")
    page.get_by_label("Amber (at risk)").check()
    click(page, "button", "Post update")  # no commentary: refused, with the reason
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter commentary")
    page.get_by_label("Amber (at risk)").check()
    page.get_by_label("Commentary").fill("The spending review has moved to the autumn.")
    click(page, "button", "Post update")
    expect(page.get_by_text("Status update posted")).to_be_visible()
    expect(page.get_by_text("The spending review has moved to the autumn.")).to_be_visible()

    click(page, "link", "Add a milestone")
    page.get_by_label("Milestone", exact=True).fill("Growth plans published")
    due = today() + timedelta(days=60)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    click(page, "button", "Save milestone")
    expect(page.get_by_role("rowheader", name="Growth plans published")).to_be_visible()

    click(page, "link", "Add a risk")
    page.get_by_label("Risk", exact=True).fill("Regions miss the deadline")
    page.get_by_label("4 – likely").check()
    page.get_by_label("3 – moderate").check()
    page.get_by_label("Mitigation").fill("Monthly check-ins with each region")
    page.get_by_label("Owner office").select_option(label=lead_office.name)
    review = today() + timedelta(days=14)
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    click(page, "button", "Save risk")
    expect(page.get_by_text("12 medium")).to_be_visible()

    staff = signed_in_page(reader)
    go(staff, f"/workstreams/{stream.id}")
    expect(staff.get_by_text("The spending review has moved to the autumn.")).to_be_visible()
    expect(staff.get_by_role("link", name="Post a status update")).to_have_count(0)
    expect(staff.get_by_role("button", name="Close risk")).to_have_count(0)

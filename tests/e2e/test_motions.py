"""Motions through the browser, every page checked with axe: an amendment to the Constitution
from draft to adopted version, voted in writing by the offices; and a motion at a meeting
decided by roll call and minuted with its item."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from network.governance.constitution.models import Amendment, AmendmentStatus
from network.governance.motions.models import Motion, MotionStatus
from network.workplan.minutes.models import Attendance, AttendanceStatus
from tests.e2e.helpers import click, go, heading, make_person, sign_in_as
from tests.factories import AgendaItemFactory, MeetingFactory, OfficeFactory
from tests.governance.constitution_factories import version_in_force

pytestmark = pytest.mark.e2e

LONDON = ZoneInfo("Europe/London")
OFFICES = ("West Midlands Combined Authority", "Greater Manchester Combined Authority",
           "Liverpool City Region Combined Authority")


@pytest.fixture
def network(db):
    """The secretariat admin and three member offices, each lead its office's voter, under
    the demo Constitution (amendments: two-thirds of all member offices)."""
    offices = [OfficeFactory(name=name) for name in OFFICES]
    cast = {"admin": make_person(db, "secretariat_admin", name="Sam Secretariat"),
            "offices": offices,
            "leads": [make_person(db, "member_lead", o, name=f"Lead {o.name.split()[0]}")
                      for o in offices]}
    for office, lead in zip(offices, cast["leads"], strict=True):
        office.voter_id = lead.id
    version_in_force()
    db.session.commit()
    return cast


def choose(page, label: str, containing: str) -> None:
    """Select the option of a select (by its label, or "#id") whose text has `containing`."""
    select_box = page.locator(label) if label.startswith("#") else page.get_by_label(
        label, exact=True)
    value = select_box.locator("option", has_text=containing).first.get_attribute("value")
    select_box.select_option(value=value)


def fill_date(page, field_id: str, day) -> None:
    """Type a date into a GOV.UK date input's three boxes."""
    boxes = page.locator(f"#{field_id} input")
    for index, value in enumerate((day.day, day.month, day.year)):
        boxes.nth(index).fill(str(value))


def test_an_amendment_from_draft_to_adopted_version_by_written_procedure(
        new_page, signed_in_page, db, network):
    admin = new_page()
    sign_in_as(admin, network["admin"])
    go(admin, "/constitution/amendments/new")
    admin.get_by_label("Title").fill("Written procedure")
    click(admin, "button", "Save draft")
    expect(heading(admin)).to_contain_text("Written procedure")
    click(admin, "link", "Amend the text")
    choose(admin, "#clause", "Written procedure")
    admin.get_by_label("Heading (optional)").fill("Written procedure")
    admin.get_by_label("Text of the clause").fill(
        "Between meetings the Secretariat may put a motion in writing, with a voting window "
        "of at least three working days.")
    click(admin, "button", "Add change")
    click(admin, "button", "Propose the amendment")
    click(admin, "link", "Put it to a motion")
    expect(admin.get_by_label("Title")).to_have_value(re.compile("Written procedure"))
    admin.get_by_label("Proposer office").select_option(label=OFFICES[0])
    admin.get_by_label("Seconder office").select_option(label=OFFICES[1])
    admin.get_by_label("By written procedure (voting in the portal)").check()
    start = datetime.now(LONDON) - timedelta(minutes=2)
    fill_date(admin, "opens_on", start.date())
    admin.get_by_label("Time voting opens").fill(start.strftime("%H:%M"))
    fill_date(admin, "closes_on", (start + timedelta(days=5)).date())
    admin.get_by_label("Time voting closes").fill("17:00")
    click(admin, "button", "Save motion")
    click(admin, "button", "Put to a vote in writing")
    expect(admin.locator("main .govuk-tag").first).to_have_text("Open")
    motion_url = admin.url

    for lead, choice in zip(network["leads"], ("For", "For", "Against"), strict=True):
        voter = signed_in_page(lead)
        go(voter, motion_url)
        click(voter, "link", "Vote for your office")
        voter.get_by_label(choice, exact=True).check()
        click(voter, "button", "Cast your office's vote")
        expect(voter.locator(".govuk-panel")).to_contain_text("Your office's vote is cast")

    go(admin, motion_url)
    click(admin, "button", "Close voting and declare the result")
    expect(admin.locator("#arithmetic")).to_have_text(
        "2 For of 3 member offices: two-thirds needed, 2 required: carried.")
    click(admin, "link", re.compile(r"^Amendment A-\d+: Written procedure$"))
    expect(admin.locator(".govuk-summary-list")).to_contain_text("Adopted")
    click(admin, "link", re.compile(r"^Version 2"))
    expect(admin.locator("main")).to_contain_text("at least three working days")

    db.session.expire_all()
    amendment = db.session.scalars(select(Amendment)).one()
    motion = db.session.scalars(select(Motion)).one()
    assert amendment.status == AmendmentStatus.ADOPTED
    assert (amendment.motion_id, amendment.decision_id) == (motion.id, motion.decision_id)


def test_a_motion_at_a_meeting_decided_by_roll_call(new_page, db, network):
    officer = make_person(db, "secretariat", name="Olu Officer")
    meeting = MeetingFactory(held=True, actor=officer, title="Mayors' meeting")
    AgendaItemFactory(meeting=meeting, title="Joint ask on skills")
    for office, status in zip(network["offices"], (AttendanceStatus.IN_PERSON,
                                                   AttendanceStatus.ONLINE,
                                                   AttendanceStatus.APOLOGIES), strict=True):
        db.session.add(Attendance(meeting_id=meeting.id, office_id=office.id, status=status))
    db.session.commit()

    page = new_page()
    sign_in_as(page, officer)
    click(page, "link", "Motions", within=page.get_by_role("navigation", name="Portal"))
    click(page, "link", "Draft a motion")
    page.get_by_label("Title").fill("Joint ask on skills")
    page.get_by_label("Text of the motion").fill("That the network adopts the joint ask.")
    page.get_by_label("Proposer office").select_option(label=OFFICES[0])
    page.get_by_label("Seconder office").select_option(label=OFFICES[1])
    page.get_by_label("Ordinary decision").check()
    page.get_by_label("At a meeting (roll call)").check()
    choose(page, "Agenda item (at a meeting)", "Joint ask on skills")
    click(page, "button", "Save motion")
    click(page, "button", "Open the vote at the meeting")
    click(page, "link", "Record the roll call")
    legends = page.locator("legend")
    expect(legends).to_have_text([OFFICES[1], OFFICES[0]])  # present, by name
    page.locator(f"fieldset:has(legend:text-is('{OFFICES[0]}'))").get_by_label(
        "For", exact=True).check()
    page.locator(f"fieldset:has(legend:text-is('{OFFICES[1]}'))").get_by_label(
        "Against", exact=True).check()
    page.keyboard.press("Tab")
    click(page, "button", "Record the roll call and declare the result")
    expect(page.locator("#arithmetic")).to_contain_text(
        "1 For and 1 Against, a tie, and no casting vote")
    expect(page.locator("main")).to_contain_text("not carried")
    go(page, f"/meetings/{meeting.id}/minutes")
    expect(page.locator("main")).to_contain_text("Not carried: the motion ‘Joint ask on skills’")
    db.session.expire_all()
    assert db.session.scalars(select(Motion)).one().status == MotionStatus.NOT_CARRIED

"""The secretariat's desk through the browser, axe-checked and reflowed at 320 px on every
page: an officer records a policy development, logs a query and adds a contact through the
forms; a member office lead then reads the three lists as far as they may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from network.time import today
from tests.e2e.helpers import check_axe, click, go, make_person
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e


def _date(page, field: str, day) -> None:
    page.locator(f"#{field}-day").fill(str(day.day))
    page.locator(f"#{field}-month").fill(str(day.month))
    page.locator(f"#{field}-year").fill(str(day.year))


def test_officer_records_one_of_each_and_a_member_reads_the_lists(db, signed_in_page):
    office = OfficeFactory(name="North Test Combined Authority")
    officer = make_person(db, "secretariat", name="Olive Officer")
    lead = make_person(db, "member_lead", office, name="Esme Lead")

    page = signed_in_page(officer)
    go(page, "/policy-tracker/")
    expect(page.get_by_role("link", name="Policy tracker")).to_be_visible()
    click(page, "link", "Record a policy development")
    page.get_by_label("Title").fill("English Devolution White Paper")
    page.get_by_label("Source link").fill("https://www.gov.uk/government/publications/"
                                          "english-devolution-white-paper")
    _date(page, "published_on", today() - timedelta(days=2))
    page.get_by_label("Summary").fill("Strategic authorities for every part of England.")
    page.get_by_label("Risk").check()
    page.get_by_label("Suggested action").fill("Brief the mayors before the next meeting")
    click(page, "button", "Save entry")
    expect(page.get_by_text("Policy development recorded")).to_be_visible()
    expect(page.locator("h1")).to_have_text("English Devolution White Paper")

    go(page, "/correspondence/")
    click(page, "link", "Log a query or letter")
    page.get_by_label("Letter").check()
    page.get_by_label("From a member office").select_option(label=office.name)
    page.get_by_label("From (person)").fill("Esme Lead")
    page.get_by_label("Subject").fill("Bus franchising timetable")
    _date(page, "due_on", today() - timedelta(days=1))  # due before it arrived: refused
    click(page, "button", "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The due date must be on or after the date it was received")
    _date(page, "due_on", today() + timedelta(days=5))
    click(page, "button", "Save")
    expect(page.get_by_text("Logged", exact=True)).to_be_visible()
    expect(page.locator("h1")).to_have_text("Bus franchising timetable")

    go(page, "/contacts/")
    click(page, "link", "Add a contact")
    page.get_by_label("Name").fill("Priya Patel")
    page.get_by_label("Organisation").fill("Department for Transport")
    page.get_by_label("Role").fill("Deputy Director, Buses")
    page.get_by_label("Email address (optional)").fill("priya.patel@dft")
    click(page, "button", "Save contact")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an email address in the correct format")
    page.get_by_label("Email address (optional)").fill("priya.patel@dft.example.gov.uk")
    click(page, "button", "Save contact")
    expect(page.get_by_text("Contact added")).to_be_visible()
    go(page, "/contacts/")
    expect(page.get_by_role("link", name="Priya Patel")).to_be_visible()

    member = signed_in_page(lead)
    go(member, "/policy-tracker/")
    expect(member.get_by_role("link", name="English Devolution White Paper")).to_be_visible()
    expect(member.get_by_role("link", name="Record a policy development")).to_have_count(0)
    go(member, "/correspondence/")
    expect(member.get_by_role("link", name="Bus franchising timetable")).to_be_visible()
    go(member, "/contacts/")
    expect(member.get_by_role("link", name="Priya Patel")).to_have_count(0)  # not an office's
    expect(member.get_by_text("No contacts match.")).to_be_visible()
    check_axe(member)

"""The Constitution through the browser, axe-checked (and reflowed at 320 px) at every step:
the version in force with its rules, as it stood on a date, two versions compared, then an
amendment a member office drafts, proposes and another office seconds, to "ready to put"."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from playwright.sync_api import expect

from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
)
from tests.e2e.helpers import click, go, heading, make_person
from tests.factories import OfficeFactory
from tests.governance.constitution_factories import version_in_force

pytestmark = pytest.mark.e2e


def test_reading_comparing_and_drafting_an_amendment_to_ready(db, signed_in_page):
    north = OfficeFactory(name="North Test Combined Authority")
    south = OfficeFactory(name="South Test Combined Authority")
    chief = make_person(db, "member_lead", north, name="Chris Chief")
    second = make_person(db, "member_lead", south, name="Sam Seconder")
    officer = make_person(db, "secretariat", name="Olive Officer")
    version_in_force(effective_from=date(2024, 6, 3))
    version_in_force({DecisionType.ORDINARY: DecisionRule(
        Fraction(2, 3), QuorumBasis.PRESENT, Majority.SIMPLE, MajorityBase.VOTES_CAST)},
        effective_from=date(2026, 3, 1))
    db.session.commit()

    page = signed_in_page(chief)
    go(page, "/")
    click(page, "link", "Constitution", within=page.get_by_role("navigation", name="Portal"))
    expect(heading(page)).to_have_text("The Constitution")
    expect(page.get_by_text("Two-thirds of the member offices, counting offices present")
           ).to_be_visible()
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2025")
    click(page, "button", "Show")
    expect(heading(page)).to_have_text("The Constitution on 2 March 2025")
    expect(page.get_by_text("This is version 1, the version in force on 2 March 2025")
           ).to_be_visible()
    click(page, "link", "Every version, and compare two")
    click(page, "button", "Compare")
    expect(heading(page)).to_have_text("Version 1 and version 2 compared")
    expect(page.get_by_text("Ordinary decision: rule changed")).to_be_visible()

    go(page, "/constitution/amendments")
    click(page, "link", "Draft an amendment")
    click(page, "button", "Save draft")  # no title: refused with the reason
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter title")
    page.get_by_label("Title").fill("Three working days for written votes")
    page.get_by_label("Seconder office").select_option(label=south.name)
    click(page, "button", "Save draft")
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    click(page, "link", "Amend the text")
    page.locator("#start-clause").select_option(label="4.3 Written procedure")
    click(page, "button", "Load its text")
    text = page.get_by_label("Text of the clause")
    text.fill(text.input_value().replace("five working days", "three working days"))
    click(page, "button", "Add change")
    expect(page.get_by_role("rowheader", name="Amend the text of clause 4.3")).to_be_visible()
    expect(page.locator(".ukmn-redline__text ins")).to_contain_text("inserted: three")
    click(page, "button", "Propose the amendment")
    expect(page.get_by_text("The seconder office has not yet seconded the amendment.")
           ).to_be_visible()
    address = page.url

    seconder = signed_in_page(second)
    go(seconder, address)
    click(seconder, "button", "Second the amendment for your office")
    expect(seconder.get_by_text("Amendment seconded")).to_be_visible()

    desk = signed_in_page(officer)
    go(desk, address)
    expect(desk.get_by_text("Ready to put to a motion")).to_be_visible()

"""The digest's pages in a browser: choose how often, see the next digest (its HTML in a frame),
stop it from the link in the email; and the outbox filters. Each page checked with axe and at
320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from network.digest.digest import unsubscribe_token
from network.members.models import DigestFrequency
from tests.e2e.helpers import (
    check_reflow,
    click,
    go,
    heading,
    make_person,
    reload_person,
    sign_in_as,
)
from tests.factories import MeetingFactory, OfficeFactory

pytestmark = pytest.mark.e2e


def test_a_member_chooses_daily_sees_the_next_digest_and_stops_it_by_link(new_page, db):
    office = OfficeFactory(name="Digest Readers Combined Authority")
    reader = make_person(db, "member_staff", office=office)
    MeetingFactory(days=5, title="Mayors' meeting on skills")  # every office is invited
    db.session.commit()
    page = new_page()
    sign_in_as(page, reader)
    go(page, "/digest/preference")
    expect(heading(page)).to_have_text("How often you get the digest")
    assert check_reflow(page) is None
    page.get_by_label(DigestFrequency.DAILY.label).check()
    click(page, "button", "Save")
    expect(heading(page)).to_have_text("Your next digest")
    assert check_reflow(page) is None
    frame = page.frame_locator("iframe[title^='Your next digest']")
    expect(frame.locator("h2").first).to_have_text("Your meetings in the next four weeks")
    expect(page.locator("pre")).to_contain_text("Mayors' meeting on skills")
    assert reload_person(reader.email).digest_frequency == DigestFrequency.DAILY

    link = f"/digest/unsubscribe/{unsubscribe_token(reader)}"
    outsider = new_page()  # no session: the link alone
    go(outsider, link)
    expect(heading(outsider)).to_have_text("Stop the digest emails")
    click(outsider, "button", "Stop the digest emails")
    expect(outsider.locator(".govuk-panel__title")).to_have_text("Digest emails stopped")
    assert reload_person(reader.email).digest_frequency == DigestFrequency.NONE


def test_the_secretariat_filters_the_outbox(new_page, db):
    officer = make_person(db, "secretariat")
    page = new_page()
    sign_in_as(page, officer)
    go(page, "/outbox/")
    page.get_by_label("Status", exact=True).select_option("sent")
    click(page, "button", "Filter")
    expect(page).to_have_title(re.compile(r"^Email outbox \(filtered\)"))
    assert check_reflow(page) is None
    page.locator("#since-day").fill("31")
    page.locator("#since-month").fill("2")
    page.locator("#since-year").fill("2026")
    click(page, "button", "Filter")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

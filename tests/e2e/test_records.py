"""The records pages in the browser: building and downloading a hand-over export, a person's
own data, and erasing a person who has left (axe and a 320 px reflow on each page)."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import expect

from network.members.models import Role
from tests.e2e.helpers import check_reflow, click, go, heading, make_person, sign_in_as
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e


def test_admin_builds_and_downloads_a_hand_over_export(page, db, tmp_path):
    from network.records.tasks import build_exports

    admin = make_person(db, "secretariat_admin")
    sign_in_as(page, admin)
    click(page, "link", "Records", within=page.get_by_role("navigation", name="Portal"))
    expect(heading(page)).to_have_text("Records: hand-over exports")
    assert check_reflow(page) is None
    click(page, "button", "Build a new export")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The export is queued")
    expect(page.locator("table")).to_contain_text("Waiting")
    assert build_exports() == 1  # what the scheduler's job does
    go(page, "/records/")
    expect(page.locator("table")).to_contain_text("Ready")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").first.click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert any(n.endswith("/manifest.json") for n in names)
    assert any(n.endswith("/tables/person.csv") for n in names)


def test_a_member_downloads_their_own_data(page, db, tmp_path):
    office = OfficeFactory()
    staff = make_person(db, "member_staff", office)
    sign_in_as(page, staff)
    click(page, "link", "My account", within=page.get_by_role("navigation", name="Portal"))
    click(page, "link", "Your data: what the portal holds about you, and a download of all of it")
    expect(heading(page)).to_have_text("Your data")
    assert check_reflow(page) is None
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data (zip)").click()
    saved = tmp_path / "mine.zip"
    download.value.save_as(saved)
    assert "person.json" in zipfile.ZipFile(saved).namelist()


def test_admin_erases_a_person_who_has_left(page, db):
    office = OfficeFactory(name="Erasure Combined Authority")
    admin = make_person(db, "secretariat_admin")
    leaver = make_person(db, "member_staff", office, name="Lionel Leaver", is_active=False)
    assert leaver.role == Role.MEMBER_STAFF
    sign_in_as(page, admin)
    go(page, f"/people/{leaver.id}")
    click(page, "link", "Erase their details")
    expect(heading(page)).to_have_text("Erase the details of Lionel Leaver")
    assert check_reflow(page) is None
    click(page, "button", "Erase their details")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you understand this cannot be undone")
    page.get_by_label("I understand this cannot be undone").check()
    click(page, "button", "Erase their details")
    expect(heading(page)).to_have_text("Former member of staff (Erasure Combined Authority)")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Their details are erased")

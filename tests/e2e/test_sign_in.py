"""Signing in through the pages: every role, security codes, errors, keyboard only."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    check_axe,
    click,
    enter_security_code,
    go,
    heading,
    make_person,
    outbox_link,
    reload_person,
    sign_in,
)
from tests.factories import PASSWORD, OfficeFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "plum lantern orbit meadow"


@pytest.mark.parametrize("role", ["member_lead", "member_staff", "observer"])
def test_member_roles_sign_in_with_a_password_and_out(page, db, role):
    office = OfficeFactory() if role != "observer" else None
    person = make_person(db, role, office)
    sign_in(page, person.email, PASSWORD)
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)
    click(page, "button", "Sign out")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")


def test_secretariat_admin_signs_in_with_a_security_code(page, db):
    admin = make_person(db, "secretariat_admin")
    sign_in(page, admin.email, PASSWORD)
    enter_security_code(page, admin.email)
    expect(heading(page)).to_have_text(f"Welcome, {admin.name}")
    check_axe(page)
    expect(page.get_by_role("navigation", name="Portal")
           .get_by_role("link", name="Audit log")).to_be_visible()


def test_secretariat_first_sign_in_enrols_then_uses_security_code(page, db):
    officer = make_person(db, "secretariat", enrolled=False)
    sign_in(page, officer.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/sign-in/set-up-security-codes$"))
    expect(heading(page)).to_have_text("Set up security codes")
    check_axe(page)
    page.get_by_label("Security code").fill("000000")
    click(page, "button", "Continue")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "").strip()
    page.get_by_label("Security code").fill(pyotp.TOTP(secret).now())
    click(page, "button", "Continue")
    expect(heading(page)).to_have_text(f"Welcome, {officer.name}")
    assert reload_person(officer.email).totp_secret == secret

    click(page, "button", "Sign out")
    sign_in(page, officer.email, PASSWORD)
    enter_security_code(page, officer.email)
    expect(heading(page)).to_have_text(f"Welcome, {officer.name}")
    check_axe(page)


def test_wrong_password_shows_the_error_summary(page, db):
    person = make_person(db, "member_staff", OfficeFactory())
    sign_in(page, person.email, "this is not the password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"^#"))
    check_axe(page)


def test_keyboard_only_sign_in(page, db):
    person = make_person(db, "observer")
    page.goto("/sign-in")
    check_axe(page)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    email = page.get_by_label("Email address")
    for _ in range(10):
        page.keyboard.press("Tab")
        if email.evaluate("element => element === document.activeElement"):
            break
    expect(email).to_be_focused()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)


def test_change_password_and_reset_a_forgotten_one(page, db):
    person = make_person(db, "member_staff", OfficeFactory())
    sign_in(page, person.email, PASSWORD)
    check_axe(page)
    click(page, "link", "My account", within=page.get_by_role("navigation", name="Portal"))
    click(page, "link", "Change password")
    page.get_by_label("Current password").fill("not my password at all")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    click(page, "button", "Change password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    click(page, "button", "Change password")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password is changed")
    click(page, "button", "Sign out")

    click(page, "link", "I have forgotten my password")
    page.get_by_label("Email address").fill(person.email)
    click(page, "button", "Send reset link")
    expect(page.locator("main")).to_contain_text(person.email)
    go(page, outbox_link(person.email, "/reset-password/"))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm new password").fill(PASSWORD)
    click(page, "button", "Set password")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    sign_in(page, person.email, PASSWORD)
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)
    go(page, "/reset-password/not-a-real-token")
    go(page, "/no-such-page")
    expect(heading(page)).to_have_text("Page not found")

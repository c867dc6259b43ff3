"""Journeys through the portal in Chromium, each page checked with axe-core."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from network.members.models import Office, Role
from tests.e2e.helpers import (
    check_axe,
    enter_security_code,
    outbox_link,
    reload_person,
    sign_in,
)
from tests.factories import PASSWORD, OfficeFactory, PersonFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "plum lantern orbit meadow"


def make_person(db, role: str, office=None, **kwargs):
    """A person committed so the server thread sees them."""
    person = PersonFactory(role=role, office=office, **kwargs)
    db.session.commit()
    return person


def heading(page):
    return page.locator("h1")


@pytest.mark.parametrize("role", ["member_lead", "member_staff", "observer"])
def test_password_roles_sign_in_and_out(page, db, role):
    office = OfficeFactory() if role != "observer" else None
    person = make_person(db, role, office)
    sign_in(page, person.email, PASSWORD)
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    check_axe(page)


def test_secretariat_first_sign_in_enrols_then_uses_security_code(page, db):
    person = make_person(db, "secretariat")
    sign_in(page, person.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/sign-in/set-up-security-codes$"))
    expect(heading(page)).to_have_text("Set up security codes")
    check_axe(page)
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Security code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)
    assert reload_person(person.email).totp_secret == secret

    page.get_by_role("button", name="Sign out").click()
    check_axe(page)
    sign_in(page, person.email, PASSWORD)
    enter_security_code(page, person.email)
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)


def test_admin_tour_of_the_secretariat_pages(page, db):
    office = OfficeFactory(name="Greater Test Combined Authority")
    lead = make_person(db, "member_lead", office, name="Lena Lead")
    admin = make_person(db, "secretariat_admin", totp_secret=pyotp.random_base32())
    sign_in(page, admin.email, PASSWORD)
    enter_security_code(page, admin.email)
    expect(heading(page)).to_have_text(f"Welcome, {admin.name}")
    check_axe(page)

    nav = page.get_by_role("navigation", name="Portal")
    nav.get_by_role("link", name="Member offices").click()
    expect(heading(page)).to_have_text(re.compile("offices", re.I))
    check_axe(page)
    page.get_by_role("link", name=office.name).first.click()
    expect(heading(page)).to_contain_text(office.name)
    check_axe(page)

    nav.get_by_role("link", name="People").click()
    expect(heading(page)).to_have_text("People")
    check_axe(page)
    page.get_by_role("link", name="Lena Lead").click()
    expect(heading(page)).to_have_text("Lena Lead")
    check_axe(page)
    page.get_by_role("link", name="Change role").click()
    expect(heading(page)).to_have_text("Change role of Lena Lead")
    check_axe(page)
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    page.get_by_role("button", name="Change role").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("member office staff")
    check_axe(page)
    assert reload_person(lead.email).role == Role.MEMBER_STAFF

    nav.get_by_role("link", name="Audit log").click()
    expect(heading(page)).to_have_text("Audit log")
    expect(page.locator("table")).to_contain_text("Lena Lead")
    check_axe(page)

    page.get_by_role("link", name="Accessibility statement").click()
    expect(heading(page)).to_contain_text("Accessibility statement")
    check_axe(page)

    page.goto("/offices/no-such-office")
    expect(heading(page)).to_have_text("Page not found")
    check_axe(page)


def test_account_and_change_password(page, db):
    person = make_person(db, "member_staff", OfficeFactory())
    sign_in(page, person.email, PASSWORD)
    check_axe(page)
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="My account").click()
    expect(heading(page)).to_have_text("My account")
    check_axe(page)
    page.get_by_role("link", name="Change password").click()
    expect(heading(page)).to_have_text("Change your password")
    check_axe(page)
    page.get_by_label("Current password").fill("not my password at all")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password is changed")
    check_axe(page)

    page.get_by_role("button", name="Sign out").click()
    check_axe(page)
    sign_in(page, person.email, NEW_PASSWORD)
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)


def test_admin_invites_a_person_who_accepts_and_signs_in(new_page, db):
    office = OfficeFactory(name="Invitees Combined Authority")
    admin = make_person(db, "secretariat_admin", totp_secret=pyotp.random_base32())
    page = new_page()
    sign_in(page, admin.email, PASSWORD)
    enter_security_code(page, admin.email)
    check_axe(page)
    page.goto("/people/invite")
    expect(heading(page)).to_have_text("Invite someone")
    check_axe(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Full name").fill("Imogen Invitee")
    page.get_by_label("Email address").fill("imogen@invitees.example")
    page.get_by_label("Job title").fill("Head of Policy")
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    page.get_by_label("Office", exact=True).select_option(label=office.name)
    page.get_by_role("button", name="Send invitation").click()
    expect(heading(page)).to_have_text("Imogen Invitee")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("imogen@invitees.example")
    check_axe(page)

    link = outbox_link("imogen@invitees.example", "/invitation/")
    invitee = new_page()
    invitee.goto(link)
    check_axe(invitee)
    invitee.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Set password").click()
    expect(invitee).to_have_url(re.compile(r"/sign-in$"))
    expect(invitee.locator(".govuk-notification-banner")).to_contain_text("Your password is set")
    check_axe(invitee)
    sign_in(invitee, "imogen@invitees.example", NEW_PASSWORD)
    expect(heading(invitee)).to_have_text("Welcome, Imogen Invitee")
    check_axe(invitee)


def test_member_lead_invites_colleague_designates_voter_and_makes_token(page, db):
    office = OfficeFactory()
    lead = make_person(db, "member_lead", office, name="Lorna Lead")
    sign_in(page, lead.email, PASSWORD)
    check_axe(page)
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="My office").click()
    expect(heading(page)).to_have_text(office.name)
    check_axe(page)

    page.get_by_role("link", name="Invite a colleague").click()
    expect(heading(page)).to_contain_text("Invite someone")
    check_axe(page)
    page.get_by_label("Full name").fill("Colin Colleague")
    page.get_by_label("Email address").fill("colin@office.example")
    page.get_by_label("Job title").fill("Chief of Staff")
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("colin@office.example")
    expect(page.locator("table").first).to_contain_text("Colin Colleague")
    check_axe(page)
    assert "/invitation/" in outbox_link("colin@office.example", "/invitation/")

    page.get_by_role("link", name="Change voter or substitute").click()
    expect(heading(page)).to_have_text("Designated voter and substitute")
    check_axe(page)
    page.get_by_label("Designated voter").select_option(label="Colin Colleague (Chief of Staff)")
    page.get_by_label("Substitute").select_option(label="Lorna Lead (Policy Adviser)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Designated voter")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Colin Colleague")
    check_axe(page)
    db.session.expire_all()
    saved = db.session.get(Office, office.id)
    assert saved.voter_id == reload_person("colin@office.example").id

    page.get_by_role("link", name="Create an API token").click()
    expect(heading(page)).to_have_text("Create an API token")
    check_axe(page)
    page.get_by_label("Token name").fill("Office CRM")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#api-token")).to_have_text(re.compile(r"^ukmn_"))
    check_axe(page)
    page.get_by_role("link", name="Back to my office").click()
    expect(page.locator("body")).to_contain_text("Office CRM")
    check_axe(page)


def test_wrong_password_shows_error_summary(page, db):
    person = make_person(db, "member_staff", OfficeFactory())
    sign_in(page, person.email, "this is not the password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"#"))
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
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(f"Welcome, {person.name}")
    check_axe(page)


def test_pages_work_without_javascript(new_page, db):
    office = OfficeFactory()
    lead = make_person(db, "member_lead", office, name="Nadia NoScript")
    page = new_page(java_script_enabled=False)
    sign_in(page, lead.email, "wrong password here")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    sign_in(page, lead.email, PASSWORD)
    expect(heading(page)).to_have_text("Welcome, Nadia NoScript")
    check_axe(page)
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="My office").click()
    check_axe(page)
    page.get_by_role("link", name="Change voter or substitute").click()
    check_axe(page)
    page.get_by_label("Designated voter").select_option(label="Nadia NoScript (Policy Adviser)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Designated voter")
    check_axe(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    check_axe(page)


def test_forgotten_password_and_public_pages(page, db):
    person = make_person(db, "member_staff", OfficeFactory())
    page.goto("/sign-in")
    check_axe(page)
    page.get_by_role("link", name="I have forgotten my password").click()
    check_axe(page)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator("main")).to_contain_text(person.email)
    check_axe(page)
    page.goto(outbox_link(person.email, "/reset-password/"))
    check_axe(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    check_axe(page)
    page.goto("/reset-password/not-a-real-token")
    check_axe(page)
    page.goto("/accessibility")
    check_axe(page)
    page.goto("/no-such-page")
    expect(heading(page)).to_have_text("Page not found")
    check_axe(page)

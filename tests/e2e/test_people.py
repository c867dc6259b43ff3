"""Inviting people, designating the office's voter and making API tokens, through the pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from network.members.models import Office, Role
from tests.e2e.helpers import (
    check_axe,
    click,
    go,
    heading,
    make_person,
    outbox_link,
    reload_person,
    sign_in_as,
)
from tests.factories import OfficeFactory

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "plum lantern orbit meadow"


def test_admin_invites_a_person_who_sets_a_password_and_signs_in(new_page, db):
    office = OfficeFactory(name="Invitees Combined Authority")
    admin = make_person(db, "secretariat_admin")
    page = new_page()
    sign_in_as(page, admin)
    go(page, "/people/invite")
    expect(heading(page)).to_have_text("Invite someone")
    click(page, "button", "Send invitation")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Full name").fill("Imogen Invitee")
    page.get_by_label("Email address").fill("imogen@invitees.example")
    page.get_by_label("Job title").fill("Head of Policy")
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    page.get_by_label("Office", exact=True).select_option(label=office.name)
    click(page, "button", "Send invitation")
    expect(heading(page)).to_have_text("Imogen Invitee")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("imogen@invitees.example")

    invitee = new_page()
    go(invitee, outbox_link("imogen@invitees.example", "/invitation/"))
    invitee.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    click(invitee, "button", "Set password")
    # signed in straight away: no second sign-in after setting the password
    expect(heading(invitee)).to_have_text("Welcome, Imogen Invitee")
    expect(invitee.locator(".govuk-notification-banner")).to_contain_text(
        "Your password is set and you are signed in")
    check_axe(invitee)
    assert reload_person("imogen@invitees.example").office_id == office.id


def test_member_lead_invites_a_colleague_designates_voter_and_makes_a_token(page, db):
    office = OfficeFactory()
    lead = make_person(db, "member_lead", office, name="Lorna Lead")
    sign_in_as(page, lead)
    click(page, "link", "My office", within=page.get_by_role("navigation", name="Portal"))
    expect(heading(page)).to_have_text(office.name)

    click(page, "link", "Invite a colleague")
    expect(heading(page)).to_contain_text("Invite someone")
    page.get_by_label("Full name").fill("Colin Colleague")
    page.get_by_label("Email address").fill("colin@office.example")
    page.get_by_label("Job title").fill("Chief of Staff")
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    click(page, "button", "Send invitation")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("colin@office.example")
    expect(page.locator("table").first).to_contain_text("Colin Colleague")
    assert outbox_link("colin@office.example", "/invitation/").startswith("/invitation/")

    click(page, "link", "Change voter or substitute")
    expect(heading(page)).to_have_text("Designated voter and substitute")
    page.get_by_label("Designated voter").select_option(label="Colin Colleague (Chief of Staff)")
    page.get_by_label("Substitute").select_option(label="Lorna Lead (Policy Adviser)")
    click(page, "button", "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Designated voter")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Colin Colleague")
    db.session.expire_all()
    saved = db.session.get(Office, office.id)
    assert saved.voter_id == reload_person("colin@office.example").id
    assert saved.substitute_id == lead.id

    click(page, "link", "Create an API token")
    expect(heading(page)).to_have_text("Create an API token")
    page.get_by_label("Token name").fill("Office CRM")
    click(page, "button", "Create token")
    token = page.locator("#api-token").inner_text().strip()
    assert re.match(r"^ukmn_\S{20,}$", token), token
    click(page, "link", "Back to my office")
    expect(page.locator("body")).to_contain_text("Office CRM")
    expect(page.locator("body")).not_to_contain_text(token)


def test_admin_tour_of_offices_people_and_audit(page, db):
    office = OfficeFactory(name="Greater Test Combined Authority")
    lead = make_person(db, "member_lead", office, name="Lena Lead")
    admin = make_person(db, "secretariat_admin")
    sign_in_as(page, admin)
    nav = page.get_by_role("navigation", name="Portal")
    click(page, "link", "Member offices", within=nav)
    click(page, "link", office.name)
    expect(heading(page)).to_contain_text(office.name)
    click(page, "link", "People", within=nav)
    click(page, "link", "Lena Lead")
    click(page, "link", "Change role")
    expect(heading(page)).to_have_text("Change role of Lena Lead")
    page.get_by_label(Role.MEMBER_STAFF.label).check()
    click(page, "button", "Change role")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("member office staff")
    assert reload_person(lead.email).role == Role.MEMBER_STAFF
    click(page, "link", "Audit log", within=nav)
    expect(page.locator("table")).to_contain_text("Lena Lead")
    click(page, "link", "Accessibility statement")
    go(page, "/offices/no-such-office")
    expect(heading(page)).to_have_text("Page not found")

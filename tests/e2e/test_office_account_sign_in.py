"""Signing in through an office's own identity provider in the browser: the test OpenID
provider (tests/oidc/provider.mjs) on 127.0.0.1, the portal's live server, axe on every page
(the provider's login page too)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from network.members.services import oidc_signin
from tests.e2e.helpers import check_axe, click, go, heading, make_person
from tests.factories import OfficeFactory
from tests.oidc import CALLBACK_PATH, running_provider

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def idp(live_server, tmp_path_factory):
    """The test identity provider, sending browsers back to the live server."""
    with running_provider([live_server.url + CALLBACK_PATH], [live_server.url + "/sign-in"],
                          tmp_path_factory.mktemp("idp")) as provider:
        yield provider


def test_an_invited_member_lead_signs_in_through_the_office_provider(page, db, idp):
    office = OfficeFactory(name="Office A")
    lead = make_person(db, "member_lead", office, email="lead@office-a.test")
    admin = make_person(db, "secretariat_admin")
    oidc_signin.register_provider(admin, {
        "office": office, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "office-a.test"})
    db.session.commit()

    go(page, "/sign-in")
    click(page, "link", "Sign in with your office's account instead")
    expect(heading(page)).to_have_text("Sign in with your office's account")
    page.get_by_label("Office A").check()
    click(page, "button", "Continue to your office's sign-in")
    expect(page).to_have_url(re.compile(re.escape(idp.issuer) + r"/interaction/"))
    expect(heading(page)).to_have_text("Test identity provider")
    page.get_by_label("Ada Lead (lead@office-a.test)").check()
    click(page, "button", "Sign in at the identity provider")
    expect(heading(page)).to_have_text(f"Welcome, {lead.name}")

    click(page, "button", "Sign out")
    expect(heading(page)).to_have_text("You have signed out of the portal")
    link = page.get_by_role("link", name="Sign out of your office's account too")
    expect(link).to_have_attribute("href", f"{idp.issuer}/session/end?client_id=portal")
    go(page, "/")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_someone_not_invited_is_told_so_and_stays_signed_out(page, db, idp):
    office = OfficeFactory(name="Office A")
    admin = make_person(db, "secretariat_admin")
    oidc_signin.register_provider(admin, {
        "office": office, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "office-a.test"})
    db.session.commit()

    go(page, "/sign-in/office-account")
    page.get_by_label("Office A").check()
    click(page, "button", "Continue to your office's sign-in")
    page.get_by_label("Nell Comer (newcomer@office-a.test)").check()
    click(page, "button", "Sign in at the identity provider")
    expect(heading(page)).to_have_text("You could not be signed in")
    expect(page.locator("main")).to_contain_text("no invitation to the portal")


def test_the_admin_registers_a_provider_on_the_pages(signed_in_page, db, idp):
    office = OfficeFactory(name="Office B")
    admin = make_person(db, "secretariat_admin")
    page = signed_in_page(admin)
    go(page, "/offices/")
    click(page, "link", "Offices' identity providers for signing in")
    click(page, "link", "Register an identity provider")
    page.get_by_role("button", name="Save identity provider").click()
    page.wait_for_load_state()
    check_axe(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter issuer address")
    page.get_by_label("Whose provider").select_option(label=office.name)
    page.get_by_label("Issuer address").fill(idp.issuer)
    page.get_by_label("Client ID").fill("portal")
    page.get_by_label("Client secret", exact=True).fill("portal-secret")
    page.get_by_label("Email domains").fill("office-b.example.org")
    click(page, "button", "Save identity provider")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Identity provider registered")
    expect(page.locator("table")).to_contain_text("office-b.example.org")

"""Signing in through an office's own identity provider, against a real OpenID provider (the npm
package oidc-provider, tests/oidc/provider.mjs, run on 127.0.0.1; fixtures in conftest.py):
nothing of the protocol is mocked. The whole round trip, who may sign in, the secretariat's
security code, and attacks on the flow (replay, nonce, PKCE, expiry, issuer mix-up)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pyotp
import pytest
import requests
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.members import oidc
from network.members.models import OidcLogin, UserSession
from network.members.services import oidc_signin
from tests.oidc import log_in_at_provider, query
from tests.oidc.steps import (
    REDIRECT_URI,
    actions,
    come_back,
    live_sessions,
    refusals,
    sign_in_through,
    start,
)

# --- a full sign-in --------------------------------------------------------------------------

def test_an_invited_member_lead_signs_in_through_the_office_provider(world, client, db):
    url = start(client, world["provider_a"], next="/offices/")
    args = query(url)
    assert url.startswith(world["provider_a"].authorization_endpoint)
    assert args["code_challenge_method"] == "S256" and len(args["code_challenge"]) == 43
    assert args["client_id"] == "portal" and args["redirect_uri"] == REDIRECT_URI
    assert args["scope"] == "openid email profile" and args["nonce"] and args["state"]
    assert db.session.scalar(select(OidcLogin.nonce)) == args["nonce"]  # kept server-side
    response = come_back(client, log_in_at_provider(url, "lead-a"))
    assert response.status_code == 302 and response.headers["Location"] == "/offices/"
    assert live_sessions(db, world["lead"]) == 1
    assert "Welcome, " + world["lead"].name in client.get("/").text
    assert actions(db)[-3:] == ["oidc.started", "oidc.succeeded", "sign_in.success"]


def test_typing_the_email_address_routes_to_the_office_provider(world, client, db):
    # (the email form refuses the special-use .test domain the provider's accounts use)
    world["provider_a"].allowed_domains = "office-a.test\noffice-a.example.org"
    db.session.commit()
    response = client.post("/sign-in/office-account",
                           data={"email": "Lead@Office-A.example.org"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(world["provider_a"].authorization_endpoint)
    assert come_back(client, log_in_at_provider(response.headers["Location"],
                                                "lead-a")).status_code == 302
    assert live_sessions(db, world["lead"]) == 1


def test_an_email_of_an_office_without_a_provider_is_sent_to_the_password_page(world, client):
    response = client.post("/sign-in/office-account", data={"email": "x@office-b.example.org"})
    assert response.status_code == 400
    assert "Sign in with your email address and password instead" in response.text


def test_a_client_secret_named_in_the_configuration_is_used(world, client, db, app):
    app.config["OIDC_SECRET_PORTAL"] = "portal-secret"
    try:
        oidc_signin.update_provider(world["admin"], world["provider_a"], {
            "office": world["a"], "issuer": world["provider_a"].issuer, "client_id": "portal",
            "secret_name": "portal", "allowed_domains": "office-a.test"})
        db.session.commit()
        assert world["provider_a"].secret_sealed is None
        assert sign_in_through(client, world["provider_a"], "lead-a").status_code == 302
        assert live_sessions(db, world["lead"]) == 1
    finally:
        del app.config["OIDC_SECRET_PORTAL"]


def test_the_stored_client_secret_is_encrypted(world):
    sealed = world["provider_a"].secret_sealed
    assert b"portal-secret" not in sealed and len(sealed) > 12 + 16
    assert oidc.unseal_secret("portal", sealed) == "portal-secret"
    with pytest.raises(oidc.OidcRefused):
        oidc.unseal_secret("another-client", sealed)  # bound to its client id


def test_signing_out_offers_the_provider_sign_out(world, client, db):
    sign_in_through(client, world["provider_a"], "lead-a")
    response = client.post("/sign-out")
    assert response.status_code == 200 and "You have signed out of the portal" in response.text
    link = f"{world['provider_a'].end_session_endpoint}?client_id=portal"
    assert f'href="{link}"' in response.text
    assert live_sessions(db, world["lead"]) == 0
    assert requests.get(link, timeout=5).status_code == 200  # the provider's own sign-out page


# --- who may sign in -------------------------------------------------------------------------

@pytest.mark.parametrize(("account", "reason"), [
    ("outsider", "the email address is outside the provider's domains"),
    ("newcomer-a", "nobody active was invited with this email address"),
    ("of-office-b", "the person does not belong to the provider's office"),
    ("unverified-a", "the provider has not verified the email address"),
    ("officer", "the email address is outside the provider's domains"),
])
def test_only_invited_people_of_the_office_sign_in(world, client, db, account, reason):
    people_before = db.session.scalar(select(func.count()).select_from(world["lead"].__class__))
    response = sign_in_through(client, world["provider_a"], account)
    assert response.status_code == 400 and "no invitation to the portal" in response.text
    assert refusals(db) == [reason]
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    assert db.session.scalar(select(func.count()).select_from(
        world["lead"].__class__)) == people_before  # nobody is created by signing in
    assert client.get("/").status_code == 302  # still signed out


def test_a_deactivated_person_cannot_sign_in(world, client, db):
    world["lead"].is_active = False
    db.session.commit()
    assert sign_in_through(client, world["provider_a"], "lead-a").status_code == 400
    assert refusals(db) == ["nobody active was invited with this email address"]


def test_the_secretariat_provider_signs_in_no_office_staff(world, client, db):
    officer = world["officer"]
    officer.role, officer.office_id = "member_staff", world["a"].id  # in a secretariat domain
    db.session.commit()
    assert sign_in_through(client, world["provider_s"], "officer").status_code == 400
    assert refusals(db) == ["the person does not belong to the provider's office"]


# --- the secretariat's security code ---------------------------------------------------------

def _set_trust(world, db, trust: bool):
    provider = world["provider_s"]
    oidc_signin.update_provider(world["admin"], provider, {
        "for_secretariat": True, "issuer": provider.issuer, "client_id": "portal",
        "allowed_domains": "secretariat.test", "trust_provider_mfa": trust})
    db.session.commit()


@pytest.mark.parametrize(("trust", "amr"), [(False, "pwd"), (False, "pwd mfa"), (True, "pwd")])
def test_the_secretariat_still_enters_a_security_code(world, client, db, trust, amr):
    _set_trust(world, db, trust)
    response = sign_in_through(client, world["provider_s"], "officer", amr)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in/security-code")
    assert live_sessions(db, world["officer"]) == 0

    code = pyotp.TOTP(world["officer"].totp_secret).now()
    done = client.post("/sign-in/security-code", data={"code": code})
    assert done.status_code == 302 and live_sessions(db, world["officer"]) == 1
    client.post("/sign-out")  # through the provider: its sign-out is offered
    assert live_sessions(db, world["officer"]) == 0


def test_a_trusted_multi_factor_assertion_stands_in_for_the_security_code(world, client, db):
    _set_trust(world, db, True)
    response = sign_in_through(client, world["provider_s"], "officer", "pwd mfa")
    assert response.status_code == 302 and "security-code" not in response.headers["Location"]
    assert live_sessions(db, world["officer"]) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "oidc.succeeded"))
    assert entry.after["multi_factor_accepted"] is True


# --- attacks on the flow ---------------------------------------------------------------------

def test_a_replayed_state_is_refused(world, client, db, app):
    back = log_in_at_provider(start(client, world["provider_a"]), "lead-a")
    assert come_back(client, back).status_code == 302
    client.post("/sign-out")
    assert come_back(client, back).status_code == 400  # same browser, same answer again
    other = app.test_client()
    assert come_back(other, back).status_code == 400  # another browser with the answer
    assert refusals(db) == ["the state is not the one this browser was given"] * 2
    with client.session_transaction() as sess:  # even with the state put back in the cookie
        sess["oidc_state"] = query(back)["state"]
    assert come_back(client, back).status_code == 400
    assert refusals(db)[-1] == "the state was already used, or has expired"
    assert live_sessions(db, world["lead"]) == 0


def test_a_wrong_nonce_is_refused(world, client, db):
    def swap_nonce(url):
        args = query(url)
        args["nonce"] = "a-nonce-the-portal-never-made"
        return url.split("?")[0] + "?" + urlencode(args)

    response = sign_in_through(client, world["provider_a"], "lead-a", rewrite=swap_nonce)
    assert response.status_code == 400
    assert refusals(db)[-1].startswith("the ID token's claims are wrong: ")
    assert "nonce" in refusals(db)[-1]
    assert live_sessions(db, world["lead"]) == 0


def test_a_code_from_another_login_is_refused_by_pkce(world, client, db):
    first = start(client, world["provider_a"])
    start(client, world["provider_a"])  # the browser's state is now the second login's
    with client.session_transaction() as sess:
        second_state = sess["oidc_state"]
    stolen = query(log_in_at_provider(first, "lead-a"))
    response = client.get("/sign-in/office-account/callback?" + urlencode(
        {"code": stolen["code"], "state": second_state}))
    assert response.status_code == 400
    assert refusals(db)[-1] == "the token endpoint refused the code: invalid_grant"


def test_an_error_from_the_provider_signs_nobody_in(world, client, db):
    start(client, world["provider_a"])
    with client.session_transaction() as sess:
        state = sess["oidc_state"]
    response = client.get("/sign-in/office-account/callback?" + urlencode(
        {"error": "access_denied", "state": state}))
    assert response.status_code == 400 and refusals(db) == ["the provider answered "
                                                            "'access_denied'"]


def test_an_expired_token_is_refused(world, client, db, monkeypatch):
    skew = 60  # OIDC_CLOCK_SKEW; the provider's ID tokens live 600 seconds
    monkeypatch.setattr(oidc, "clock", lambda: time.time() + 600 + skew + 5)
    assert sign_in_through(client, world["provider_a"], "lead-a").status_code == 400
    assert refusals(db)[-1] == "the ID token has expired"


def test_an_expiry_within_the_allowed_clock_skew_is_accepted(world, client, db, monkeypatch):
    monkeypatch.setattr(oidc, "clock", lambda: time.time() + 600 + 30)
    assert sign_in_through(client, world["provider_a"], "lead-a").status_code == 302


def test_a_token_issued_in_the_future_is_refused(world, client, db, monkeypatch):
    monkeypatch.setattr(oidc, "clock", lambda: time.time() - 300)
    assert sign_in_through(client, world["provider_a"], "lead-a").status_code == 400
    assert "issued in the future" in refusals(db)[-1]



def test_the_callback_without_any_login_is_refused(world, client, db):
    response = client.get("/sign-in/office-account/callback?code=x&state=y")
    assert response.status_code == 400 and "did not work" in response.text
    response = client.get("/sign-in/office-account/callback?state=%00&code=" + "x" * 5000)
    assert response.status_code == 400


def test_repeated_refusals_are_throttled(world, client, db, app):
    for _ in range(app.config["THROTTLE_MAX_FAILURES"]):
        assert client.get("/sign-in/office-account/callback?code=x&state=y").status_code == 400
    response = client.post("/sign-in/office-account/office",
                           data={"choose-provider": str(world["provider_a"].id)})
    assert response.status_code == 429 and "Too many failed attempts" in response.text
    assert client.get("/sign-in/office-account/callback?code=x&state=y").status_code == 429
    assert db.session.scalar(select(func.count()).select_from(OidcLogin)) == 0


def test_a_secretariat_officer_without_security_codes_sets_them_up_after_the_provider(
        world, client, db):
    world["officer"].totp_secret = None
    db.session.commit()
    response = sign_in_through(client, world["provider_s"], "officer", "pwd mfa")
    assert response.headers["Location"].endswith("/sign-in/set-up-security-codes")
    page = client.get("/sign-in/set-up-security-codes")
    assert page.status_code == 200 and live_sessions(db, world["officer"]) == 0



def test_endpoints_that_moved_at_the_provider_are_followed_and_audited(world, client, db):
    provider = world["provider_a"]
    real = provider.token_endpoint
    provider.token_endpoint = provider.issuer + "/old-token"
    db.session.commit()
    assert sign_in_through(client, provider, "lead-a").status_code == 302
    assert provider.token_endpoint == real
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "identity_provider.discovery_changed"))
    assert entry.before["token_endpoint"].endswith("/old-token")
    assert entry.after["token_endpoint"] == real


def test_an_answer_naming_another_issuer_is_refused(world, client, db):
    back = log_in_at_provider(start(client, world["provider_a"]), "lead-a")
    args = query(back)
    assert args["iss"] == world["provider_a"].issuer  # oidc-provider sends RFC 9207's iss
    args["iss"] = "https://login.evil.example"
    response = client.get("/sign-in/office-account/callback?" + urlencode(args))
    assert response.status_code == 400
    assert refusals(db) == ["the answer names another issuer"]

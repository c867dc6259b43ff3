"""Signing in through an office's own identity provider, against a real OpenID provider (the npm
package oidc-provider, tests/oidc/provider.mjs, run on 127.0.0.1): nothing of the protocol is
mocked. Tokens the provider would never issue (alg none, a key it does not publish) are made
here and given to the same verification the callback uses."""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlencode, urlsplit

import pyotp
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.members import oidc
from network.members.models import IdentityProvider, OidcLogin, UserSession
from network.members.services import oidc_signin
from tests.factories import OfficeFactory, PersonFactory
from tests.oidc import free_port, log_in_at_provider, query, running_provider

REDIRECT_URI = "http://portal.test/sign-in/office-account/callback"


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """The test identity provider, for this module."""
    with running_provider([REDIRECT_URI], ["http://portal.test/sign-in"],
                          tmp_path_factory.mktemp("idp")) as provider:
        yield provider


@pytest.fixture
def world(db, idp):
    """Office A with its provider (domain office-a.test), office B, the secretariat's provider
    (secretariat.test) and the people the provider's accounts name."""
    office_a, office_b = OfficeFactory(name="Office A"), OfficeFactory(name="Office B")
    admin = PersonFactory(role="secretariat_admin", email="admin@secretariat.test")
    people = {
        "lead": PersonFactory(role="member_lead", office=office_a, email="lead@office-a.test"),
        "staff": PersonFactory(role="member_staff", office=office_a,
                               email="staff@office-a.test"),
        "unverified": PersonFactory(role="member_staff", office=office_a,
                                    email="unverified@office-a.test"),
        "outsider": PersonFactory(role="member_staff", office=office_a,
                                  email="someone@elsewhere.test"),
        "of_b": PersonFactory(role="member_staff", office=office_b,
                              email="moved@office-a.test"),
        "officer": PersonFactory(role="secretariat", email="officer@secretariat.test",
                                 totp_secret=pyotp.random_base32()),
    }
    provider_a = oidc_signin.register_provider(admin, {
        "office": office_a, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "office-a.test"})
    provider_s = oidc_signin.register_provider(admin, {
        "office": None, "for_secretariat": True, "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "secretariat.test"})
    db.session.commit()
    return {"a": office_a, "b": office_b, "admin": admin, "provider_a": provider_a,
            "provider_s": provider_s, **people}


def start(client, provider, **args) -> str:
    """Choose the provider on the sign-in page; returns the provider's authorization URL."""
    response = client.post("/sign-in/office-account/office?" + urlencode(args),
                           data={"choose-provider": str(provider.id)})
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def come_back(client, back_url: str):
    """The browser arriving at the portal's callback with what the provider sent."""
    parts = urlsplit(back_url)
    assert parts.path == "/sign-in/office-account/callback"
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_through(client, provider, account: str, amr: str = "pwd", rewrite=None):
    """The whole round trip; `rewrite` may change the authorization URL on the way out."""
    url = start(client, provider)
    if rewrite:
        url = rewrite(url)
    return come_back(client, log_in_at_provider(url, account, amr))


def live_sessions(db, person) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.person_id == person.id, UserSession.ended_at.is_(None)))


def refusals(db) -> list[str]:
    return [e.after["reason"] for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "oidc.refused").order_by(AuditEntry.id))]


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


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


def _token_for_other_client(idp) -> tuple[str, str]:
    """A real ID token from the provider, issued to another relying party."""
    nonce = "other-nonce"
    with OAuth2Session("other-client", "other-client-secret", scope=oidc.SCOPE,
                       redirect_uri=REDIRECT_URI, code_challenge_method="S256") as rp:
        verifier = "v" * 64
        url, _ = rp.create_authorization_url(f"{idp.issuer}/auth", nonce=nonce,
                                             code_verifier=verifier)
        code = query(log_in_at_provider(url, "lead-a"))["code"]
        token = rp.fetch_token(f"{idp.issuer}/token", code=code, code_verifier=verifier)
    return token["id_token"], nonce


def test_a_token_for_another_audience_is_refused(world, idp):
    id_token, nonce = _token_for_other_client(idp)
    keys = oidc.signing_keys(world["provider_a"].jwks_uri)
    with pytest.raises(oidc.OidcRefused) as refused:
        oidc.verify_id_token(world["provider_a"], id_token, nonce, keys)
    assert refused.value.reason == "the ID token's claims are wrong: Invalid claim: 'aud'"


def _claims(world, nonce="n"):
    now = int(time.time())
    return {"iss": world["provider_a"].issuer, "aud": "portal", "sub": "lead-a",
            "iat": now, "exp": now + 300, "nonce": nonce, "email": "lead@office-a.test",
            "email_verified": True}


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("attack", ["alg none", "unknown key", "published kid, other key",
                                    "HS256 with the public key", "no kid", "not a JWT"])
def test_forged_tokens_are_refused(world, attack):
    provider = world["provider_a"]
    keys = oidc.signing_keys(provider.jwks_uri)
    claims, mine = _claims(world), RSAKey.generate_key(2048)
    if attack == "alg none":
        token = f"{_b64({'alg': 'none', 'kid': 'test-key-1'})}.{_b64(claims)}."
    elif attack == "unknown key":
        token = jwt.encode({"alg": "RS256", "kid": "attacker"}, claims, mine)
    elif attack == "published kid, other key":
        token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, mine)
    elif attack == "HS256 with the public key":
        public = json.dumps(keys.keys[0].as_dict(private=False))
        token = jwt.encode({"alg": "HS256", "kid": "test-key-1"}, claims,
                           OctKey.import_key(public.encode()))
    elif attack == "no kid":
        token = jwt.encode({"alg": "RS256"}, claims, mine)
    else:
        token = "not-a-jwt"
    with pytest.raises(oidc.OidcRefused) as refused:
        oidc.verify_id_token(provider, token, "n", keys)
    assert refused.value.reason == {
        "alg none": "the ID token's algorithm 'none' is not accepted",
        "unknown key": "the ID token is signed with a key the provider does not publish",
        "published kid, other key": "the ID token's signature is not right",
        "HS256 with the public key": "the ID token's algorithm 'HS256' is not accepted",
        "no kid": "the ID token's signature is not right",
        "not a JWT": "the ID token is not a signed JWT",
    }[attack]


def test_a_well_formed_token_of_our_own_making_is_refused_only_for_its_key(world):
    """The control for the forgeries: the same claims pass every check but the signature."""
    provider = world["provider_a"]
    mine = RSAKey.generate_key(2048, parameters={"kid": "attacker"})
    token = jwt.encode({"alg": "RS256", "kid": "attacker"}, _claims(world), mine)
    from joserfc.jwk import KeySet

    claims = oidc.verify_id_token(provider, token, "n", KeySet([mine]))
    assert claims["email"] == "lead@office-a.test"


# --- discovery -------------------------------------------------------------------------------

class _Discovery(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def bad_discovery():
    """A server on 127.0.0.1 that answers every request with the body the test sets."""
    server = HTTPServer(("127.0.0.1", 0), type("Handler", (_Discovery,), {}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def _register_page(client, office, issuer: str):
    return client.post("/identity-providers/new", data={
        "whose": str(office.id), "issuer": issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "new.test",
        "trust_provider_mfa": "no"})


def _good_document(issuer: str) -> dict:
    return {"issuer": issuer, "authorization_endpoint": f"{issuer}/auth",
            "token_endpoint": f"{issuer}/token", "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"]}


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html>not json</html>", "the discovery document is not JSON"),
    (b"[1, 2]", "the discovery document is not a JSON object"),
    ("another issuer", "the discovery document names another issuer"),
    ("no jwks", "the discovery document's jwks_uri is missing or not https"),
    ("jwks elsewhere", "the discovery document's jwks_uri is missing or not https"),
    ("no code flow", "the discovery document's response_types_supported lacks code"),
    ("no S256", "the discovery document's code_challenge_methods_supported lacks S256"),
    ("HS256 only", "the provider signs ID tokens with no algorithm we accept"),
    ("bad key set", "the key set does not load"),
])
def test_a_malformed_discovery_document_saves_nothing(world, db, app, bad_discovery, body,
                                                      reason):
    from tests.conftest import sign_in_client

    issuer = f"http://127.0.0.1:{bad_discovery.server_port}"
    document = _good_document(issuer)
    changes = {"another issuer": {"issuer": "https://evil.example"},
               "no jwks": {"jwks_uri": None}, "jwks elsewhere": {"jwks_uri": "http://x.example"},
               "no code flow": {"response_types_supported": ["id_token"]},
               "no S256": {"code_challenge_methods_supported": ["plain"]},
               "HS256 only": {"id_token_signing_alg_values_supported": ["HS256"]},
               "bad key set": {"keys": [{"kty": "nonsense"}]}}
    if isinstance(body, str):
        document.update(changes[body])
        body = json.dumps(document).encode()
    bad_discovery.RequestHandlerClass.body = body
    admin = sign_in_client(app, world["admin"])
    response = _register_page(admin, world["b"], issuer)
    assert response.status_code == 400
    assert f"The provider's discovery document could not be used: {reason}" in html.unescape(
        response.text)
    assert db.session.scalar(select(func.count()).select_from(IdentityProvider)) == 2


def test_a_provider_that_does_not_answer_saves_nothing(world, db, app):
    from tests.conftest import sign_in_client

    admin = sign_in_client(app, world["admin"])
    response = _register_page(admin, world["b"], f"http://127.0.0.1:{free_port()}")
    assert response.status_code == 400
    assert "discovery document could not be used: the discovery document did not answer" in (
        response.text)
    response = _register_page(admin, world["b"], "http://login.example.org")
    assert response.status_code == 400 and "must start with https://" in response.text
    assert db.session.scalar(select(func.count()).select_from(IdentityProvider)) == 2


def test_a_provider_down_at_sign_in_signs_nobody_in(world, client, db):
    world["provider_a"].issuer = f"http://127.0.0.1:{free_port()}"
    db.session.commit()
    response = client.post("/sign-in/office-account/office",
                           data={"choose-provider": str(world["provider_a"].id)})
    assert response.status_code == 502
    assert "sign-in service is not answering properly" in response.text
    assert refusals(db) == ["the discovery document did not answer"]
    assert db.session.scalar(select(func.count()).select_from(OidcLogin)) == 0


# --- the register ----------------------------------------------------------------------------

def test_the_admin_registers_changes_and_removes_a_provider_through_the_pages(world, db, app,
                                                                             idp):
    from tests.conftest import sign_in_client

    admin = sign_in_client(app, world["admin"])
    office_b = world["b"]
    page = admin.get("/identity-providers/new")
    assert page.status_code == 200 and REDIRECT_URI in page.text
    response = admin.post("/identity-providers/new", data={
        "whose": str(office_b.id), "issuer": idp.issuer, "client_id": "portal",
        "client_secret": "portal-secret", "allowed_domains": "@Office-B.test, b2.test",
        "trust_provider_mfa": "no"})
    assert response.status_code == 302
    provider = db.session.scalar(select(IdentityProvider).where(
        IdentityProvider.office_id == office_b.id))
    assert provider.domains == ["office-b.test", "b2.test"]
    assert provider.end_session_endpoint == f"{idp.issuer}/session/end"
    listing = admin.get("/identity-providers/")
    assert "Office B" in listing.text and "office-b.test, b2.test" in listing.text
    assert "portal-secret" not in listing.text
    duplicate = admin.post(f"/identity-providers/{provider.id}/edit", data={
        "whose": str(office_b.id), "issuer": idp.issuer, "client_id": "portal",
        "allowed_domains": "office-a.test", "trust_provider_mfa": "no"})
    assert duplicate.status_code == 400 and "already a domain of another" in duplicate.text
    kept = admin.post(f"/identity-providers/{provider.id}/edit", data={
        "whose": str(office_b.id), "issuer": idp.issuer, "client_id": "portal",
        "allowed_domains": "office-b.test", "trust_provider_mfa": "yes"})
    assert kept.status_code == 302  # an empty secret keeps the stored one
    assert admin.post(f"/identity-providers/{provider.id}/remove").status_code == 302
    assert db.session.get(IdentityProvider, provider.id) is None
    logged = set(actions(db))
    assert {"identity_provider.registered", "identity_provider.updated",
            "identity_provider.removed"} <= logged
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "identity_provider.registered",
        AuditEntry.object_id == str(provider.id)))
    assert "portal-secret" not in json.dumps(entry.after)


@pytest.mark.parametrize(("fields", "message"), [
    ({"allowed_domains": "not a domain!"}, "is not an email domain"),
    ({"allowed_domains": ""}, "Enter email domains"),
    ({"client_secret": ""}, "Enter the client secret, or name one in the configuration"),
    ({"secret_name": "NOT_SET_ANYWHERE", "client_secret": ""},
     "Set NETWORK_OIDC_SECRET_NOT_SET_ANYWHERE"),
    ({"secret_name": "bad name", "client_secret": ""}, "capital letters, numbers and underscores"),
    ({"secret_name": "PORTAL"}, "Either name a secret in the configuration or type the secret"),
    ({"whose": ""}, "Select whose provider it is"),
    ({"whose": "999999"}, "Not a valid choice"),
    ({"whose": "secretariat"}, "The secretariat already has an identity provider"),
    ({"issuer": "x" * 600}, "Issuer address must be 500 characters or fewer"),
    ({"issuer": "http://127.0.0.1:1/\x00"}, "discovery document could not be used"),
])
def test_bad_input_on_the_register_form(world, db, app, idp, fields, message):
    from tests.conftest import sign_in_client

    admin = sign_in_client(app, world["admin"])
    data = {"whose": str(world["b"].id), "issuer": idp.issuer, "client_id": "portal",
            "client_secret": "portal-secret", "allowed_domains": "office-b.test",
            "trust_provider_mfa": "no", **fields}
    response = admin.post("/identity-providers/new", data=data)
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(select(func.count()).select_from(IdentityProvider)) == 2


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


def test_the_audit_log_tells_the_story_of_each_sign_in(world, client, db, app):
    from tests.conftest import sign_in_client

    sign_in_through(client, world["provider_a"], "lead-a")
    sign_in_through(app.test_client(), world["provider_a"], "newcomer-a")
    page = sign_in_client(app, world["admin"]).get("/audit/")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for sentence in ("Went to their office's identity provider to sign in",
                     "Signed in through their office's identity provider",
                     "Was refused signing in through an identity provider",
                     "nobody active was invited with this email address",
                     "Registered an office's identity provider"):
        assert sentence in text, sentence


@pytest.mark.parametrize(("change", "reason"), [
    ({"iss": "https://login.evil.example"}, "Invalid claim: 'iss'"),
    ({"aud": ["portal", "someone-else"]}, "the ID token is meant for several parties, not us"),
    ({"exp": None}, "Missing claim: 'exp'"),
    ({"iat": None}, "Missing claim: 'iat'"),
    ({"nonce": None}, "Missing claim: 'nonce'"),
    ({"sub": None}, "Missing claim: 'sub'"),
    ({"nbf": int(time.time()) + 3600}, "The token is not yet valid"),
    ({"exp": float("nan")}, "Claim 'exp' must be a NumericDate value"),
])
def test_each_claim_is_checked(world, change, reason):
    """Tokens signed with a key the check is told to trust (ours), so that only the one claim
    is wrong: the claim checks do not lean on the signature check."""
    from joserfc.jwk import KeySet

    mine = RSAKey.generate_key(2048, parameters={"kid": "ours"})
    claims = {k: v for k, v in {**_claims(world), **change}.items() if v is not None}
    token = jwt.encode({"alg": "RS256", "kid": "ours"}, claims, mine)
    with pytest.raises(oidc.OidcRefused) as refused:
        oidc.verify_id_token(world["provider_a"], token, "n", KeySet([mine]))
    assert reason in refused.value.reason


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

"""The ID token's checks with tokens the test identity provider would never issue (alg none,
keys it does not publish, each claim wrong in turn) and a real one for another audience; the
provider's discovery document broken every way; the admin's register of providers."""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.members import oidc
from network.members.models import IdentityProvider, OidcLogin
from tests.oidc import free_port, log_in_at_provider, query
from tests.oidc.steps import REDIRECT_URI, actions, refusals, sign_in_through


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
    assert "<title>Error: Sign in with your office" in html.unescape(response.text)
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
    ({"whose": "999999"}, "Select one of the options in the list"),
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

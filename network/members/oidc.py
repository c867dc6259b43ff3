"""OpenID Connect with an office's own identity provider: discovery, the client secret, the
authorization code flow with PKCE (Authlib's OAuth 2 client) and the ID token's checks
(joserfc, Authlib's JOSE library).

Nothing here touches the database or the audit log: services/oidc_signin.py does, around
these calls. Every refusal is an `OidcRefused` with a sentence for the person and a short
reason for the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

from network.errors import DomainError

SCOPE = "openid email profile"
MAX_DOCUMENT_BYTES = 512 * 1024
LOCAL_HOSTS = {"127.0.0.1"}
REFUSED = ("Signing in through your office's account did not work. Try again, or ask the "
           "secretariat.")
UNAVAILABLE = ("Your office's sign-in service is not answering properly. Try again later, or "
               "ask the secretariat.")


class OidcRefused(DomainError):
    """A step of signing in through a provider failed: `message` for the person, `reason` for
    the audit log."""

    def __init__(self, message: str, reason: str, field: str | None = None):
        super().__init__(message, field)
        self.reason = reason


def clock() -> float:
    """The time the ID token's times are checked against (tests move it)."""
    return time.time()


# --- addresses and documents -----------------------------------------------------------------

def address_problem(url: str) -> str | None:
    """Why a provider address may not be used (None if it may): https only, except plain http
    to 127.0.0.1 while testing or developing."""
    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname:
        return None
    local = parts.hostname in LOCAL_HOSTS and current_app.config["ENV_NAME"] in (
        "testing", "development")
    if parts.scheme == "http" and local:
        return None
    return "must start with https://"


def _get_json(url: str, what: str) -> dict:
    """A JSON object from a provider, fetched with the configured timeout and size limit."""
    if address_problem(url):
        raise OidcRefused(UNAVAILABLE, f"{what} address is not https")
    try:
        with requests.get(url, timeout=current_app.config["OIDC_HTTP_TIMEOUT"], stream=True,
                          allow_redirects=False, headers={"Accept": "application/json"}) as resp:
            body = resp.raw.read(MAX_DOCUMENT_BYTES + 1, decode_content=True)
            status = resp.status_code
    except (requests.RequestException, OSError) as exc:
        raise OidcRefused(UNAVAILABLE, f"{what} did not answer") from exc
    if status != 200:
        raise OidcRefused(UNAVAILABLE, f"{what} answered HTTP {status}")
    if len(body) > MAX_DOCUMENT_BYTES:
        raise OidcRefused(UNAVAILABLE, f"{what} is too large")
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise OidcRefused(UNAVAILABLE, f"{what} is not JSON") from exc
    if not isinstance(document, dict):
        raise OidcRefused(UNAVAILABLE, f"{what} is not a JSON object")
    return document


@dataclass(frozen=True)
class Discovery:
    """What a provider's discovery document says the portal needs."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


def discover(issuer: str) -> Discovery:
    """Fetch and check the provider's discovery document (and that its keys load)."""
    issuer = (issuer or "").strip()
    if address_problem(issuer):
        raise OidcRefused("The issuer address must start with https://", "issuer not https",
                          "issuer")
    doc = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration",
                    "the discovery document")

    def text(key: str, required: bool = True) -> str:
        value = doc.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value or address_problem(value):
            raise OidcRefused(UNAVAILABLE, f"the discovery document's {key} is missing or "
                                           "not https")
        return value

    if doc.get("issuer") not in (issuer, issuer.rstrip("/")):
        raise OidcRefused(UNAVAILABLE, "the discovery document names another issuer")
    found = Discovery(issuer=doc["issuer"], authorization_endpoint=text("authorization_endpoint"),
                      token_endpoint=text("token_endpoint"), jwks_uri=text("jwks_uri"),
                      end_session_endpoint=text("end_session_endpoint", required=False))
    _check_listed(doc, "response_types_supported", "code", required=True)
    _check_listed(doc, "code_challenge_methods_supported", "S256")
    algorithms = doc.get("id_token_signing_alg_values_supported")
    if isinstance(algorithms, list) and not set(algorithms) & set(_algorithms()):
        raise OidcRefused(UNAVAILABLE, "the provider signs ID tokens with no algorithm we accept")
    signing_keys(found.jwks_uri)
    return found


def _check_listed(doc: dict, key: str, value: str, required: bool = False) -> None:
    listed = doc.get(key)
    if listed is None and not required:
        return
    if not isinstance(listed, list) or value not in listed:
        raise OidcRefused(UNAVAILABLE, f"the discovery document's {key} lacks {value}")


def signing_keys(jwks_uri: str) -> KeySet:
    """The provider's published signing keys."""
    document = _get_json(jwks_uri, "the key set")
    try:
        keys = KeySet.import_key_set(document)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise OidcRefused(UNAVAILABLE, "the key set does not load") from exc
    if not keys.keys:
        raise OidcRefused(UNAVAILABLE, "the key set is empty")
    return keys


# --- the client secret -----------------------------------------------------------------------

def _secret_key() -> bytes:
    master = (current_app.config.get("OIDC_SECRET_KEY") or "").encode() or (
        b"secret-key:" + current_app.config["SECRET_KEY"].encode())
    return hmac.new(master, b"ukmn oidc client secret v1", hashlib.sha256).digest()


def _secret_context(client_id: str) -> bytes:
    return f"ukmn oidc client secret for {client_id}".encode()


def seal_secret(client_id: str, secret: str) -> bytes:
    """A client secret encrypted and authenticated (AES-256-GCM) for storing."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(_secret_key()).encrypt(nonce, secret.encode(),
                                                 _secret_context(client_id))


def unseal_secret(client_id: str, sealed: bytes) -> str:
    """The client secret back from its sealed form (refused if altered or the key changed)."""
    try:
        plain = AESGCM(_secret_key()).decrypt(sealed[:12], sealed[12:],
                                              _secret_context(client_id))
    except (InvalidTag, ValueError) as exc:
        raise OidcRefused(UNAVAILABLE, "the stored client secret does not open") from exc
    return plain.decode()


def config_secret_key(name: str) -> str:
    """The configuration key a named client secret is read from."""
    return f"OIDC_SECRET_{name.upper()}"


def client_secret(provider) -> str:
    """The provider's client secret, from the configuration or its sealed copy."""
    if provider.secret_name:
        value = current_app.config.get(config_secret_key(provider.secret_name))
        if not isinstance(value, str) or not value:
            raise OidcRefused(UNAVAILABLE, f"{config_secret_key(provider.secret_name)} is not "
                                           "set")
        return value
    if provider.secret_sealed:
        return unseal_secret(provider.client_id, provider.secret_sealed)
    raise OidcRefused(UNAVAILABLE, "the provider has no client secret")


# --- the authorization code flow -------------------------------------------------------------

@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and the secrets to keep until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def _client(provider, redirect_uri: str, secret: str | None = None) -> OAuth2Session:
    return OAuth2Session(provider.client_id, secret, scope=SCOPE, redirect_uri=redirect_uri,
                         code_challenge_method="S256",
                         token_endpoint_auth_method="client_secret_basic")  # noqa: S106


def authorization_request(provider, redirect_uri: str) -> AuthorizationRequest:
    """The authorization URL with a fresh state, nonce and PKCE (S256) challenge."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    with _client(provider, redirect_uri) as client:
        url, _ = client.create_authorization_url(provider.authorization_endpoint, state=state,
                                                 nonce=nonce, code_verifier=verifier)
    return AuthorizationRequest(url, state, nonce, verifier)


def exchange_code(provider, code: str, code_verifier: str, redirect_uri: str) -> str:
    """Trade the authorization code (and the PKCE verifier) for the ID token."""
    if address_problem(provider.token_endpoint):
        raise OidcRefused(UNAVAILABLE, "token endpoint is not https")
    with _client(provider, redirect_uri, client_secret(provider)) as client:
        try:
            token = client.fetch_token(provider.token_endpoint, grant_type="authorization_code",
                                       code=code, code_verifier=code_verifier,
                                       timeout=current_app.config["OIDC_HTTP_TIMEOUT"],
                                       allow_redirects=False)
        except AuthlibBaseError as exc:
            raise OidcRefused(REFUSED, f"the token endpoint refused the code: {exc.error}") from exc
        except (requests.RequestException, OSError, ValueError) as exc:
            raise OidcRefused(UNAVAILABLE, "the token endpoint did not answer") from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcRefused(REFUSED, "the token response has no ID token")
    return id_token


# --- the ID token ----------------------------------------------------------------------------

def _algorithms() -> list[str]:
    return [a for a in current_app.config["OIDC_ALGORITHMS"]
            if isinstance(a, str) and a.lower() != "none" and not a.upper().startswith("HS")]


def _header(id_token: str) -> dict:
    parts = id_token.split(".")
    if len(parts) != 3:
        raise OidcRefused(REFUSED, "the ID token is not a signed JWT")
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    except ValueError as exc:
        raise OidcRefused(REFUSED, "the ID token's header does not decode") from exc
    if not isinstance(header, dict):
        raise OidcRefused(REFUSED, "the ID token's header is not an object")
    return header


def verify_id_token(provider, id_token: str, nonce: str, keys: KeySet) -> dict:
    """The ID token's claims once its signature (by one of the provider's published keys, with
    an accepted algorithm), issuer, audience, times and nonce are right."""
    header = _header(id_token)
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in _algorithms():
        raise OidcRefused(REFUSED, f"the ID token's algorithm {str(alg)[:20]!r} is not accepted")
    kid = header.get("kid")
    matching = [k for k in keys.keys if kid is None or k.kid == kid]
    if not matching or (kid is None and len(keys.keys) != 1):
        raise OidcRefused(REFUSED, "the ID token is signed with a key the provider does not "
                                   "publish")
    try:
        token = jwt.decode(id_token, matching[0], algorithms=[alg])
    except JoseError as exc:
        raise OidcRefused(REFUSED, "the ID token's signature is not right") from exc
    claims = token.claims
    skew = int(current_app.config["OIDC_CLOCK_SKEW"])
    registry = jwt.JWTClaimsRegistry(
        now=int(clock()), leeway=skew,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise OidcRefused(REFUSED, "the ID token has expired") from exc
    except (InvalidClaimError, MissingClaimError) as exc:
        raise OidcRefused(REFUSED, f"the ID token's claims are wrong: {exc.description}") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OidcRefused(REFUSED, "the ID token is meant for several parties, not us")
    if not isinstance(nonce, str) or not hmac.compare_digest(str(claims["nonce"]), nonce):
        raise OidcRefused(REFUSED, "the ID token's nonce is not ours")
    return dict(claims)


def is_multi_factor(claims: dict) -> bool:
    """Whether the ID token says the person used more than one factor (`amr`)."""
    methods = claims.get("amr")
    if not isinstance(methods, list):
        return False
    return bool({m for m in methods if isinstance(m, str)}
                & set(current_app.config["OIDC_MFA_METHODS"]))

"""Offices' own identity providers: the secretariat admin's register of them, and signing in
through one (started, succeeded or refused, each step audited).

A provider signs in only people already invited: an active person whose verified email is in
one of the provider's domains and who belongs to the provider's office (or, for the
secretariat's provider, who has a secretariat role). Signing in never creates anyone.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import select, update

from network import audit
from network.db import utcnow
from network.errors import ValidationFailed
from network.extensions import db
from network.members import oidc, policy
from network.members.models import IdentityProvider, Office, OidcLogin, Person, SignInAttempt
from network.members.services.signin import check_throttle, normalise_email, token_hash

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SECRET_NAME = re.compile(r"^[A-Z0-9_]{1,40}$")
NOT_INVITED = ("There is no invitation to the portal for the account you signed in with. Ask "
               "your office lead or the secretariat to invite you, using your work email address.")
FIELDS = ["office_id", "serves_secretariat", "issuer", "client_id", "secret_name",
          "allowed_domains", "trust_provider_mfa", "end_session_endpoint"]


# --- the register ----------------------------------------------------------------------------

def parse_domains(text: str) -> list[str]:
    """Email domains typed one a line or separated by commas, checked and lower-cased."""
    found = []
    for part in re.split(r"[\s,;]+", (text or "").strip().lower()):
        domain = part.removeprefix("@")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            raise ValidationFailed(f"{domain[:80]} is not an email domain, like "
                                   "manchester.gov.uk", "allowed_domains")
        if domain not in found:
            found.append(domain)
    if not found:
        raise ValidationFailed("Enter at least one email domain", "allowed_domains")
    if len("\n".join(found)) > 2000:
        raise ValidationFailed("Enter fewer email domains", "allowed_domains")
    return found


def _check_unique(provider: IdentityProvider, domains: list[str]) -> None:
    others = list(db.session.scalars(select(IdentityProvider)
                                     .where(IdentityProvider.id != (provider.id or 0))))
    for other in others:
        if provider.office_id is not None and other.office_id == provider.office_id:
            raise ValidationFailed("That office already has an identity provider", "whose")
        if provider.serves_secretariat and other.serves_secretariat:
            raise ValidationFailed("The secretariat already has an identity provider", "whose")
        shared = sorted(set(other.domains) & set(domains))
        if shared:
            raise ValidationFailed(f"{shared[0]} is already a domain of another identity "
                                   "provider", "allowed_domains")


def _apply(provider: IdentityProvider, data: dict) -> None:
    office: Office | None = data.get("office")
    if office is None and not data.get("for_secretariat"):
        raise ValidationFailed("Select whose provider it is", "whose")
    provider.office_id = office.id if office else None
    provider.serves_secretariat = office is None
    client_id = (data.get("client_id") or "").strip()
    if not client_id:
        raise ValidationFailed("Enter the client ID", "client_id")
    domains = parse_domains(data.get("allowed_domains", ""))
    _check_unique(provider, domains)
    secret_name = (data.get("secret_name") or "").strip().upper()
    typed = data.get("client_secret") or ""
    if secret_name and typed:
        raise ValidationFailed("Either name a secret in the configuration or type the secret, "
                               "not both", "client_secret")
    if secret_name:
        if not SECRET_NAME.match(secret_name):
            raise ValidationFailed("The secret's name must be capital letters, numbers and "
                                   "underscores", "secret_name")
        if not current_app.config.get(oidc.config_secret_key(secret_name)):
            raise ValidationFailed(f"Set NETWORK_{oidc.config_secret_key(secret_name)} in the "
                                   "portal's configuration first", "secret_name")
        provider.secret_name, provider.secret_sealed = secret_name, None
    elif typed:
        provider.secret_name, provider.secret_sealed = "", oidc.seal_secret(client_id, typed)
    elif not provider.secret_sealed or client_id != provider.client_id:
        raise ValidationFailed("Enter the client secret, or name one in the configuration",
                               "client_secret")
    provider.client_id = client_id
    provider.allowed_domains = "\n".join(domains)
    provider.trust_provider_mfa = bool(data.get("trust_provider_mfa"))
    try:
        found = oidc.discover(data.get("issuer") or "")
    except oidc.OidcRefused as exc:
        message = exc.message if exc.field else (
            f"The provider's discovery document could not be used: {exc.reason}")
        raise ValidationFailed(message, "issuer") from exc
    provider.issuer = found.issuer
    provider.authorization_endpoint = found.authorization_endpoint
    provider.token_endpoint, provider.jwks_uri = found.token_endpoint, found.jwks_uri
    provider.end_session_endpoint = found.end_session_endpoint


def register_provider(actor: Person, data: dict) -> IdentityProvider:
    """Add an office's (or the secretariat's) identity provider, once its discovery works."""
    policy.require(actor, "identity_provider.manage")
    provider = IdentityProvider()
    _apply(provider, data)
    db.session.add(provider)
    db.session.flush()
    audit.record("identity_provider.registered", actor=actor, obj=provider,
                 after=audit.changes(provider, FIELDS))
    return provider


def update_provider(actor: Person, provider: IdentityProvider, data: dict) -> None:
    """Change a provider's settings (its discovery is fetched and checked again)."""
    policy.require(actor, "identity_provider.manage")
    before = audit.changes(provider, FIELDS)
    sealed = provider.secret_sealed
    _apply(provider, data)
    after = audit.changes(provider, FIELDS)
    if provider.secret_sealed != sealed:
        after["client_secret"] = "changed"  # noqa: S105 (never the secret itself)
    audit.record("identity_provider.updated", actor=actor, obj=provider, before=before,
                 after=after)


def remove_provider(actor: Person, provider: IdentityProvider) -> None:
    """Stop an office signing in through its provider (passwords work again for it)."""
    policy.require(actor, "identity_provider.manage")
    audit.record("identity_provider.removed", actor=actor, obj=provider,
                 before=audit.changes(provider, FIELDS))
    db.session.execute(OidcLogin.__table__.delete().where(
        OidcLogin.provider_id == provider.id))
    db.session.delete(provider)


def providers() -> list[IdentityProvider]:
    """Every registered provider with its office, the secretariat's first."""
    return list(db.session.scalars(
        select(IdentityProvider).outerjoin(Office, IdentityProvider.office_id == Office.id)
        .options(db.contains_eager(IdentityProvider.office))
        .order_by(IdentityProvider.serves_secretariat.desc(), Office.name)
        .execution_options(populate_existing=True)
    ))


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider whose domains include this email address's domain."""
    domain = normalise_email(email).rpartition("@")[2]
    return next((p for p in providers() if domain and domain in p.domains), None)


# --- signing in ------------------------------------------------------------------------------

def _refuse(provider: IdentityProvider | None, exc: oidc.OidcRefused, ip_address: str,
            email: str = "") -> oidc.OidcRefused:
    """Audit a refusal (and count it against the address) and hand it back to raise."""
    audit.record("oidc.refused", obj=provider, actor_label=email[:320],
                 object_type="identityprovider",
                 after={"reason": exc.reason[:300]})
    db.session.add(SignInAttempt(email=email[:320] or _throttle_key(ip_address),
                                 ip_address=ip_address, succeeded=False))
    return exc


def _throttle_key(ip_address: str) -> str:
    return f"oidc:{ip_address}"[:320]


ENDPOINTS = ["authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint"]


def _follow_discovery(provider: IdentityProvider, found: oidc.Discovery) -> None:
    """Keep the endpoints the provider's discovery names now (audited when they move)."""
    before = audit.changes(provider, ENDPOINTS)
    for name in ENDPOINTS:
        setattr(provider, name, getattr(found, name))
    after = audit.changes(provider, ENDPOINTS)
    if after != before:
        audit.record("identity_provider.discovery_changed", obj=provider,
                     actor_label="discovery document", before=before, after=after)


def start(provider: IdentityProvider, redirect_uri: str, next_url: str,
          ip_address: str) -> oidc.AuthorizationRequest:
    """Check the provider's discovery still answers, then open a single-use login (state,
    nonce, PKCE verifier kept server-side) and return where to send the browser."""
    check_throttle(_throttle_key(ip_address), ip_address)
    try:
        found = oidc.discover(provider.issuer)
    except oidc.OidcRefused as exc:
        raise _refuse(provider, exc, ip_address) from exc
    _follow_discovery(provider, found)
    request = oidc.authorization_request(provider, redirect_uri)
    old = utcnow() - current_app.config["OIDC_LOGIN_MAX_AGE"]
    db.session.execute(OidcLogin.__table__.delete().where(OidcLogin.created_at < old))
    db.session.add(OidcLogin(state_hash=token_hash(request.state), provider_id=provider.id,
                             nonce=request.nonce, code_verifier=request.code_verifier,
                             next_url=(next_url or "")[:500]))
    audit.record("oidc.started", obj=provider, object_type="identityprovider")
    return request


@dataclass(frozen=True)
class SignedIn:
    """Who the provider signed in, through which provider, and whether its multi-factor
    assertion stands in for the portal's security code."""

    person: Person
    provider: IdentityProvider
    multi_factor: bool
    next_url: str


def _claim_login(state: str, expected_state: str | None) -> OidcLogin:
    """Use up the login behind `state` (once, in any worker), if this browser started it."""
    if not state or not expected_state or not hmac.compare_digest(state, expected_state):
        raise oidc.OidcRefused(oidc.REFUSED, "the state is not the one this browser was given")
    young = utcnow() - current_app.config["OIDC_LOGIN_MAX_AGE"]
    claimed = db.session.execute(
        update(OidcLogin)
        .where(OidcLogin.state_hash == token_hash(state), OidcLogin.used_at.is_(None),
               OidcLogin.created_at >= young)
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise oidc.OidcRefused(oidc.REFUSED, "the state was already used, or has expired")
    return db.session.scalar(
        select(OidcLogin).where(OidcLogin.state_hash == token_hash(state))
        .options(db.joinedload(OidcLogin.provider).joinedload(IdentityProvider.office)))


def finish(args: dict, expected_state: str | None, redirect_uri: str,
           ip_address: str) -> SignedIn:
    """The provider's answer (query arguments) checked end to end: state, code for ID token,
    the token, then the invited person it names."""
    check_throttle(_throttle_key(ip_address), ip_address)
    provider, email = None, ""
    try:
        login = _claim_login(str(args.get("state") or ""), expected_state)
        provider = login.provider
        if args.get("error"):
            raise oidc.OidcRefused(oidc.REFUSED, "the provider answered "
                                   f"{str(args.get('error'))[:60]!r}")
        iss = args.get("iss")
        if iss is not None and iss != provider.issuer:
            raise oidc.OidcRefused(oidc.REFUSED, "the answer names another issuer")
        code = str(args.get("code") or "")
        if not code or len(code) > 2000:
            raise oidc.OidcRefused(oidc.REFUSED, "the answer has no code")
        id_token = oidc.exchange_code(provider, code, login.code_verifier, redirect_uri)
        claims = oidc.verify_id_token(provider, id_token, login.nonce,
                                      oidc.signing_keys(provider.jwks_uri))
        email = normalise_email(claims.get("email") if isinstance(claims.get("email"), str)
                                else "")
        person = _invited_person(provider, claims, email)
    except oidc.OidcRefused as exc:
        raise _refuse(provider, exc, ip_address, email) from exc
    multi_factor = provider.trust_provider_mfa and oidc.is_multi_factor(claims)
    audit.record("oidc.succeeded", actor=person, obj=person,
                 after={"provider": provider.id, "issuer": provider.issuer,
                        "subject": str(claims["sub"])[:200],
                        "multi_factor_accepted": multi_factor})
    db.session.add(SignInAttempt(email=person.email, ip_address=ip_address, succeeded=True))
    return SignedIn(person, provider, multi_factor, login.next_url)


def _invited_person(provider: IdentityProvider, claims: dict, email: str) -> Person:
    """The invited, active person of the provider's office the ID token names."""
    if claims.get("email_verified") is not True:
        raise oidc.OidcRefused(NOT_INVITED, "the provider has not verified the email address")
    domain = email.rpartition("@")[2]
    if not email or domain not in provider.domains:
        raise oidc.OidcRefused(NOT_INVITED, "the email address is outside the provider's "
                                            "domains")
    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is None or not person.is_active:
        raise oidc.OidcRefused(NOT_INVITED, "nobody active was invited with this email address")
    if provider.serves_secretariat:
        belongs = person.role.is_secretariat
    else:
        belongs = person.role.is_member and person.office_id == provider.office_id
    if not belongs:
        raise oidc.OidcRefused(NOT_INVITED, "the person does not belong to the provider's "
                                            "office")
    return person


def end_session_url(provider_id) -> str:
    """The provider's sign-out address for someone who signed in through it ('' if none)."""
    provider = db.session.get(IdentityProvider, provider_id) if isinstance(
        provider_id, int) else None
    if provider is None or not provider.end_session_endpoint:
        return ""
    separator = "&" if "?" in provider.end_session_endpoint else "?"
    query = urlencode({"client_id": provider.client_id})
    return f"{provider.end_session_endpoint}{separator}{query}"

"""Per-office API tokens: created and revoked by the office lead, stored hashed, shown once."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from network import audit
from network.db import utcnow
from network.errors import Conflict, Forbidden, ValidationFailed
from network.extensions import db
from network.members import policy
from network.members.models import ApiToken, Office, Person
from network.members.services.signin import token_hash

TOKEN_PREFIX = "ukmn_"  # noqa: S105 - a public prefix, not a secret


def create_api_token(actor: Person, office: Office, name: str) -> tuple[ApiToken, str]:
    """Create a token for the office; the raw value is returned once and never stored."""
    if not policy.can(actor, "office.manage_tokens", office):
        raise Forbidden("You do not have permission to manage this office's API tokens")
    name = name.strip()
    if not name:
        raise ValidationFailed("Enter a name for the token", "name")
    clash = db.session.scalar(select(ApiToken).where(ApiToken.office_id == office.id,
                                                     ApiToken.name == name))
    if clash is not None:
        raise Conflict("This office already has a token with that name", "name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(office_id=office.id, name=name, prefix=raw[:12],
                     token_hash=token_hash(raw), created_by_id=actor.id)
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", actor=actor, obj=token,
                 after={"office_id": office.id, "name": name, "prefix": token.prefix})
    return token, raw


def revoke_api_token(actor: Person, token: ApiToken) -> None:
    """Revoke a token; requests with it are refused from now on."""
    if not policy.can(actor, "office.manage_tokens", token.office):
        raise Forbidden("You do not have permission to manage this office's API tokens")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token.revoked", actor=actor, obj=token)


def creator_stands_behind(creator: Person, token: ApiToken) -> bool:
    """A token acts for its office only within its creator's current rights: active, still of
    the token's office and still allowed to manage that office's tokens (its lead)."""
    return (creator.is_active and creator.office_id == token.office_id
            and policy.can(creator, "office.manage_tokens", token.office))


def revoke_tokens_outliving(actor: Person, creator: Person, reason: str) -> int:
    """After a change to `creator` (role, office, deactivation), revoke the live tokens they
    made that they no longer stand behind, each audited; returns how many."""
    live = db.session.scalars(
        select(ApiToken).where(ApiToken.created_by_id == creator.id,
                               ApiToken.revoked_at.is_(None))
        .options(db.joinedload(ApiToken.office))
    ).all()
    revoked = 0
    for token in live:
        if not creator_stands_behind(creator, token):
            token.revoked_at = utcnow()
            audit.record("api_token.revoked", actor=actor, obj=token,
                         after={"reason": reason, "created_by_id": creator.id})
            revoked += 1
    return revoked


def authenticate_api_token(raw: str) -> ApiToken | None:
    """The live token for a raw bearer value (with office loaded), or None; its last use is
    left in the database session for the request's end to commit."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_hash(raw),
                               ApiToken.revoked_at.is_(None))
        .options(db.joinedload(ApiToken.office), db.joinedload(ApiToken.created_by))
    )
    if token is None or not creator_stands_behind(token.created_by, token):
        return None
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        token.last_used_at = now
    return token

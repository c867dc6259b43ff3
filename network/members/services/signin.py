"""Sign-in: throttling, server-side sessions, TOTP, one-time links and passwords."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from network import audit
from network.db import utcnow
from network.errors import DomainError, TooManyAttempts, ValidationFailed
from network.extensions import db
from network.members import passwords, totp
from network.members.models import (
    IdentityProvider,
    OneTimeLink,
    Person,
    SignInAttempt,
    UserSession,
)

INVITATION, RESET = "invitation", "reset"
BAD_CREDENTIALS = "Enter a correct email address and password"
OFFICE_SIGN_IN = ("Your office signs in to the portal with its own accounts, not a portal "
                  "password: sign in with your office’s account")


OFFICE_KEEPS_IT = ("You sign in through your office’s own account, so your password is "
                   "changed there, not in the portal")


class UseOfficeSignIn(DomainError):
    """The person's office has its own identity provider, the only way its people sign in."""


def signs_in_through_office(person: Person) -> bool:
    """Whether the person's office has registered its own identity provider: its people then
    sign in only through it (password sign-in stays for offices without one, and for the
    secretariat, whose administrators keep it if their provider fails)."""
    return person.office_id is not None and db.session.scalar(
        select(IdentityProvider.id).where(IdentityProvider.office_id == person.office_id)
    ) is not None


def normalise_email(email: str) -> str:
    """Email addresses compare case-insensitively and without surrounding space."""
    return (email or "").strip().lower()


def token_hash(raw: str) -> str:
    """The stored form of a secret token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def find_person_by_email(email: str) -> Person | None:
    """The person with this email address, ignoring case."""
    return db.session.scalar(select(Person).where(Person.email == normalise_email(email)))


# --- throttling ------------------------------------------------------------------------------

def check_throttle(email: str, ip_address: str) -> None:
    """Refuse further attempts after too many failures for this account or address."""
    cfg = current_app.config
    since = utcnow() - cfg["THROTTLE_WINDOW"]
    limit = cfg["THROTTLE_MAX_FAILURES"]
    email = normalise_email(email)
    failures = db.session.execute(
        select(
            func.count().filter(SignInAttempt.email == email),
            func.count().filter(SignInAttempt.ip_address == ip_address),
            func.min(SignInAttempt.at),
        ).where(
            SignInAttempt.at >= since,
            SignInAttempt.succeeded.is_(False),
            or_(SignInAttempt.email == email, SignInAttempt.ip_address == ip_address),
        )
    ).one()
    if failures[0] >= limit or failures[1] >= limit:
        minutes = int(cfg["THROTTLE_WINDOW"].total_seconds() // 60)
        raise TooManyAttempts(
            f"Too many failed attempts. Wait {minutes} minutes, then try again, or reset "
            "your password."
        )


def authenticate(email: str, password: str, ip_address: str) -> Person | None:
    """Check email and password (None if wrong); every attempt is recorded and audited."""
    email = normalise_email(email)
    check_throttle(email, ip_address)
    person = find_person_by_email(email)
    ok = passwords.verify_password(person.password_hash if person else None, password)
    ok = ok and person is not None and person.is_active
    federated = ok and signs_in_through_office(person)
    db.session.add(SignInAttempt(email=email, ip_address=ip_address,
                                 succeeded=ok and not federated))
    if federated:
        audit.record("sign_in.password_refused", actor=person, obj=person)
        raise UseOfficeSignIn(OFFICE_SIGN_IN, "email")
    if not ok:
        audit.record("sign_in.failed", actor=person if person else None, actor_label=email,
                     object_type="person", object_id=str(person.id) if person else "")
        return None
    if passwords.needs_rehash(person.password_hash):
        person.password_hash = passwords.hash_password(password)
    audit.record("sign_in.password_ok", actor=person, obj=person)
    return person


# --- sessions --------------------------------------------------------------------------------

def start_session(person: Person, ip_address: str = "", user_agent: str = "") -> str:
    """Open a server-side session for a fully signed-in person; returns the raw session id."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=token_hash(raw), person_id=person.id,
                               ip_address=ip_address[:64], user_agent=user_agent[:300],
                               created_at=now, last_seen_at=now, reauthenticated_at=now))
    person.last_sign_in_at = now
    audit.record("sign_in.success", actor=person, obj=person)
    return raw


def load_session(raw: str | None) -> UserSession | None:
    """The live session for a raw id (with its person), ending it if idle too long; the
    touch or the ending is left in the database session for the request's end to commit."""
    if not raw:
        return None
    row = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == token_hash(raw),
                                  UserSession.ended_at.is_(None))
        .options(db.joinedload(UserSession.person).joinedload(Person.office))
    )
    if row is None or not row.person.is_active:
        return None
    now = utcnow()
    if now - row.last_seen_at > current_app.config["SESSION_IDLE_TIMEOUT"]:
        row.ended_at, row.end_reason = now, "idle"
        return None
    if (now - row.last_seen_at).total_seconds() > 60:  # write at most once a minute
        row.last_seen_at = now
    return row


def end_session(row: UserSession, reason: str) -> None:
    """End one session (sign-out)."""
    if row.ended_at is None:
        row.ended_at, row.end_reason = utcnow(), reason
        audit.record("sign_out", actor=row.person, obj=row.person, after={"reason": reason})


def end_all_sessions(person: Person, reason: str, keep: UserSession | None = None) -> int:
    """End every live session of a person (but `keep`); returns how many ended."""
    query = update(UserSession).where(
        UserSession.person_id == person.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    result = db.session.execute(query.values(ended_at=utcnow(), end_reason=reason))
    return result.rowcount or 0


def live_sessions(person: Person) -> list[UserSession]:
    """The person's sessions that have not ended, newest first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.person_id == person.id,
                                  UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    ))


def reauthenticate(row: UserSession, password: str) -> None:
    """Confirm the current password before a sensitive change."""
    if not passwords.verify_password(row.person.password_hash, password):
        audit.record("reauthenticate.failed", actor=row.person, obj=row.person)
        raise ValidationFailed("Your current password is not correct", "current_password")
    row.reauthenticated_at = utcnow()


def recently_reauthenticated(row: UserSession) -> bool:
    """Whether the session confirmed the password within the allowed time."""
    at = row.reauthenticated_at
    return at is not None and utcnow() - at <= current_app.config["REAUTH_MAX_AGE"]


# --- TOTP ------------------------------------------------------------------------------------

def check_totp(person: Person, code: str) -> bool:
    """Check a TOTP code for an enrolled person and burn its time step."""
    step = totp.matching_step(person.totp_secret or "", code, person.totp_last_step)
    if person.totp_secret is None or step is None or not _spend_step(person, step):
        audit.record("totp.failed", actor=person, obj=person)
        return False
    audit.record("totp.ok", actor=person, obj=person)
    return True


def _spend_step(person: Person, step: int) -> bool:
    """Move the person's last used step forward to `step` in the database, only if it is still
    behind: of requests racing with one code (in any worker) exactly one changes the row; the
    others wait for its commit, then see the step spent."""
    result = db.session.execute(
        update(Person)
        .where(Person.id == person.id,
               or_(Person.totp_last_step.is_(None), Person.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    spent = result.rowcount == 1
    if spent:
        set_committed_value(person, "totp_last_step", step)
    return spent


def confirm_totp_enrolment(person: Person, secret: str, code: str) -> None:
    """Enrol a new TOTP secret once the person proves their app shows the right code."""
    step = totp.matching_step(secret, code, None)
    if step is None:
        audit.record("totp.enrol_failed", actor=person, obj=person)
        raise ValidationFailed("Enter the 6-digit code your authenticator app shows now", "code")
    person.totp_secret, person.totp_last_step = secret, step
    person.totp_enrolled_at = utcnow()
    audit.record("totp.enrolled", actor=person, obj=person)


# --- one-time links --------------------------------------------------------------------------

def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"link-{purpose}")


def _max_age(purpose: str):
    cfg = current_app.config
    return cfg["INVITATION_MAX_AGE"] if purpose == INVITATION else cfg["PASSWORD_RESET_MAX_AGE"]


def create_link(person: Person, purpose: str) -> str:
    """A signed, expiring, single-use token for an invitation or reset; older ones stop working."""
    db.session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.person_id == person.id, OneTimeLink.purpose == purpose,
               OneTimeLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(OneTimeLink(purpose=purpose, token_hash=token_hash(raw), person_id=person.id,
                               expires_at=utcnow() + _max_age(purpose)))
    return _serializer(purpose).dumps(raw)


def find_link(signed: str, purpose: str) -> OneTimeLink:
    """The unused link behind a signed token, or a DomainError saying why it cannot be used."""
    try:
        raw = _serializer(purpose).loads(signed, max_age=int(_max_age(purpose).total_seconds()))
    except SignatureExpired as exc:
        raise DomainError("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise DomainError("This link is not valid. Check you copied all of it.") from exc
    link = db.session.scalar(
        select(OneTimeLink).where(OneTimeLink.token_hash == token_hash(raw),
                                  OneTimeLink.purpose == purpose)
        .options(db.joinedload(OneTimeLink.person))
    )
    if link is None or link.used_at is not None:
        raise DomainError("This link has already been used. Ask for a new one.")
    if link.expires_at < utcnow() or not link.person.is_active:
        raise DomainError("This link has expired. Ask for a new one.")
    return link


def use_link(signed: str, purpose: str, password: str) -> Person:
    """Set the person's password through an invitation or reset link, using it up."""
    link = find_link(signed, purpose)
    person = link.person
    set_password(person, password, action=f"password.set_by_{purpose}")
    link.used_at = utcnow()
    return person


def request_password_reset(email: str) -> None:
    """Email a reset link to an active person who has a password; silent otherwise."""
    from network.email import queue_email

    person = find_person_by_email(email)
    if person is None or not person.is_active or not person.has_password:
        audit.record("password.reset_requested_unknown", actor_label=normalise_email(email)[:320])
        return
    if signs_in_through_office(person):
        audit.record("password.reset_refused", actor=person, obj=person)
        return
    signed = create_link(person, RESET)
    queue_email(f"reset:{person.id}:{token_hash(signed)[:16]}", person.email,
                "Reset your password", "password_reset", person=person, token=signed,
                sensitive=True)
    audit.record("password.reset_requested", actor=person, obj=person)


# --- passwords -------------------------------------------------------------------------------

def set_password(person: Person, password: str, action: str = "password.set",
                 keep: UserSession | None = None) -> None:
    """Set a new password (rules checked) and end every other session of the person."""
    passwords.check_password_rules(password, email=person.email, name=person.name)
    person.password_hash = passwords.hash_password(password)
    person.password_changed_at = utcnow()
    end_all_sessions(person, "password_changed", keep=keep)
    audit.record(action, actor=person, obj=person)


def change_password(row: UserSession, current: str, new: str) -> None:
    """Change one's own password after confirming the current one."""
    reauthenticate(row, current)
    if current == new:
        raise ValidationFailed("Your new password must be different", "password")
    set_password(row.person, new, action="password.changed", keep=row)


"""What the `network users` commands do, kept apart from click for testing."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from network import audit
from network.errors import DomainError
from network.extensions import db
from network.members import passwords, totp
from network.members.models import Office, Person, Role
from network.members.services.signin import normalise_email


def add_user(email: str, name: str, role: str, office_slug: str | None, job_title: str,
             password: str) -> tuple[Person, str | None]:
    """Create an active person with a password; returns the TOTP URI for secretariat roles."""
    try:
        role_value = Role(role)
    except ValueError as exc:
        raise ValueError(f"Unknown role {role!r}: use one of "
                         f"{', '.join(r.value for r in Role)}") from exc
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise ValueError("Give a valid email address")
    if not name.strip():
        raise ValueError("Give a name")
    if db.session.scalar(select(Person).where(Person.email == email)):
        raise ValueError(f"{email} already has an account")
    office = None
    if office_slug:
        office = db.session.scalar(select(Office).where(Office.slug == office_slug))
        if office is None:
            raise ValueError(f"No office with slug {office_slug!r}")
    if role_value.is_member and office is None:
        raise ValueError("Member roles need --office")
    if not role_value.is_member and office is not None:
        raise ValueError("Only member roles belong to an office")
    try:
        passwords.check_password_rules(password, email=email, name=name)
    except DomainError as exc:
        raise ValueError(exc.message) from exc
    person = Person(email=email, name=name.strip(), job_title=job_title, role=role_value,
                    office_id=office.id if office else None,
                    password_hash=passwords.hash_password(password))
    uri = None
    if role_value.is_secretariat:
        person.totp_secret = totp.new_secret()
        uri = totp.provisioning_uri(person.totp_secret, email)
    db.session.add(person)
    db.session.flush()
    audit.record("person.added_by_cli", obj=person, actor_label="cli",
                 after={"email": email, "role": role_value.value})
    db.session.commit()
    return person, uri


def current_code(email: str | None) -> str:
    """The current TOTP code for an account (the demo secretariat if no email is given)."""
    if email is None:
        from network.members.demo import demo_totp_code

        return demo_totp_code()
    person = db.session.scalar(select(Person).where(Person.email == normalise_email(email)))
    if person is None or not person.totp_secret:
        raise ValueError(f"{email} has no security codes set up")
    return pyotp.TOTP(person.totp_secret).now()

"""Member offices and people: create, invite, change role, deactivate, designate the voter."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from network import audit
from network.email import queue_email
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members import policy
from network.members.models import Office, OfficeStatus, Person, Role
from network.members.services.signin import (
    INVITATION,
    create_link,
    end_all_sessions,
    find_person_by_email,
    normalise_email,
    token_hash,
)
from network.members.services.tokens import revoke_tokens_outliving
from network.wording import with_article

OFFICE_FIELDS = ["name", "slug", "kind", "region", "mayor_name", "joined_on", "left_on", "status"]
PERSON_FIELDS = ["email", "name", "job_title", "office_id", "role", "is_active"]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(name: str) -> str:
    """A URL slug from an office name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80]


def _check_office(data: dict, office: Office | None = None) -> None:
    if not SLUG.match(data["slug"]):
        raise ValidationFailed("Slug must use lower-case letters, numbers and hyphens only", "slug")
    for field in ("name", "slug"):
        clash = db.session.scalar(select(Office).where(getattr(Office, field) == data[field]))
        if clash is not None and clash is not office:
            raise Conflict(f"Another office already has this {field}", field)
    left_on: date | None = data.get("left_on")
    if left_on and left_on < data["joined_on"]:
        raise ValidationFailed("Date left must be the same as or after the date joined", "left_on")
    if data["status"] == OfficeStatus.LEFT and not left_on:
        raise ValidationFailed("Enter the date the office left the network", "left_on")


def create_office(actor: Person, data: dict) -> Office:
    """Add a member office."""
    policy.require(actor, "office.create")
    data = {**data, "slug": data.get("slug") or slugify(data["name"])}
    _check_office(data)
    office = Office(**{k: data.get(k) for k in OFFICE_FIELDS})
    db.session.add(office)
    db.session.flush()
    audit.record("office.created", actor=actor, obj=office, after=audit.changes(office,
                                                                                 OFFICE_FIELDS))
    return office


def update_office(actor: Person, office: Office, data: dict) -> Office:
    """Change an office's details."""
    policy.require(actor, "office.edit", office)
    _check_office(data, office)
    before = audit.changes(office, OFFICE_FIELDS)
    for key in OFFICE_FIELDS:
        setattr(office, key, data.get(key))
    db.session.flush()
    audit.record("office.updated", actor=actor, obj=office, before=before,
                 after=audit.changes(office, OFFICE_FIELDS))
    return office


def _check_role_for_office(role: Role, office: Office | None) -> None:
    if role.is_member and office is None:
        raise ValidationFailed("Choose the office this person works for", "office")
    if not role.is_member and office is not None:
        raise ValidationFailed(f"{with_article(role.label.lower()).capitalize()} does not "
                               "belong to an office", "office")


def invite_person(actor: Person, *, email: str, name: str, job_title: str, role: Role,
                  office: Office | None) -> Person:
    """Create a person without a password and email them an invitation link."""
    if office is not None:
        policy.require(actor, "office.manage_people", office)
    else:
        policy.require(actor, "person.invite_any")
    if role not in policy.assignable_roles(actor):
        raise ValidationFailed("You cannot give that role", "role")
    _check_role_for_office(role, office)
    email = normalise_email(email)
    if find_person_by_email(email) is not None:
        raise Conflict("Someone with this email address already has an account", "email")
    person = Person(email=email, name=name.strip(), job_title=job_title.strip(), role=role,
                    office_id=office.id if office else None, is_active=True)
    db.session.add(person)
    db.session.flush()
    audit.record("person.invited", actor=actor, obj=person,
                 after=audit.changes(person, PERSON_FIELDS))
    send_invitation(actor, person, office)
    return person


def send_invitation(actor: Person, person: Person, office: Office | None = None) -> None:
    """(Re)send the invitation email; earlier invitation links stop working."""
    if office is None and person.office_id:
        office = db.session.get(Office, person.office_id)
    signed = create_link(person, INVITATION)
    queue_email(f"invitation:{person.id}:{token_hash(signed)[:16]}", person.email,
                "You are invited to the UK Mayors Network portal", "invitation",
                person=person, inviter=actor, office=office, token=signed, sensitive=True)


def resend_invitation(actor: Person, person: Person) -> None:
    """Send a new invitation link to someone who has not yet set a password."""
    policy.require(actor, "person.resend_invitation", person)
    send_invitation(actor, person)
    audit.record("person.invitation_resent", actor=actor, obj=person)


def change_role(actor: Person, person: Person, role: Role, office: Office | None) -> Person:
    """Give a person another role (and office); their sessions end so the change bites now."""
    policy.require(actor, "person.change_role", person)
    if role not in policy.assignable_roles(actor):
        raise ValidationFailed("You cannot give that role", "role")
    if office is not None and not policy.can(actor, "office.manage_people", office):
        raise ValidationFailed("You cannot move people to that office", "office")
    _check_role_for_office(role, office)
    before = audit.changes(person, PERSON_FIELDS)
    if person.office_id and (office is None or office.id != person.office_id):
        _clear_designations(person)
    person.role, person.office_id = role, office.id if office else None
    if role.is_secretariat and person.totp_secret is None:
        person.totp_last_step = None  # enrolment will be asked at next sign-in
    end_all_sessions(person, "role_changed")
    audit.record("person.role_changed", actor=actor, obj=person, before=before,
                 after=audit.changes(person, PERSON_FIELDS))
    revoke_tokens_outliving(actor, person, "creator_role_changed")
    return person


def _clear_designations(person: Person) -> None:
    office = db.session.get(Office, person.office_id)
    if office is None:
        return
    if office.voter_id == person.id:
        office.voter_id = None
    if office.substitute_id == person.id:
        office.substitute_id = None


def set_active(actor: Person, person: Person, active: bool) -> Person:
    """Deactivate (ending every session) or reactivate a person."""
    policy.require(actor, "person.reactivate" if active else "person.deactivate", person)
    if person.is_active == active:
        return person
    before = audit.changes(person, PERSON_FIELDS)
    person.is_active = active
    if not active:
        end_all_sessions(person, "deactivated")
        if person.office_id:
            _clear_designations(person)
    audit.record("person.reactivated" if active else "person.deactivated", actor=actor,
                 obj=person, before=before, after=audit.changes(person, PERSON_FIELDS))
    if not active:
        revoke_tokens_outliving(actor, person, "creator_deactivated")
    return person


def designate_voter(actor: Person, office: Office, voter: Person | None,
                    substitute: Person | None) -> Office:
    """Name the person who casts the office's vote, and the substitute who may instead."""
    policy.require(actor, "office.designate_voter", office)
    for field, person in (("voter", voter), ("substitute", substitute)):
        if person is not None and (person.office_id != office.id or not person.is_active):
            raise ValidationFailed(f"The {field} must be an active person of this office", field)
    if voter is not None and substitute is not None and voter.id == substitute.id:
        raise ValidationFailed("The substitute must be someone other than the voter",
                               "substitute")
    before = {"voter_id": office.voter_id, "substitute_id": office.substitute_id}
    office.voter_id = voter.id if voter else None
    office.substitute_id = substitute.id if substitute else None
    audit.record("office.voter_designated", actor=actor, obj=office, before=before,
                 after={"voter_id": office.voter_id, "substitute_id": office.substitute_id})
    return office

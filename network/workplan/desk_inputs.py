"""Checks the services of the secretariat's desk share (policy tracker, correspondence,
contacts): text, web links, email addresses, the secretariat person who owns a record, the
workstreams and meetings it links to. Each raises `ValidationFailed` naming the field."""

from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from network.errors import ValidationFailed
from network.extensions import db
from network.members.models import Person, Role
from network.workplan.meetings.models import Meeting
from network.workplan.workstreams.models import Workstream

SECRETARIAT_ROLES = (Role.SECRETARIAT, Role.SECRETARIAT_ADMIN)


def text(value: str | None, field: str, label: str, max_length: int,
         required: bool = True) -> str:
    """Trimmed text within `max_length`; "Enter <label>" when it is required and empty."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed(f"Enter {label}", field)
    if len(cleaned) > max_length:
        raise ValidationFailed(f"{label[0].upper()}{label[1:]} must be {max_length:,} "
                               "characters or fewer", field)
    return cleaned


def https_link(value: str | None, field: str, label: str, required: bool = True) -> str:
    """A web address that starts with https:// and names a host, with no spaces in it."""
    link = text(value, field, label, 2000, required)
    if not link:
        return link
    parts = urlsplit(link)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in link):
        raise ValidationFailed(f"{label[0].upper()}{label[1:]} must be a web address that "
                               "starts with https://, like https://www.gov.uk/...", field)
    return link


def email_address(value: str | None, field: str, required: bool = False) -> str:
    """An email address in the correct format (not checked for deliverability), or ''."""
    address = text(value, field, "an email address", 320, required)
    if not address:
        return address
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed("Enter an email address in the correct format, like "
                               "name@example.org", field) from exc
    return checked.normalized


def secretariat_person(person_id: int | None, field: str, required: bool = True) -> int | None:
    """The id of an active secretariat person (the owner of a record)."""
    if not person_id:
        if required:
            raise ValidationFailed("Choose the secretariat owner", field)
        return None
    person = db.session.get(Person, person_id)
    if person is None or not person.is_active or person.role not in SECRETARIAT_ROLES:
        raise ValidationFailed("Choose an owner from the secretariat", field)
    return person.id


def workstreams(ids, field: str) -> list[Workstream]:
    """The workstreams with these ids; every one must exist."""
    wanted = {int(i) for i in ids or []}
    if not wanted:
        return []
    found = list(db.session.scalars(select(Workstream).where(Workstream.id.in_(wanted))
                                    .order_by(Workstream.name)))
    if len(found) != len(wanted):
        raise ValidationFailed("Choose workstreams from the list", field)
    return found


def meetings(ids, field: str) -> list[Meeting]:
    """The meetings with these ids; every one must exist."""
    wanted = {int(i) for i in ids or []}
    if not wanted:
        return []
    found = list(db.session.scalars(select(Meeting).where(Meeting.id.in_(wanted))
                                    .order_by(Meeting.starts_at)))
    if len(found) != len(wanted):
        raise ValidationFailed("Choose meetings from the list", field)
    return found


def secretariat_choices(empty: str) -> list[tuple[str, str]]:
    """Select options of active secretariat people, led by an empty choice."""
    people = db.session.scalars(select(Person).where(
        Person.is_active.is_(True), Person.role.in_(SECRETARIAT_ROLES)).order_by(Person.name))
    return [("", empty)] + [(str(p.id), p.name) for p in people]

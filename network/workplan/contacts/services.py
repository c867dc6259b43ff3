"""Every change to the contacts directory: add a contact, change one, remove one."""

from __future__ import annotations

import re

from network import audit
from network.errors import ValidationFailed
from network.extensions import db
from network.members.models import Office, Person
from network.members.policy import require
from network.workplan import desk_inputs as check
from network.workplan.contacts.models import Contact

FIELDS = ["name", "organisation", "job_title", "email", "phone", "office_id", "notes"]
# Digits, spaces, brackets, dashes and dots, an optional leading + and an optional extension
PHONE = re.compile(r"^\+?[0-9 ().\-]+(?:\s*(?:ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


def _phone(value: str | None) -> str:
    phone = check.text(value, "phone", "a phone number", 40, required=False)
    digits = sum(ch.isdigit() for ch in phone)
    if phone and (not PHONE.match(phone) or not 6 <= digits <= 20):
        raise ValidationFailed("Enter a phone number, like 0117 496 0000 or +44 117 496 0000",
                               "phone")
    return phone


def _checked(data: dict) -> dict:
    """The contact's fields from `data`, checked; raises ValidationFailed on the first problem."""
    office_id = data.get("office_id") or None
    if office_id and db.session.get(Office, office_id) is None:
        raise ValidationFailed("Choose a member office from the list", "office")
    fields = {
        "name": check.text(data.get("name"), "name", "the contact's name", 200),
        "organisation": check.text(data.get("organisation"), "organisation",
                                   "the organisation", 200, required=False),
        "job_title": check.text(data.get("job_title"), "job_title", "the role", 200,
                                required=False),
        "email": check.email_address(data.get("email"), "email"),
        "phone": _phone(data.get("phone")),
        "office_id": office_id,
        "notes": check.text(data.get("notes"), "notes", "notes", 5000, required=False),
    }
    if not fields["email"] and not fields["phone"]:
        raise ValidationFailed("Enter an email address or a phone number", "email")
    return fields


def _snapshot(contact: Contact) -> dict:
    snapshot = audit.changes(contact, FIELDS)
    snapshot["workstream_ids"] = sorted(w.id for w in contact.workstreams)
    snapshot["meeting_ids"] = sorted(m.id for m in contact.meetings)
    return snapshot


def _link(contact: Contact, data: dict) -> None:
    contact.workstreams = check.workstreams(data.get("workstream_ids"), "workstreams")
    contact.meetings = check.meetings(data.get("meeting_ids"), "meetings")


def add_contact(actor: Person, data: dict) -> Contact:
    """Add someone to the directory (secretariat only)."""
    require(actor, "contact.create")
    contact = Contact(**_checked(data), created_by_id=actor.id)
    _link(contact, data)
    db.session.add(contact)
    db.session.flush()
    audit.record("contact.added", actor=actor, obj=contact, after=_snapshot(contact))
    return contact


def update_contact(actor: Person, contact: Contact, data: dict) -> Contact:
    """Change a contact's details, office, workstreams or meetings (secretariat only)."""
    require(actor, "contact.edit", contact)
    fields = _checked(data)
    before = _snapshot(contact)
    for name, value in fields.items():
        setattr(contact, name, value)
    _link(contact, data)
    db.session.flush()
    after = _snapshot(contact)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        audit.record("contact.updated", actor=actor, obj=contact,
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    return contact


def remove_contact(actor: Person, contact: Contact) -> None:
    """Take someone out of the directory (they left, or asked to be removed); the audit entry
    keeps who removed whom and when, not their details."""
    require(actor, "contact.edit", contact)
    audit.record("contact.removed", actor=actor, obj=contact)
    contact.workstreams = []
    contact.meetings = []
    db.session.flush()
    db.session.delete(contact)
    db.session.flush()

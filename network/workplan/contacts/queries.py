"""Reads of the contacts directory: search and filters, one contact, form choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from network.db import utcnow
from network.extensions import db
from network.members import policy
from network.workplan.contacts.models import Contact, contact_workstream
from network.workplan.meetings.models import Meeting, MeetingStatus


@dataclass
class ContactFilters:
    """What the directory is narrowed to (every field optional)."""

    search: str = ""
    office_id: int | None = None
    workstream_id: int | None = None
    is_office_contact: bool | None = None


def _loaded(query: Select) -> Select:
    return query.options(selectinload(Contact.office), selectinload(Contact.workstreams))


def directory(principal, filters: ContactFilters) -> Select:
    """The contacts the principal may see, searched and filtered, by name."""
    query = select(Contact).where(policy.clause(principal, "contact.view"))
    words = filters.search.strip().lower().split()
    for word in words[:10]:
        query = query.where(or_(*(func.lower(column).contains(word, autoescape=True) for column
                                  in (Contact.name, Contact.organisation, Contact.job_title,
                                      Contact.email))))
    if filters.office_id:
        query = query.where(Contact.office_id == filters.office_id)
    if filters.is_office_contact is not None:
        query = query.where(Contact.office_id.is_not(None) if filters.is_office_contact
                            else Contact.office_id.is_(None))
    if filters.workstream_id:
        query = query.where(Contact.id.in_(select(contact_workstream.c.contact_id).where(
            contact_workstream.c.workstream_id == filters.workstream_id)))
    return _loaded(query.order_by(func.lower(Contact.name), Contact.id))


def for_export(query: Select) -> Select:
    """The directory query with meetings loaded as well (the exports list them)."""
    return query.options(selectinload(Contact.meetings))



def contact_with_links(contact_id: int) -> Contact | None:
    """One contact with office, workstreams and meetings (and their invitees) loaded."""
    return db.session.scalar(_loaded(select(Contact).where(Contact.id == contact_id)).options(
        selectinload(Contact.meetings).selectinload(Meeting.offices),
        selectinload(Contact.meetings).selectinload(Meeting.observers)))


def meeting_choices(linked=()) -> list[tuple[int, str]]:
    """Checkbox options: meetings from six months ago to a year ahead (not cancelled), and
    any already linked, soonest first."""
    now = utcnow()
    linked_ids = [m.id for m in linked]
    meetings = db.session.scalars(select(Meeting).where(or_(
        Meeting.id.in_(linked_ids),
        (Meeting.starts_at >= now - timedelta(days=183))
        & (Meeting.starts_at <= now + timedelta(days=366))
        & (Meeting.status != MeetingStatus.CANCELLED))).order_by(Meeting.starts_at))
    return [(m.id, f"{m.title} ({m.starts_at:%-d %b %Y})") for m in meetings]

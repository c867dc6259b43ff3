"""iCalendar (RFC 5545) for meetings: one .ics per meeting and a personal feed per person."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app, url_for
from icalendar import Calendar, Event, Timezone
from sqlalchemy import select

from network import audit
from network.db import utcnow
from network.extensions import db
from network.inputs import clean_text
from network.members.models import Person, Role
from network.time import local
from network.web import public_address
from network.workplan.meetings.models import CalendarFeed, Meeting, MeetingStatus

PRODID = "-//UK Mayors Network//Portal//EN"


def event_uid(kind: str, ident: int | str) -> str:
    """A UID stable whatever address a request came in on: calendars match events by it."""
    host = urlsplit(current_app.config["SERVER_NAME_FOR_EMAIL"] or "").netloc
    return f"{kind}-{ident}@{host or 'ukmayors.example'}"


def new_calendar(name: str) -> Calendar:
    """An empty PUBLISH calendar in the network's time zone."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    return cal


@lru_cache(maxsize=8)
def _timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a zone, worked out once a process: icalendar takes about 13 ms to
    build one, which made an invitation to 400 people cost seconds."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:
        return None  # a zone icalendar does not know is left out, as icalendar itself does


def finish(cal: Calendar) -> bytes:
    """The calendar as iCalendar text (control characters removed), with a VTIMEZONE for
    every zone its events use, ahead of the events."""
    known = len(cal.timezones)
    for tzid in sorted(cal.get_missing_tzids()):
        if (zone := _timezone(tzid)) is not None:
            cal.subcomponents.insert(known, zone)
            known += 1
    return clean_text(cal.to_ical().decode()).encode()


def meeting_event(meeting: Meeting) -> Event:
    """A VEVENT for a meeting; updates bump SEQUENCE and cancellations say so."""
    base = public_address()
    event = Event()
    event.add("uid", event_uid("meeting", meeting.id))
    event.add("dtstamp", meeting.updated_at or utcnow())
    event.add("last-modified", meeting.updated_at or utcnow())
    event.add("sequence", meeting.ics_sequence)
    event.add("summary", meeting.title)
    event.add("dtstart", local(meeting.starts_at))
    event.add("dtend", local(meeting.ends_at))
    place = ", ".join(p for p in (meeting.room, meeting.venue) if p)
    if place:
        event.add("location", place)
    link = base + url_for("meetings.detail", meeting_id=meeting.id)
    event.add("url", link)
    details = [f"{meeting.kind.label}. Agenda and papers: {link}"]
    if meeting.online_link:
        details.append(f"Join online: {meeting.online_link}")
    event.add("description", "\n".join(details))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def all_day_event(meeting: Meeting, kind: str, summary: str, day) -> Event:
    """An all-day VEVENT about a meeting (a deadline or a papers date), following the
    meeting's SEQUENCE and cancellation."""
    event = Event()
    event.add("uid", event_uid(kind, meeting.id))
    event.add("dtstamp", meeting.updated_at or utcnow())
    event.add("sequence", meeting.ics_sequence)
    event.add("summary", f"{summary}: {meeting.title}")
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED
              else "CONFIRMED")
    return event


def deadline_event(meeting: Meeting) -> Event:
    """An all-day VEVENT for a meeting's item submission deadline."""
    return all_day_event(meeting, "deadline", "Items due", meeting.submission_deadline_on)


def meeting_ics(meeting: Meeting) -> bytes:
    """A calendar file holding one meeting."""
    cal = new_calendar(meeting.title)
    cal.add_component(meeting_event(meeting))
    return finish(cal)


def invitation_ics(meeting: Meeting, person: Person, method: str) -> str:
    """An RFC 5546 iTIP message for one invitee: METHOD:REQUEST (an invitation or a change) or
    METHOD:CANCEL, with the UID and SEQUENCE of the calendar feed, so the diary updates the
    event it already holds. RSVP=FALSE: replies are made in the portal, not by email."""
    from email.utils import parseaddr

    cal = new_calendar(meeting.title)
    cal.pop("method")
    cal.add("method", method)
    event = meeting_event(meeting)
    if method == "CANCEL":
        event.pop("status")
        event.add("status", "CANCELLED")
    organiser = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    event.add("organizer", f"mailto:{organiser[1]}",
              parameters={"CN": organiser[0] or current_app.config["NETWORK_NAME"]})
    event.add("attendee", f"mailto:{person.email}",
              parameters={"CN": person.name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE",
                          "PARTSTAT": "NEEDS-ACTION", "CUTYPE": "INDIVIDUAL"})
    cal.add_component(event)
    return finish(cal).decode()


def feed_ics(person: Person, meetings: list[Meeting]) -> bytes:
    """A person's feed: their meetings and, for member offices, the item deadlines."""
    cal = new_calendar(f"{current_app.config['NETWORK_NAME']}: {person.name}")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
        if person.role in (Role.MEMBER_LEAD, Role.MEMBER_STAFF) and (
                meeting.status in (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS,
                                   MeetingStatus.CANCELLED)):
            cal.add_component(deadline_event(meeting))
    return finish(cal)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_feed(person: Person) -> str:
    """A new secret feed address for the person; any earlier one stops working."""
    revoke_feeds(person)
    raw = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(person_id=person.id, token_hash=_hash(raw)))
    audit.record("calendar_feed.created", actor=person, obj=person)
    return raw


def revoke_feeds(person: Person) -> int:
    """Stop every feed address of the person."""
    feeds = db.session.scalars(select(CalendarFeed).where(
        CalendarFeed.person_id == person.id, CalendarFeed.revoked_at.is_(None))).all()
    for feed in feeds:
        feed.revoked_at = utcnow()
    if feeds:
        audit.record("calendar_feed.revoked", actor=person, obj=person)
    return len(feeds)


def person_for_feed(raw: str) -> Person | None:
    """The active person a live feed token belongs to."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(raw),
                                                        CalendarFeed.revoked_at.is_(None)))
    if feed is None:
        return None
    person = db.session.get(Person, feed.person_id)
    return person if person is not None and person.is_active else None


def has_feed(person: Person) -> bool:
    """Whether the person has a live feed address."""
    return db.session.scalar(select(CalendarFeed.id).where(
        CalendarFeed.person_id == person.id, CalendarFeed.revoked_at.is_(None))) is not None

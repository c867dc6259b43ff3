"""The forward agenda as an iCalendar (RFC 5545) feed: meetings, their item deadlines and
papers dates, and elections and votes opening or closing."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from icalendar import Event

from network.db import utcnow
from network.web import public_address
from network.workplan.forward.queries import ForwardAgenda
from network.workplan.forward.signals import ForwardEvent
from network.workplan.meetings.calendar import (
    all_day_event,
    deadline_event,
    event_uid,
    finish,
    meeting_event,
    new_calendar,
)
from network.workplan.meetings.models import Meeting


def _papers_event(meeting: Meeting) -> Event:
    """An all-day VEVENT for the day the agenda and papers are due out."""
    return all_day_event(meeting, "papers", "Papers published", meeting.papers_due_on)


def _moment_event(moment: ForwardEvent) -> Event:
    """A VEVENT for an election's nominations or ballot opening or closing (a point in time)."""
    event = Event()
    event.add("uid", event_uid(moment.uid, "forward"))
    event.add("dtstamp", utcnow())
    event.add("summary", moment.title)
    event.add("dtstart", moment.at)
    event.add("dtend", moment.at)
    event.add("transp", "TRANSPARENT")
    if moment.endpoint:
        event.add("url", public_address() + url_for(moment.endpoint, **dict(moment.url_args)))
    return event


def forward_ics(agenda: ForwardAgenda, today: date) -> bytes:
    """The forward agenda as a calendar file; deadlines already passed are left out."""
    cal = new_calendar(f"{current_app.config['NETWORK_NAME']}: forward agenda")
    for row in agenda.meetings:
        meeting = row.meeting
        event = meeting_event(meeting)
        if row.items or row.planned:
            lines = [f"- {i.title}" for i in row.items]
            lines += [f"- {e.title} (planned)" for e in row.planned]
            description = str(event.pop("description", ""))
            event.add("description", description + "\n\nItems:\n" + "\n".join(lines))
        cal.add_component(event)
        if meeting.submission_deadline_on >= today:
            cal.add_component(deadline_event(meeting))
        if meeting.papers_due_on >= today:
            cal.add_component(_papers_event(meeting))
    for moment in agenda.events:
        cal.add_component(_moment_event(moment))
    return finish(cal)

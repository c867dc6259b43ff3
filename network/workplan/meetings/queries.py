"""Reads of meetings, each with its relationships loaded explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from network.db import utcnow
from network.extensions import db
from network.members import policy
from network.web import parse_id, visible_or_404
from network.workplan.items.models import AgendaItem, Paper
from network.workplan.meetings.models import Meeting


def meeting_with_agenda(meeting_id: int) -> Meeting | None:
    """A meeting with invitees, items, their papers and versions loaded."""
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.offices), selectinload(Meeting.observers),
            selectinload(Meeting.secretariat_lead), selectinload(Meeting.workstream),
            selectinload(Meeting.items).selectinload(AgendaItem.papers)
            .selectinload(Paper.versions),
            selectinload(Meeting.items).selectinload(AgendaItem.office),
            selectinload(Meeting.items).selectinload(AgendaItem.workstream)))
    if meeting is not None:
        for item in meeting.items:  # each item knows its meeting without another query
            set_committed_value(item, "meeting", meeting)
    return meeting


def load_meeting(meeting_id) -> Meeting:
    """For views: a meeting (agenda loaded) the current user is invited to; 404 for others."""
    return visible_or_404(meeting_with_agenda(parse_id(meeting_id)), "meeting.view")


def load_managed_meeting(meeting_id) -> Meeting:
    """For views: a meeting the current user runs (404 if not invited, 403 if not the
    secretariat)."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    return meeting


def meeting_list(principal, upcoming: bool | None = None) -> Select:
    """Meetings the principal is invited to (all for the secretariat): those still to end
    soonest first (`upcoming`), those ended newest first (not `upcoming`), or all by start."""
    query = select(Meeting).options(selectinload(Meeting.offices),
                                    selectinload(Meeting.observers))
    query = query.where(policy.clause(principal, "meeting.view"))
    if upcoming is True:
        return query.where(Meeting.ends_at >= utcnow()).order_by(Meeting.starts_at, Meeting.id)
    if upcoming is False:
        return query.where(Meeting.ends_at < utcnow()).order_by(Meeting.starts_at.desc(),
                                                                Meeting.id.desc())
    return query.order_by(Meeting.starts_at, Meeting.id)


FEED_HISTORY = timedelta(days=366)


def feed_meetings(principal) -> list[Meeting]:
    """The meetings of a calendar feed: those the principal may see that ended within the
    last year or are still to come (ten years of meetings would make every diary sync
    heavy, and a year back is what a diary shows)."""
    return list(db.session.scalars(meeting_list(principal).where(
        Meeting.ends_at >= utcnow() - FEED_HISTORY)))


@dataclass
class AgendaRow:
    """An agenda line: number, item and computed start time."""

    number: int
    item: AgendaItem
    starts_at: datetime


def agenda(meeting: Meeting, principal) -> list[AgendaRow]:
    """The agenda as the principal may see it, with numbers and start times worked out over
    the whole agenda, so everyone (and every pack) refers to item 6 as item 6."""
    rows, clock = [], meeting.starts_at
    items = sorted((i for i in meeting.items if i.is_on_agenda), key=lambda i: i.position or 0)
    for number, item in enumerate(items, start=1):
        if policy.can(principal, "item.view", item):
            rows.append(AgendaRow(number, item, clock))
        clock += timedelta(minutes=item.duration_minutes or item.minutes_requested or 0)
    return rows


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """Meetings after this one that can still take items."""
    return list(db.session.scalars(select(Meeting).where(
        Meeting.starts_at > meeting.starts_at,
        Meeting.status.in_(["planned", "open_for_items", "agenda_published"]))
        .order_by(Meeting.starts_at)))



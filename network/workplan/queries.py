"""Reusable reads of the workplan domain, each with its relationships loaded explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from network.db import utcnow
from network.extensions import db
from network.members import policy
from network.members.models import Role
from network.workplan.models import (
    AgendaItem,
    ItemEvent,
    ItemStatus,
    Meeting,
    Paper,
    Workstream,
    meeting_observer,
    meeting_office,
)


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


def visible_meetings(principal, upcoming: bool | None = None) -> list[Meeting]:
    """Meetings the principal is invited to (all for the secretariat), by start time."""
    query = select(Meeting).options(selectinload(Meeting.offices),
                                    selectinload(Meeting.observers))
    role = principal.role
    if role == Role.OBSERVER:
        query = query.where(Meeting.id.in_(select(meeting_observer.c.meeting_id).where(
            meeting_observer.c.person_id == principal.id)))
    elif role in (Role.MEMBER_LEAD, Role.MEMBER_STAFF):
        query = query.where(or_(Meeting.is_all_offices.is_(True), Meeting.id.in_(
            select(meeting_office.c.meeting_id).where(
                meeting_office.c.office_id == principal.office_id))))
    if upcoming is True:
        query = query.where(Meeting.ends_at >= utcnow())
        query = query.order_by(Meeting.starts_at)
    elif upcoming is False:
        query = query.where(Meeting.ends_at < utcnow())
        query = query.order_by(Meeting.starts_at.desc())
    else:
        query = query.order_by(Meeting.starts_at)
    return list(db.session.scalars(query))


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


def submissions(meeting: Meeting, principal) -> list[AgendaItem]:
    """Submitted items not (yet) on the agenda: all for the secretariat, own for an office."""
    items = [i for i in meeting.items if i.status not in (ItemStatus.ACCEPTED,
                                                           ItemStatus.STANDING)]
    if principal.role in (Role.SECRETARIAT, Role.SECRETARIAT_ADMIN):
        return items
    return [i for i in items if i.office_id is not None and i.office_id == principal.office_id]


def item_history(item: AgendaItem) -> list[ItemEvent]:
    """An item's events, oldest first."""
    return list(db.session.scalars(select(ItemEvent).where(ItemEvent.item_id == item.id)
                                   .order_by(ItemEvent.at, ItemEvent.id)))


def item_with_papers(item_id: int) -> AgendaItem | None:
    """An item with its meeting (and invitees), office and papers loaded."""
    return db.session.scalar(select(AgendaItem).where(AgendaItem.id == item_id).options(
        selectinload(AgendaItem.meeting).selectinload(Meeting.offices),
        selectinload(AgendaItem.meeting).selectinload(Meeting.observers),
        selectinload(AgendaItem.office), selectinload(AgendaItem.workstream),
        selectinload(AgendaItem.papers).selectinload(Paper.versions)))


def workstream_choices(empty: str) -> list[tuple[str, str]]:
    """Select options for a workstream field, led by an empty choice labelled `empty`."""
    return [("", empty)] + [(str(w.id), w.name) for w in db.session.scalars(
        select(Workstream).order_by(Workstream.name))]


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """Meetings after this one that can still take items."""
    return list(db.session.scalars(select(Meeting).where(
        Meeting.starts_at > meeting.starts_at,
        Meeting.status.in_(["planned", "open_for_items", "agenda_published"]))
        .order_by(Meeting.starts_at)))

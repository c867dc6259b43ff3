"""Reads of the forward agenda (the next twelve months, a page of meetings at a time) and of
plan entries, each with what the page needs loaded in a fixed number of queries whatever the
number of meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from network.extensions import db
from network.members import policy
from network.paging import Page, count_of
from network.time import day_start_utc, today
from network.web import parse_id, visible_or_404
from network.workplan.forward.models import PlanEntry, PlanEvent, PlanStatus
from network.workplan.forward.signals import ForwardEvent, events_between
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import Meeting, MeetingKind, meeting_office

ELECTIONS = "elections"  # the "type" filter's choice for elections and votes only


def a_year_after(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@dataclass
class Filters:
    """What the forward agenda is narrowed to: a meeting type (or elections only), a
    workstream, an office (every field optional)."""

    kind: MeetingKind | None = None
    elections_only: bool = False
    workstream_id: int | None = None
    office_id: int | None = None

    @classmethod
    def chosen(cls, kind: str | None, workstream_id: int | None = None,
               office_id: int | None = None) -> Filters:
        """The filters as the page's and the API's choices give them: a meeting type's value or
        ELECTIONS for `kind` ('' or None for any)."""
        return cls(kind=MeetingKind(kind) if kind and kind != ELECTIONS else None,
                   elections_only=kind == ELECTIONS, workstream_id=workstream_id or None,
                   office_id=office_id or None)

    @property
    def shows_events(self) -> bool:
        """Elections and votes belong to no meeting type, workstream or office."""
        return self.elections_only or not (self.kind or self.workstream_id or self.office_id)


@dataclass
class AgendaMeeting:
    """A meeting on the forward agenda with its accepted items and planned entries."""

    meeting: Meeting
    items: list[AgendaItem] = field(default_factory=list)
    planned: list[PlanEntry] = field(default_factory=list)

    @property
    def at(self) -> datetime:
        """When it starts (for ordering with other events)."""
        return self.meeting.starts_at


@dataclass
class ForwardAgenda:
    """The next twelve months as the principal may see them, or one page of them."""

    starts_on: date
    ends_on: date  # exclusive
    meetings: list[AgendaMeeting]
    events: list[ForwardEvent]
    #: for one page: which page, and the part of the window it covers (its events are those
    #: from `covers_from` up to, not including, `covers_until`); None for the whole window
    page: Page | None = None
    covers_from: datetime | None = None
    covers_until: datetime | None = None

    def months(self) -> list[tuple[date, list]]:
        """(first of the month, its meetings and events by time), months with something."""
        from network.time import local

        grouped: dict[date, list] = {}
        for entry in sorted([*self.meetings, *self.events], key=lambda e: e.at):
            day = local(entry.at).date().replace(day=1)
            grouped.setdefault(day, []).append(entry)
        return sorted(grouped.items())


def _meetings_query(principal, starts: datetime, ends: datetime, filters: Filters) -> Select:
    query = select(Meeting).where(policy.clause(principal, "meeting.view"),
                                  Meeting.starts_at >= starts, Meeting.starts_at < ends)
    if filters.elections_only:
        return query.where(false())
    if filters.kind:
        query = query.where(Meeting.kind == filters.kind)
    if filters.office_id:
        query = query.where(or_(Meeting.is_all_offices.is_(True), Meeting.id.in_(
            select(meeting_office.c.meeting_id).where(
                meeting_office.c.office_id == filters.office_id))))
    if filters.workstream_id:
        ws = filters.workstream_id
        query = query.where(or_(
            Meeting.workstream_id == ws,
            Meeting.id.in_(select(AgendaItem.meeting_id).where(
                AgendaItem.workstream_id == ws, AgendaItem.status == ItemStatus.ACCEPTED)),
            Meeting.id.in_(select(PlanEntry.meeting_id).where(
                PlanEntry.workstream_id == ws, PlanEntry.status == PlanStatus.PLANNED))))
    return query


def _in_order(query: Select) -> Select:
    """The meetings in time order (the id breaks ties, so pages neither repeat nor skip), with
    what the page shows of each."""
    return query.options(selectinload(Meeting.offices), selectinload(Meeting.observers),
                         selectinload(Meeting.workstream)).order_by(Meeting.starts_at, Meeting.id)


def _with_items(principal, meetings: list[Meeting], ids, filters: Filters) -> list[AgendaMeeting]:
    """The meetings with the accepted items the principal may see and (for the network)
    planned entries, narrowed by the filters; `ids` selects the same meetings' ids (a list
    or a subquery): two queries and their eager loads, however many meetings."""
    rows = {m.id: AgendaMeeting(m) for m in meetings}
    if not rows:
        return []
    items = select(AgendaItem).where(AgendaItem.meeting_id.in_(ids),
                                     AgendaItem.status == ItemStatus.ACCEPTED)
    entries = select(PlanEntry).where(PlanEntry.meeting_id.in_(ids),
                                      PlanEntry.status == PlanStatus.PLANNED)
    if filters.workstream_id:
        items = items.where(AgendaItem.workstream_id == filters.workstream_id)
        entries = entries.where(PlanEntry.workstream_id == filters.workstream_id)
    if filters.office_id:
        items = items.where(AgendaItem.office_id == filters.office_id)
        entries = entries.where(PlanEntry.lead_office_id == filters.office_id)
    for item in db.session.scalars(items.options(
            selectinload(AgendaItem.office), selectinload(AgendaItem.workstream))
            .order_by(AgendaItem.position, AgendaItem.id)):
        set_committed_value(item, "meeting", rows[item.meeting_id].meeting)
        if policy.can(principal, "item.view", item):
            rows[item.meeting_id].items.append(item)
    if policy.can(principal, "plan.view"):
        for entry in db.session.scalars(entries.options(
                selectinload(PlanEntry.lead_office), selectinload(PlanEntry.workstream))
                .order_by(PlanEntry.id)):
            set_committed_value(entry, "meeting", rows[entry.meeting_id].meeting)
            rows[entry.meeting_id].planned.append(entry)
    return list(rows.values())


def meetings_between(principal, starts: datetime, ends: datetime,
                     filters: Filters) -> list[AgendaMeeting]:
    """Every visible meeting starting in [starts, ends), with the accepted items the
    principal may see and (for the network) planned entries, narrowed by the filters: five
    queries. For a bounded span (the .ics of twelve months); pages use `forward_agenda_page`."""
    query = _meetings_query(principal, starts, ends, filters)
    meetings = list(db.session.scalars(_in_order(query)))
    return _with_items(principal, meetings, query.with_only_columns(Meeting.id), filters)


def _window(starts_on: date | None) -> tuple[date, date, datetime, datetime]:
    starts_on = starts_on or today()
    ends_on = a_year_after(starts_on)
    return starts_on, ends_on, day_start_utc(starts_on), day_start_utc(ends_on)


def forward_agenda(principal, filters: Filters, starts_on: date | None = None) -> ForwardAgenda:
    """The whole twelve months from `starts_on` (today) at once, for the calendar file:
    meetings, their accepted and planned items, deadlines (on each meeting), and elections
    and votes opening or closing."""
    starts_on, ends_on, starts, ends = _window(starts_on)
    events = events_between(principal, starts, ends) if filters.shows_events else []
    return ForwardAgenda(starts_on, ends_on, meetings_between(principal, starts, ends, filters),
                         events)


def forward_agenda_page(principal, filters: Filters, number: int, size: int, *,
                        counted: bool = False, starts_on: date | None = None) -> ForwardAgenda:
    """Page `number` of the twelve months from `starts_on` (today): `size` meetings in time
    order, and the elections and votes in the part of the window the page covers. Page 1
    covers from the window's start, a later page from its first meeting's start, and each
    page up to where the next page's first meeting starts (the last page to the window's
    end), so every event is on exactly one page, and a list with no meetings has them all on
    page 1. One meeting more than the page is read to know where the next page starts.

    `counted` (the HTML page) counts the meetings, and a page past the end is the last page;
    otherwise (the API) a page past the end is empty: no meetings, no events."""
    starts_on, ends_on, starts, ends = _window(starts_on)
    query = _meetings_query(principal, starts, ends, filters)
    total = count_of(query) if counted else None
    if total is not None:
        number = min(number, max(1, -(-total // size)))
    found = list(db.session.scalars(_in_order(query).limit(size + 1)
                                    .offset((number - 1) * size)))
    meetings, following = found[:size], found[size:]
    if meetings or number == 1:
        covers_from = meetings[0].starts_at if number > 1 else starts
        covers_until = following[0].starts_at if following else ends
    else:  # past the end: the last page already holds the window's last events
        covers_from = covers_until = ends
    events = (events_between(principal, covers_from, covers_until) if filters.shows_events
              else [])
    rows = _with_items(principal, meetings, [m.id for m in meetings], filters)
    return ForwardAgenda(starts_on, ends_on, rows, events,
                         Page(rows, number, size, bool(following), total),
                         covers_from, covers_until)


# --- plan entries --------------------------------------------------------------------------

def entry_with_history(entry_id: int) -> PlanEntry | None:
    """A plan entry with its meeting (and invitees), office, workstream, item and history."""
    entry = db.session.scalar(select(PlanEntry).where(PlanEntry.id == entry_id).options(
        selectinload(PlanEntry.meeting).selectinload(Meeting.offices),
        selectinload(PlanEntry.meeting).selectinload(Meeting.observers),
        selectinload(PlanEntry.lead_office), selectinload(PlanEntry.workstream),
        selectinload(PlanEntry.item),
        selectinload(PlanEntry.events).selectinload(PlanEvent.actor),
        selectinload(PlanEntry.events).selectinload(PlanEvent.from_meeting),
        selectinload(PlanEntry.events).selectinload(PlanEvent.to_meeting)))
    return entry


def load_entry(entry_id) -> PlanEntry:
    """For views: a plan entry of a meeting the current user may see, if they may see plan
    entries; 404 for everyone else (no guessing ids)."""
    from flask_login import current_user

    entry = visible_or_404(entry_with_history(parse_id(entry_id)), "plan.view")
    return visible_or_404(entry if policy.can(current_user, "meeting.view", entry.meeting)
                          else None, "plan.view")


def planned_for_meeting(meeting: Meeting) -> list[PlanEntry]:
    """The entries still planned for a meeting (for its page), with office and workstream."""
    return list(db.session.scalars(select(PlanEntry).where(
        PlanEntry.meeting_id == meeting.id, PlanEntry.status == PlanStatus.PLANNED).options(
        selectinload(PlanEntry.lead_office), selectinload(PlanEntry.workstream))
        .order_by(PlanEntry.id)))


def target_meetings() -> list[Meeting]:
    """Meetings a plan entry can be for: still to come and not closed, soonest first."""
    from network.db import utcnow
    from network.workplan.meetings.models import CLOSED

    return list(db.session.scalars(select(Meeting).where(
        Meeting.starts_at > utcnow(), Meeting.status.not_in(CLOSED))
        .order_by(Meeting.starts_at)))

"""One function per dashboard panel. Every panel is bounded (`limit` rows plus, where the
panel shows a total, one COUNT), so the home page runs the same number of queries however
much data there is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from network.db import utcnow
from network.email import FAILED, OutboxEmail
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus
from network.governance.elections.queries import (
    live_clause,
    show_current_state,
    valid_nominations_count,
)
from network.governance.voting.models import RollEntry
from network.members import policy
from network.members.models import Office, UserSession
from network.time import today
from network.workplan.actions.models import Action
from network.workplan.actions.queries import OPEN as OPEN_ACTIONS
from network.workplan.correspondence.models import Correspondence
from network.workplan.correspondence.queries import overdue_clause
from network.workplan.items import queries as item_queries
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import CLOSED, Meeting
from network.workplan.meetings.working_days import is_working_day
from network.workplan.minutes.models import Rsvp
from network.workplan.workstreams.models import (
    Milestone,
    MilestoneStatus,
    Risk,
    Workstream,
    WorkstreamStatus,
    workstream_office,
)

LIMIT = 5
PAPERS_FALLBACK_DAYS = 14
DEADLINE_WORKING_DAYS = 10
MILESTONE_DAYS = 30
DEADLINE_WHAT = ("Item deadline", "Papers due")


@dataclass
class Panel:
    """What one panel shows: a few rows and, where it matters, how many there are in all
    (`total`, filled in by `count_all` with the page's other panels' in one statement)."""

    rows: list = field(default_factory=list)
    total: int | None = None
    count_of: Select | None = field(default=None, repr=False)  # still to count

    @property
    def has_more(self) -> bool:
        return self.total is not None and self.total > len(self.rows)


def _counted_later(rows, query: Select) -> Panel:
    return Panel(list(rows), count_of=query)


def count_all(panels: Iterable) -> None:
    """Fill in the totals of the panels still to count, all in one statement (a scalar
    subquery each), so a dashboard sends one COUNT statement however many panels it has."""
    waiting = [p for p in panels if isinstance(p, Panel) and p.count_of is not None]
    if not waiting:
        return
    counts = db.session.execute(select(*[
        select(func.count()).select_from(p.count_of.order_by(None).subquery())
        .scalar_subquery() for p in waiting])).one()
    for panel, total in zip(waiting, counts, strict=True):
        panel.total, panel.count_of = total or 0, None


def working_days_ahead(start: date, days: int) -> date:
    """The date `days` working days after `start`."""
    day = start
    while days:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


# The secretariat's panels


def awaiting_triage(limit: int = LIMIT) -> Panel:
    """Submitted items not yet triaged, oldest first (meeting loaded)."""
    query = select(AgendaItem).where(AgendaItem.status == ItemStatus.SUBMITTED)
    rows = db.session.scalars(query.options(selectinload(AgendaItem.meeting),
                                            selectinload(AgendaItem.office))
                              .order_by(AgendaItem.created_at, AgendaItem.id).limit(limit))
    return _counted_later(rows, query)


@dataclass
class Deadline:
    """An item deadline or papers date of a meeting."""

    on: date
    what: str
    meeting: Meeting


def deadlines(principal, limit: int = 2 * LIMIT) -> tuple[list[Deadline], date]:
    """Item deadlines and papers dates of open meetings the principal may see in the next ten
    working days, soonest first (the first `limit` of them all); and the last day the window
    covers."""
    start = today()
    end = working_days_ahead(start, DEADLINE_WORKING_DAYS)

    def dates(column, what: int):
        return select(column.label("on"), literal(what).label("what"),
                      Meeting.id.label("meeting_id")).where(
            policy.clause(principal, "meeting.view"), Meeting.status.not_in(CLOSED),
            column >= start, column <= end)

    both = union_all(dates(Meeting.submission_deadline_on, 0),
                     dates(Meeting.papers_due_on, 1)).subquery()
    rows = db.session.execute(select(both).order_by(both.c.on, both.c.what, both.c.meeting_id)
                              .limit(limit)).all()
    meetings = {m.id: m for m in db.session.scalars(
        select(Meeting).where(Meeting.id.in_({r.meeting_id for r in rows})))} if rows else {}
    return [Deadline(r.on, DEADLINE_WHAT[r.what], meetings[r.meeting_id]) for r in rows], end


def overdue_actions_by_office(limit: int = 2 * LIMIT) -> Panel:
    """(office, count) of open actions past due, most first; the total of all offices."""
    overdue = and_(Action.status.in_(OPEN_ACTIONS), Action.due_on < today())
    rows = db.session.execute(
        select(Office, func.count(Action.id).label("n"))
        .join(Action, Action.owner_office_id == Office.id).where(overdue)
        .group_by(Office.id).order_by(func.count(Action.id).desc(), Office.name).limit(limit))
    return _counted_later([(office, n) for office, n in rows],
                          select(Action.id).where(overdue))


def workstreams_at_risk(limit: int = LIMIT) -> Panel:
    """Workstreams at red, then amber (lead office loaded)."""
    query = select(Workstream).where(Workstream.status.in_((WorkstreamStatus.RED,
                                                            WorkstreamStatus.AMBER)))
    rows = db.session.scalars(query.options(selectinload(Workstream.lead_office))
                              .order_by(Workstream.status.desc(), Workstream.name).limit(limit))
    rows = sorted(rows, key=lambda w: (w.status != WorkstreamStatus.RED, w.name))
    return _counted_later(rows, query)


def milestones_due(limit: int = LIMIT, workstream_ids: list[int] | None = None) -> Panel:
    """Milestones not done or missed, due in the next 30 days (workstream loaded)."""
    start = today()
    query = select(Milestone).where(
        Milestone.status.in_((MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)),
        Milestone.due_on >= start, Milestone.due_on <= start + timedelta(days=MILESTONE_DAYS))
    if workstream_ids is not None:
        query = query.where(Milestone.workstream_id.in_(workstream_ids))
    rows = db.session.scalars(query.options(selectinload(Milestone.workstream))
                              .order_by(Milestone.due_on, Milestone.id).limit(limit))
    return _counted_later(rows, query)


def overdue_queries(principal, limit: int = LIMIT) -> Panel:
    """Queries and letters past their due date and not answered, oldest due first."""
    query = select(Correspondence).where(policy.clause(principal, "correspondence.view"),
                                         overdue_clause())
    rows = db.session.scalars(query.options(selectinload(Correspondence.from_office))
                              .order_by(Correspondence.due_on, Correspondence.id).limit(limit))
    return _counted_later(rows, query)


def _live_elections(moment: datetime, *where, limit: int) -> list[Election]:
    """Published elections whose nominations or ballot are open at `moment` by their
    timetable, filtered in SQL before the limit (an election whose nominations closed with
    no valid one is left out there too), each in its state now: one query."""
    candidates = valid_nominations_count()
    rows = db.session.execute(
        select(Election, candidates.label("candidates"))
        .where(live_clause(moment, candidates), *where)
        .order_by(Election.ballot_close_at, Election.id).limit(limit))
    return [show_current_state(election, candidates=n) for election, n in rows]


def elections_in_progress(limit: int = LIMIT) -> list[Election]:
    """Elections with nominations or the ballot open now, in their state now, soonest
    closing first."""
    return _live_elections(utcnow(), limit=limit)


def failed_emails(limit: int = LIMIT) -> Panel:
    """Emails that failed to send, newest first."""
    query = select(OutboxEmail).where(OutboxEmail.status == FAILED)
    rows = db.session.scalars(query.order_by(OutboxEmail.created_at.desc(),
                                             OutboxEmail.id.desc()).limit(limit))
    return _counted_later(rows, query)


# A member office's panels


def office_submissions(office_id: int, limit: int = LIMIT) -> Panel:
    """The office's submitted items, newest first, with their meeting."""
    query = select(AgendaItem).where(AgendaItem.office_id == office_id,
                                     AgendaItem.status != ItemStatus.STANDING)
    rows = db.session.scalars(query.options(selectinload(AgendaItem.meeting))
                              .order_by(AgendaItem.created_at.desc(), AgendaItem.id.desc())
                              .limit(limit))
    return _counted_later(rows, query)


def office_owes(office_id: int, limit: int = LIMIT) -> Panel:
    """The office's open actions: overdue ones first, then soonest due."""
    query = select(Action).where(Action.owner_office_id == office_id,
                                 Action.status.in_(OPEN_ACTIONS))
    rows = db.session.scalars(query.options(selectinload(Action.meeting))
                              .order_by(Action.due_on, Action.id).limit(limit))
    return _counted_later(rows, query)


@dataclass
class Upcoming:
    """A meeting ahead and the person's reply to it (None: not replied)."""

    meeting: Meeting
    reply: Rsvp | None


def upcoming_meetings(principal, limit: int = LIMIT) -> list[Upcoming]:
    """The next meetings the principal is invited to, each with their RSVP."""
    meetings = list(db.session.scalars(
        select(Meeting).where(policy.clause(principal, "meeting.view"),
                              Meeting.ends_at >= utcnow(),
                              Meeting.status.not_in(CLOSED))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit)))
    replies = {}
    if meetings:
        replies = {r.meeting_id: r for r in db.session.scalars(
            select(Rsvp).where(Rsvp.person_id == principal.id,
                               Rsvp.meeting_id.in_([m.id for m in meetings])))}
    return [Upcoming(m, replies.get(m.id)) for m in meetings]


def last_visit(principal, this_session_id: int | None) -> datetime | None:
    """When the person was last seen in another (earlier) session, if any."""
    query = select(func.max(UserSession.last_seen_at)).where(
        UserSession.person_id == principal.id)
    if this_session_id is not None:
        query = query.where(UserSession.id != this_session_id)
    return db.session.scalar(query)


def papers_since(principal, since: datetime, limit: int = LIMIT) -> Panel:
    """Papers the principal may read, uploaded since `since` to published agendas, newest
    first (item and meeting loaded)."""
    query = item_queries.published_papers(principal, since)
    rows = db.session.scalars(item_queries.with_paper_item_meeting(query).limit(limit))
    return _counted_later(rows, query)


def votes_not_cast(office_id: int, limit: int = LIMIT) -> list[Election]:
    """Elections with the ballot open now in which the office has not voted (an election
    whose nominations were unopposed has no ballot), soonest closing first."""
    moment = utcnow()
    voted = select(RollEntry.id).where(RollEntry.election_id == Election.id,
                                       RollEntry.office_id == office_id).exists()
    contested = or_(Election.status.in_((ElectionStatus.NOMINATIONS_CLOSED,
                                         ElectionStatus.BALLOT_OPEN)),
                    valid_nominations_count() > Election.seats)
    return _live_elections(moment, Election.ballot_open_at <= moment, ~voted, contested,
                           limit=limit)


def led_workstreams(office_id: int, limit: int = LIMIT) -> list[Workstream]:
    """Workstreams the office leads or co-leads and that are not closed, by name."""
    co_lead = select(workstream_office.c.workstream_id).where(
        workstream_office.c.office_id == office_id, workstream_office.c.is_co_lead.is_(True))
    return list(db.session.scalars(
        select(Workstream).where(Workstream.status != WorkstreamStatus.CLOSED,
                                 or_(Workstream.lead_office_id == office_id,
                                     Workstream.id.in_(co_lead)))
        .order_by(Workstream.name, Workstream.id).limit(limit)))


def open_risks(workstream_ids: list[int], limit: int = LIMIT) -> Panel:
    """Open risks of these workstreams, highest score first (workstream loaded)."""
    if not workstream_ids:
        return Panel([], 0)
    query = select(Risk).where(Risk.is_open.is_(True), Risk.workstream_id.in_(workstream_ids))
    rows = db.session.scalars(query.options(selectinload(Risk.workstream))
                              .order_by((Risk.likelihood * Risk.impact).desc(), Risk.id)
                              .limit(limit))
    return _counted_later(rows, query)

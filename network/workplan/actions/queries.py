"""Reads of the action log: what a principal may see, filtered; matters arising of a meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from network import paging
from network.extensions import db
from network.members import policy
from network.members.models import Role
from network.time import day_start_utc, local_date, today
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.meetings.models import Meeting

OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
MEMBER_ROLES = (Role.MEMBER_LEAD, Role.MEMBER_STAFF)


@dataclass
class ActionFilters:
    """What the action log is narrowed to (every field optional)."""

    office_id: int | None = None
    status: ActionStatus | None = None
    is_overdue: bool = False
    meeting_id: int | None = None
    workstream_id: int | None = None
    is_open: bool = False
    meeting_text: str = ""
    arising_at: Meeting | None = None  # the matters arising at this meeting


def _loaded(query: Select) -> Select:
    return query.options(selectinload(Action.owner_office), selectinload(Action.owner_person),
                         selectinload(Action.meeting), selectinload(Action.workstream))


def visible_actions(principal) -> Select:
    """Actions the principal may see (the policy's `action.view` rule, as SQL)."""
    return select(Action).where(policy.clause(principal, "action.view"))



def action_log(principal, filters: ActionFilters) -> Select:
    """The filtered action log, soonest due first (with owners, meeting, workstream loaded)."""
    query = visible_actions(principal)
    if filters.office_id:
        query = query.where(Action.owner_office_id == filters.office_id)
    if filters.status:
        query = query.where(Action.status == filters.status)
    if filters.is_overdue:
        query = query.where(Action.status.in_(OPEN), Action.due_on < today())
    if filters.meeting_id:
        query = query.where(Action.meeting_id == filters.meeting_id)
    if filters.workstream_id:
        query = query.where(Action.workstream_id == filters.workstream_id)
    if filters.is_open:
        query = query.where(Action.status.in_(OPEN))
    if filters.meeting_text:
        query = query.where(Action.meeting_id.in_(
            meetings_matching(principal, filters.meeting_text).with_only_columns(Meeting.id)))
    if filters.arising_at is not None:
        query = query.where(_arising_clause(filters.arising_at))
    return _loaded(query.order_by(Action.due_on, Action.id))


_DAY = re.compile(r"^(\d{1,2})[/ .-](\d{1,2})[/ .-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def meeting_day(text: str) -> date | None:
    """The day a meeting filter's text names (14/3/2025 or 2025-03-14), if it names one."""
    text = text.strip()
    if match := _DAY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def visible_meeting(principal, meeting_id: int) -> Meeting | None:
    """The meeting with this id if the principal may see it (None otherwise)."""
    return db.session.scalar(select(Meeting).where(
        Meeting.id == meeting_id, policy.clause(principal, "meeting.view")))


def meetings_matching(principal, text: str) -> Select:
    """Meetings the principal may see that a typed filter names: a day (14/3/2025), a year
    (2025) or part of the title, any case; newest first."""
    text = text.strip()
    query = select(Meeting).where(policy.clause(principal, "meeting.view"))
    day = meeting_day(text)
    if day is not None:
        query = query.where(Meeting.starts_at >= day_start_utc(day),
                            Meeting.starts_at < day_start_utc(day + timedelta(days=1)))
    elif text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2200:
        year = int(text)
        query = query.where(Meeting.starts_at >= day_start_utc(date(year, 1, 1)),
                            Meeting.starts_at < day_start_utc(date(year + 1, 1, 1)))
    else:
        query = query.where(func.lower(Meeting.title).contains(text.lower(), autoescape=True))
    return query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())


# the API lists import it from here; it lives in network/paging.py
page_of = paging.page_of


@dataclass
class MostUrgent:
    """The first few of a list of open actions, most urgent first, and how many it holds."""

    rows: list[Action]
    total: int


URGENT_LIMIT = 10


def most_urgent(query: Select, limit: int = URGENT_LIMIT) -> MostUrgent:
    """The `limit` most urgent of these open actions: overdue ones first (the longest overdue
    first), then by due date; with the count of them all."""
    rows = db.session.scalars(_loaded(query.order_by(Action.due_on, Action.id)).limit(limit))
    return MostUrgent(list(rows), paging.count_of(query))


def owed_by_office(principal) -> Select | None:
    """The principal's office's open actions ("what my office owes"); None for people
    without a member office."""
    if principal.role not in MEMBER_ROLES or not principal.office_id:
        return None
    return select(Action).where(Action.owner_office_id == principal.office_id,
                                Action.status.in_(OPEN))



def action_with_history(action_id: int) -> Action | None:
    """An action with owners, meeting (and its invitees), workstream and updates loaded."""
    return db.session.scalar(_loaded(select(Action).where(Action.id == action_id)).options(
        selectinload(Action.meeting).selectinload(Meeting.offices),
        selectinload(Action.meeting).selectinload(Meeting.observers),
        selectinload(Action.updates).selectinload(ActionUpdate.person)))


def matters_arising(meeting: Meeting, principal) -> list[Action]:
    """Actions still open from earlier meetings of the same kind, and open actions with no
    meeting that were due before this meeting's day, as far as the principal may see them
    (the `action.view` rule, the same as the action log's); soonest due first."""
    query = matters_arising_of(meeting, principal)
    return list(db.session.scalars(_loaded(query.order_by(Action.due_on, Action.id))))


def _arising_clause(meeting: Meeting):
    earlier = select(Meeting.id).where(Meeting.kind == meeting.kind,
                                       Meeting.starts_at < meeting.starts_at,
                                       Meeting.id != meeting.id)
    before_day = local_date(meeting.starts_at)
    return and_(Action.status.in_(OPEN),
                or_(Action.meeting_id.in_(earlier),
                    and_(Action.meeting_id.is_(None), Action.due_on < before_day)))


def matters_arising_of(meeting: Meeting, principal) -> Select:
    """The matters arising of a meeting (see `matters_arising`) as a query, unordered."""
    return visible_actions(principal).where(_arising_clause(meeting))

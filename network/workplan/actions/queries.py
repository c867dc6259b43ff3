"""Reads of the action log: what a principal may see, filtered; matters arising of a meeting."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.members import policy
from network.members.models import Role
from network.time import local_date, today
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.actions.services import HELD
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


def _loaded(query: Select) -> Select:
    return query.options(selectinload(Action.owner_office), selectinload(Action.owner_person),
                         selectinload(Action.meeting), selectinload(Action.workstream))


def visible_actions(principal) -> Select:
    """Actions the principal may see (the policy's `action.view` rule, as SQL)."""
    return select(Action).where(policy.clause(principal, "action.view"))


def held_meetings(principal) -> list[Meeting]:
    """Meetings that have taken place and the principal may see, newest first."""
    query = select(Meeting).where(Meeting.status.in_(HELD)).order_by(Meeting.starts_at.desc())
    query = query.where(policy.clause(principal, "meeting.view"))
    return list(db.session.scalars(query))


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
    return _loaded(query.order_by(Action.due_on, Action.id))


def page_of(query: Select, page: int, size: int) -> tuple[list[Action], bool]:
    """One page of a query and whether there is another after it (no COUNT query)."""
    rows = list(db.session.scalars(query.limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size


def office_owes(principal) -> list[Action]:
    """The principal's office's open actions, soonest due first ("what my office owes")."""
    if principal.role not in MEMBER_ROLES or not principal.office_id:
        return []
    return list(db.session.scalars(_loaded(select(Action).where(
        Action.owner_office_id == principal.office_id, Action.status.in_(OPEN))
        .order_by(Action.due_on, Action.id))))


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
    earlier = select(Meeting.id).where(Meeting.kind == meeting.kind,
                                       Meeting.starts_at < meeting.starts_at,
                                       Meeting.id != meeting.id)
    before_day = local_date(meeting.starts_at)
    query = visible_actions(principal).where(
        Action.status.in_(OPEN),
        or_(Action.meeting_id.in_(earlier),
            and_(Action.meeting_id.is_(None), Action.due_on < before_day)))
    return list(db.session.scalars(_loaded(query.order_by(Action.due_on, Action.id))))

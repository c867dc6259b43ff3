"""Reads of the action log: what a principal may see, filtered; matters arising of a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from network.db import utcnow
from network.extensions import db
from network.members.models import Role
from network.workplan.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Meeting,
    meeting_office,
)
from network.workplan.services.actions import HELD
from network.workplan.services.meetings import london_date

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


def visible_meetings_clause(principal):
    """SQL condition on Meeting.id: meetings whose invitees include the member's office."""
    return or_(Meeting.is_all_offices.is_(True), Meeting.id.in_(
        select(meeting_office.c.meeting_id).where(
            meeting_office.c.office_id == principal.office_id)))


def visible_actions(principal) -> Select:
    """Actions the principal may see: all for the secretariat; for members their office's,
    those on their own and those of meetings their office is invited to; none for others."""
    query = select(Action)
    role = principal.role
    if role in MEMBER_ROLES:
        seen = select(Meeting.id).where(visible_meetings_clause(principal))
        query = query.where(or_(Action.owner_office_id == principal.office_id,
                                Action.meeting_id.is_(None), Action.meeting_id.in_(seen)))
    elif role not in (Role.SECRETARIAT, Role.SECRETARIAT_ADMIN):
        query = query.where(Action.id.is_(None))
    return query


def held_meetings(principal) -> list[Meeting]:
    """Meetings that have taken place and the principal may see, newest first."""
    query = select(Meeting).where(Meeting.status.in_(HELD)).order_by(Meeting.starts_at.desc())
    if principal.role in MEMBER_ROLES:
        query = query.where(visible_meetings_clause(principal))
    return list(db.session.scalars(query))


def today_uk() -> date:
    """Today's date in the UK."""
    return london_date(utcnow())


def action_log(principal, filters: ActionFilters) -> Select:
    """The filtered action log, soonest due first (with owners, meeting, workstream loaded)."""
    query = visible_actions(principal)
    if filters.office_id:
        query = query.where(Action.owner_office_id == filters.office_id)
    if filters.status:
        query = query.where(Action.status == filters.status)
    if filters.is_overdue:
        query = query.where(Action.status.in_(OPEN), Action.due_on < today_uk())
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


def matters_arising(meeting: Meeting) -> list[Action]:
    """Actions still open from earlier meetings of the same kind, and open actions with no
    meeting that were due before this meeting's day; soonest due first."""
    earlier = select(Meeting.id).where(Meeting.kind == meeting.kind,
                                       Meeting.starts_at < meeting.starts_at,
                                       Meeting.id != meeting.id)
    before_day = london_date(meeting.starts_at)
    query = select(Action).where(
        Action.status.in_(OPEN),
        or_(Action.meeting_id.in_(earlier),
            and_(Action.meeting_id.is_(None), Action.due_on < before_day)))
    return list(db.session.scalars(_loaded(query.order_by(Action.due_on, Action.id))))

"""Reads of the correspondence log: what a principal may see, filtered; one record."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.members import policy
from network.time import today
from network.workplan.correspondence.models import (
    AWAITING,
    Correspondence,
    CorrespondenceStatus,
)
from network.workplan.meetings.models import Meeting


@dataclass
class CorrespondenceFilters:
    """What the log is narrowed to (every field optional)."""

    status: CorrespondenceStatus | None = None
    owner_id: int | None = None
    office_id: int | None = None
    is_overdue: bool = False


def _loaded(query: Select) -> Select:
    return query.options(selectinload(Correspondence.from_office),
                         selectinload(Correspondence.owner))


def overdue_clause():
    """Correspondence past its due date and not answered or closed (as SQL)."""
    return Correspondence.due_on.is_not(None) & (Correspondence.due_on < today()) & (
        Correspondence.status.in_(AWAITING))


def correspondence_log(principal, filters: CorrespondenceFilters) -> Select:
    """The log as far as the principal may see it, filtered; overdue and soonest due first,
    then the newest received."""
    query = select(Correspondence).where(policy.clause(principal, "correspondence.view"))
    if filters.status:
        query = query.where(Correspondence.status == filters.status)
    if filters.owner_id:
        query = query.where(Correspondence.owner_id == filters.owner_id)
    if filters.office_id:
        query = query.where(Correspondence.from_office_id == filters.office_id)
    if filters.is_overdue:
        query = query.where(overdue_clause())
    return _loaded(query.order_by(Correspondence.received_on.desc(),
                                  Correspondence.id.desc()))



def correspondence_with_links(item_id: int) -> Correspondence | None:
    """One record with its sender office, owner, workstream and meeting (and who the
    meeting invites, to check the reader may see it) loaded."""
    return db.session.scalar(_loaded(select(Correspondence).where(
        Correspondence.id == item_id)).options(
        selectinload(Correspondence.workstream),
        selectinload(Correspondence.meeting).selectinload(Meeting.offices),
        selectinload(Correspondence.meeting).selectinload(Meeting.observers)))


def meeting_choices(empty: str) -> list[tuple[str, str]]:
    """Select options of every meeting, newest first, led by an empty choice."""
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at.desc()))
    return [("", empty)] + [(str(m.id), f"{m.title} ({m.starts_at:%-d %b %Y})")
                            for m in meetings]

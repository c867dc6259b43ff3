"""Reads of the decisions register, with their meeting, item and workstream loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.governance.decisions.models import Decision
from network.members import policy
from network.workplan.meetings.models import Meeting, MeetingKind
from network.workplan.minutes.signals import decisions_of_meeting
from network.workplan.workstreams.models import Workstream
from network.workplan.workstreams.signals import decisions_of_workstream


@dataclass
class DecisionFilters:
    """What the register is narrowed to (every field optional)."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: MeetingKind | None = None
    workstream_id: int | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def register(principal, filters: DecisionFilters) -> Select:
    """Decisions the principal may read (members: of meetings their office is invited to, and
    those taken by written procedure; observers: none), filtered, newest first."""
    query = select(Decision).outerjoin(Meeting, Meeting.id == Decision.meeting_id)
    query = query.where(policy.clause(principal, "decision.view"))
    if filters.text:
        pattern = f"%{_escape_like(filters.text.lower())}%"
        query = query.where(func.lower(Decision.text).like(pattern, escape="\\"))
    if filters.date_from:
        query = query.where(Decision.decided_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Decision.decided_on <= filters.date_to)
    if filters.kind:
        query = query.where(Meeting.kind == filters.kind)
    if filters.workstream_id:
        query = query.where(Decision.workstream_id == filters.workstream_id)
    return query.options(selectinload(Decision.meeting), selectinload(Decision.item)).order_by(
        Decision.decided_on.desc(), Decision.year.desc(), Decision.sequence.desc())


def workstream_names(decisions: list[Decision]) -> dict[int, str]:
    """Names of the workstreams these decisions belong to, in one query."""
    ids = {d.workstream_id for d in decisions if d.workstream_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Workstream.id, Workstream.name)
                                   .where(Workstream.id.in_(ids))).all())


def decision_with_links(decision_id: int) -> Decision | None:
    """A decision with its meeting (and invitees) and item loaded."""
    return db.session.scalar(select(Decision).where(Decision.id == decision_id).options(
        selectinload(Decision.meeting).selectinload(Meeting.offices),
        selectinload(Decision.meeting).selectinload(Meeting.observers),
        selectinload(Decision.item)))


def decisions_on_meeting(meeting_id: int) -> list[Decision]:
    """A meeting's decisions in register order (for minutes and the meeting page)."""
    return list(db.session.scalars(select(Decision).where(Decision.meeting_id == meeting_id)
                                   .order_by(Decision.year, Decision.sequence)))


@decisions_of_meeting.connect
def decisions_of(meeting: Meeting) -> list[Decision]:
    """The decisions taken at a meeting, in register order (for its minutes)."""
    return list(db.session.scalars(select(Decision).where(Decision.meeting_id == meeting.id)
                                   .order_by(Decision.sequence)))


@decisions_of_workstream.connect
def decisions_of_stream(workstream: Workstream, principal, limit: int) -> list[Decision]:
    """Up to `limit` decisions tagged with the workstream that the principal may read, newest
    first, with their meetings loaded (for the workstream page)."""
    return list(db.session.scalars(
        select(Decision)
        .where(Decision.workstream_id == workstream.id,
               policy.clause(principal, "decision.view"))
        .options(selectinload(Decision.meeting))
        .order_by(Decision.decided_on.desc(), Decision.year.desc(), Decision.sequence.desc())
        .limit(limit)))

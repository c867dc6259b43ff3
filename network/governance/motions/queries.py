"""Reads of motions: the loader for views, the list, and what a page shows of a vote."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from network.db import utcnow
from network.extensions import db
from network.governance.motions.models import Motion, MotionMethod, MotionStatus
from network.members import policy
from network.time import local
from network.web import parse_id
from network.workplan.items.models import AgendaItem


def _loaded(query: Select) -> Select:
    return query.options(selectinload(Motion.proposer_office),
                         selectinload(Motion.seconder_office),
                         selectinload(Motion.item).selectinload(AgendaItem.meeting),
                         selectinload(Motion.decision))


def show_current_state(motion: Motion, now: datetime | None = None) -> Motion:
    """Show a written vote whose opening time has come as open, without writing it: the
    scheduler (or the first vote) opens it, taking the rule in force then."""
    now = now or utcnow()
    if (motion.method == MotionMethod.WRITTEN and motion.status == MotionStatus.DRAFT
            and motion.put_at is not None and motion.opens_at <= now):
        set_committed_value(motion, "status", MotionStatus.OPEN)
    return motion


def motion_with_links(motion_id: int) -> Motion | None:
    """A motion with its offices, item (and meeting) and decision loaded."""
    return db.session.scalar(_loaded(select(Motion).where(Motion.id == motion_id)))


def load_motion(motion_id) -> Motion:
    """For views: a motion the current user may see (404 otherwise), in its state now."""
    policy.authorize("motion.list")
    motion = motion_with_links(parse_id(motion_id))
    if motion is None or not policy.can(current_user, "motion.view", motion):
        abort(404)
    return show_current_state(motion)


def listed(principal, status: MotionStatus | None = None) -> Select:
    """Motions the principal may see, newest first, optionally of one status."""
    query = select(Motion).where(policy.clause(principal, "motion.view"))
    if status is not None:
        query = query.where(Motion.status == status)
    return _loaded(query).order_by(Motion.created_at.desc(), Motion.id.desc())


def motion_of_decision(decision_id: int) -> Motion | None:
    """The motion whose result a decision of the register is (None for other decisions)."""
    return db.session.scalar(select(Motion).where(Motion.decision_id == decision_id))


def open_motions_for_office(office_id: int) -> list[tuple[Motion, bool]]:
    """For the digest: written votes open now (or put and opening), soonest closing first,
    each with whether the office has voted yet."""
    from network.governance.voting.models import MotionRollEntry

    motions = list(db.session.scalars(_loaded(select(Motion).where(
        Motion.method == MotionMethod.WRITTEN,
        Motion.status.in_([MotionStatus.OPEN.value, MotionStatus.DRAFT.value]),
        Motion.put_at.is_not(None)).order_by(Motion.closes_at, Motion.id))))
    voted = set(db.session.scalars(select(MotionRollEntry.motion_id).where(
        MotionRollEntry.office_id == office_id,
        MotionRollEntry.motion_id.in_([m.id for m in motions]))))
    return [(show_current_state(m), m.id in voted) for m in motions]


def item_choices(keep: int | None = None) -> list[tuple[str, str]]:
    """Select options for agenda items a motion can be decided on: items on the agenda of
    meetings from 90 days ago to a year ahead (and `keep`, the motion's own item)."""
    from datetime import timedelta

    from sqlalchemy import or_

    from network.workplan.items.models import ItemStatus
    from network.workplan.meetings.models import Meeting

    now = utcnow()
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.title, Meeting.title, Meeting.starts_at)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(or_(AgendaItem.id == (keep or 0), (
            AgendaItem.status.in_([ItemStatus.ACCEPTED.value, ItemStatus.STANDING.value])
            & Meeting.starts_at.between(now - timedelta(days=90), now + timedelta(days=365)))))
        .order_by(Meeting.starts_at.desc(), AgendaItem.position, AgendaItem.id).limit(500))
    return [(str(i), f"{meeting} ({local(at):%-d %b %Y}): {title}")
            for i, title, meeting, at in rows]


def proposed_amendments(keep: int | None = None) -> list:
    """Amendments proposed (so they may be put to a motion), and `keep`, a motion's own."""
    from network.governance.constitution import queries as constitution
    from network.governance.constitution.models import AmendmentStatus

    statuses = [AmendmentStatus.PROPOSED] + ([AmendmentStatus.PUT] if keep else [])
    return [a for a in db.session.scalars(constitution.amendments(statuses))
            if a.status == AmendmentStatus.PROPOSED or a.id == keep]


def amendment_choices(keep: int | None = None) -> list[tuple[str, str]]:
    """Select options for amendments proposed and ready for a motion (and `keep`)."""
    return [(str(a.id), str(a)) for a in proposed_amendments(keep)]


def amendment_of(motion: Motion):
    """The amendment a motion puts, if any."""
    if motion.amendment_id is None:
        return None
    from network.governance.constitution.models import Amendment

    return db.session.scalar(select(Amendment).where(Amendment.id == motion.amendment_id)
                             .options(selectinload(Amendment.adopted_version)))


def offices_yet_to_vote(motion: Motion) -> list:
    """Member offices in good standing not yet on the motion's roll, by name (reminders)."""
    from network.governance.voting import motion_box
    from network.members.models import Office, OfficeStatus

    voted = motion_box.voted_office_ids(motion.id)
    return [o for o in db.session.scalars(select(Office).where(
        Office.status == OfficeStatus.ACTIVE).order_by(Office.name)) if o.id not in voted]

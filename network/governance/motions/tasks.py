"""What the scheduler does for motions: open written votes at their opening time, close them
(and declare the result) at their closing time; and who still has to vote, for reminders.
Each function is idempotent: running it twice does no harm. `offices_yet_to_vote` (reminders)
and `open_motions_for_office` (the digest) are the reads they use, from queries.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from network.db import utcnow
from network.digest_parts import Row, Section, Window, portal
from network.email import queue_email
from network.errors import DomainError
from network.extensions import db
from network.governance.motions import services
from network.governance.motions.models import Motion, MotionMethod, MotionStatus
from network.governance.motions.queries import offices_yet_to_vote, open_motions_for_office
from network.governance.voting.models import MotionRollEntry
from network.members.models import Person, Role
from network.members.policy import NETWORK
from network.time import show

MEMBER_ROLES = (Role.MEMBER_LEAD, Role.MEMBER_STAFF)


def advance_motions(at: datetime | None = None) -> tuple[int, int]:
    """Open the written votes whose time has come at `at` (now) and close (and declare) those
    whose time is up, each in its own transaction; returns (opened, closed)."""
    now = at.astimezone(UTC) if at is not None else utcnow()
    opened = closed = 0
    due_ids = list(db.session.scalars(select(Motion.id).where(
        Motion.method == MotionMethod.WRITTEN, Motion.put_at.is_not(None),
        ((Motion.status == MotionStatus.DRAFT.value) & (Motion.opens_at <= now))
        | ((Motion.status == MotionStatus.OPEN.value) & (Motion.closes_at <= now)))
        .order_by(Motion.id)))
    for motion_id in due_ids:
        motion = db.session.get(Motion, motion_id)
        try:
            if motion.status == MotionStatus.DRAFT:
                services.sync_state(motion, now)
                opened += 1
            if motion.status == MotionStatus.OPEN and motion.closes_at <= now:
                services.close_vote(None, motion, now)
                closed += 1
            db.session.commit()
        except DomainError as exc:  # e.g. no Constitution in force: try again next run
            db.session.rollback()
            current_app.logger.warning("motion %s not moved on: %s", motion_id, exc.message)
    return opened, closed


SOON = timedelta(hours=24)


def _written_votes(*statuses: MotionStatus):
    return select(Motion).where(Motion.method == MotionMethod.WRITTEN,
                                Motion.put_at.is_not(None),
                                Motion.status.in_([s.value for s in statuses]))


def remind_motion_votes(at: datetime) -> str:
    """Written-procedure votes closing within 24 hours of `at`: the voter and substitute of each
    member office that has not voted yet, once per motion and person."""
    now = at.astimezone(UTC)
    closing = list(db.session.scalars(_written_votes(MotionStatus.OPEN).where(
        Motion.closes_at > now, Motion.closes_at <= now + SOON).order_by(Motion.id)))
    waiting = [(motion, offices_yet_to_vote(motion)) for motion in closing]
    ids = {i for _m, offices in waiting for o in offices for i in (o.voter_id, o.substitute_id)}
    # the voters and substitutes in one read, not one per office and motion
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.id.in_(ids - {None}), Person.is_active.is_(True)))}
    queued = 0
    for motion, offices in waiting:
        for office in offices:
            for person in sorted((people[i] for i in {office.voter_id, office.substitute_id}
                                  if i in people), key=lambda p: p.id):
                queue_email(f"motion-closing:{motion.id}:{person.id}", person.email,
                            f"Your office has not voted yet: {motion.title}",
                            "motion_closing", person=person, motion=motion, office=office)
                queued += 1
    return f"{queued} written-vote reminders queued"


def digest_motions(readers: list[Person], window: Window) -> dict[int, Section]:
    """Motions in written procedure, open or about to open; for a member office, whether it
    has voted. Two queries for the batch, whatever its size."""
    readers = [r for r in readers if r.role in NETWORK]
    if not readers:
        return {}
    live = list(db.session.scalars(_written_votes(MotionStatus.OPEN, MotionStatus.DRAFT)
                                   .order_by(Motion.closes_at, Motion.id)))
    if not live:
        return {}
    voted = {tuple(row) for row in db.session.execute(
        select(MotionRollEntry.motion_id, MotionRollEntry.office_id).where(
            MotionRollEntry.motion_id.in_([m.id for m in live])))}
    sections = {}
    for reader in readers:
        rows = []
        for motion in live:
            link = portal("motions.detail", motion_id=motion.id)
            if motion.status == MotionStatus.DRAFT:
                rows.append(Row(motion.title, link, f"voting opens {show(motion.opens_at)}"))
                continue
            detail = f"voting closes {show(motion.closes_at)}"
            is_member = reader.role in MEMBER_ROLES
            has_voted = (motion.id, reader.office_id) in voted
            if is_member:
                detail += ("; your office has voted" if has_voted
                           else "; your office has not voted yet")
            rows.append(Row(motion.title, link, detail, is_urgent=is_member and not has_voted))
        sections[reader.id] = Section.of("Motions to vote on in writing", rows,
                                         portal("motions.index"), "All motions", 55)
    return sections


__all__ = ["advance_motions", "digest_motions", "offices_yet_to_vote",
           "open_motions_for_office", "remind_motion_votes"]

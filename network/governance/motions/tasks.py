"""What the scheduler does for motions: open written votes at their opening time, close them
(and declare the result) at their closing time; and who still has to vote, for reminders.
Each function is idempotent: running it twice does no harm. `offices_yet_to_vote` (reminders)
and `open_motions_for_office` (the digest) are the reads they use, from queries.py."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from network.db import utcnow
from network.errors import DomainError
from network.extensions import db
from network.governance.motions import services
from network.governance.motions.models import Motion, MotionMethod, MotionStatus
from network.governance.motions.queries import offices_yet_to_vote, open_motions_for_office


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


__all__ = ["advance_motions", "offices_yet_to_vote", "open_motions_for_office"]

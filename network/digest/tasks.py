"""Functions the scheduler calls; each is idempotent, so running one twice does no harm."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from network.email import deliver_pending
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus
from network.governance.elections.services import ORDER, sync_state


def deliver_outbox() -> tuple[int, int]:
    """Send the emails that are due: new ones, and failed tries whose back-off has passed."""
    sent, failed = deliver_pending()
    if sent or failed:
        current_app.logger.info("outbox: %s sent, %s failed", sent, failed)
    return sent, failed


def advance_elections() -> int:
    """Move every published election on to the state its timetable says; returns how many."""
    moved = 0
    live = [status.value for status in ORDER if status != ElectionStatus.BALLOT_CLOSED]
    for election in db.session.scalars(select(Election).where(
            Election.published_at.is_not(None), Election.status.in_(live))):
        before = election.status
        sync_state(election)
        moved += election.status != before
    db.session.commit()
    return moved

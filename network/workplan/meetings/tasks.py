"""What the scheduler calls for meetings: build the agenda packs publishing asked for."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from network.db import utcnow
from network.extensions import db
from network.workplan import storage
from network.workplan.meetings import packs as documents
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings import services as service
from network.workplan.meetings.models import Meeting, PackState


def _waiting():
    stale = utcnow() - timedelta(seconds=current_app.config["PACK_CLAIM_SECONDS"])
    return or_(Meeting.pack_state == PackState.QUEUED,
               and_(Meeting.pack_state == PackState.BUILDING, Meeting.pack_claimed_at < stale))


def _claim(meeting_id: int) -> bool:
    """Take the build, committed, so that a second builder (or a second run) leaves it."""
    claimed = db.session.execute(
        update(Meeting).where(Meeting.id == meeting_id, _waiting())
        .values(pack_state=PackState.BUILDING, pack_claimed_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    return claimed


def build_one(meeting_id: int) -> bool:
    """Build both packs of one claimed meeting; a failure is recorded on the meeting."""
    db.session.expire_all()
    meeting = meeting_queries.meeting_with_agenda(meeting_id)
    generation = meeting.pack_generation
    try:
        late = service.is_late(meeting, meeting.agenda_published_at)
        members = documents.build_pack(meeting, True, meeting.agenda_published_at, late)
        observers = documents.build_pack(meeting, False, meeting.agenda_published_at, late)
        members_sha, observers_sha = storage.save_bytes(members), storage.save_bytes(observers)
        done = service.pack_built(meeting, generation, members_sha, observers_sha)
        db.session.commit()
        return done
    except Exception as exc:  # noqa: BLE001 - recorded for the secretariat, logged in full
        db.session.rollback()
        current_app.logger.exception("meeting %s: agenda pack failed", meeting_id)
        service.pack_failed(meeting_id, generation,
                            f"an error stopped the build ({type(exc).__name__}); the "
                            "scheduler's log has the details")
        db.session.commit()
        return False


def build_agenda_packs(limit: int = 20) -> int:
    """Build the packs that are asked for (and those whose builder died); returns how many."""
    waiting = list(db.session.scalars(select(Meeting.id).where(_waiting())
                                      .order_by(Meeting.id).limit(limit)))
    db.session.rollback()
    return sum(build_one(meeting_id) for meeting_id in waiting if _claim(meeting_id))

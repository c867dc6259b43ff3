"""What the scheduler calls for meetings: build the agenda packs publishing asked for, tell
invitees when a published agenda's papers change, and the digest's meetings section."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import selectinload

from network.db import utcnow
from network.digest_parts import Row, Section, Window, portal
from network.email import queue_email
from network.extensions import db
from network.members.models import Person
from network.time import day_start_utc, show
from network.workplan import storage
from network.workplan.items.models import AgendaItem, Paper, PaperVersion
from network.workplan.meetings import packs as documents
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings import services as service
from network.workplan.meetings.models import Meeting, MeetingStatus, PackState
from network.workplan.meetings.rules import invited
from network.workplan.minutes.models import Rsvp


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


def build_agenda_packs(at: datetime | None = None, limit: int = 20) -> int:
    """Build the packs that are asked for (and those whose builder died); returns how many."""
    waiting = list(db.session.scalars(select(Meeting.id).where(_waiting())
                                      .order_by(Meeting.id).limit(limit)))
    db.session.rollback()
    return sum(build_one(meeting_id) for meeting_id in waiting if _claim(meeting_id))


def _papers_changed_since_publishing():
    """A paper or version of the meeting added or removed after its agenda was published."""
    changed = or_(PaperVersion.uploaded_at > Meeting.agenda_published_at,
                  PaperVersion.removed_at > Meeting.agenda_published_at,
                  Paper.removed_at > Meeting.agenda_published_at)
    return exists(select(PaperVersion.id).join(Paper, PaperVersion.paper_id == Paper.id)
                  .join(AgendaItem, Paper.item_id == AgendaItem.id)
                  .where(AgendaItem.meeting_id == Meeting.id, changed))


def notify_papers_updated(at: datetime | None = None) -> str:
    """Email the invitees of a published agenda whose pack was rebuilt for changed papers;
    once per pack generation (a conditional update takes it, the outbox key repeats nothing)."""
    waiting = list(db.session.scalars(select(Meeting.id).where(
        Meeting.status == MeetingStatus.AGENDA_PUBLISHED, Meeting.pack_state == PackState.READY,
        Meeting.pack_generation > Meeting.papers_notified_generation,
        _papers_changed_since_publishing())))
    told = 0
    for meeting_id in waiting:
        meeting = db.session.scalar(select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.offices), selectinload(Meeting.observers)))
        generation = meeting.pack_generation
        taken = db.session.execute(
            update(Meeting).where(Meeting.id == meeting_id,
                                  Meeting.papers_notified_generation < generation)
            .values(papers_notified_generation=generation)
            .execution_options(synchronize_session=False)).rowcount == 1
        if not taken:
            continue
        for person in service.invitees(meeting):
            queue_email(f"papers-updated:{meeting.id}:{person.id}:{generation}",
                        person.email, f"Papers updated: {meeting.title}",
                        "papers_updated", person=person, meeting=meeting)
            told += 1
        db.session.commit()
    return f"{told} papers-updated notices queued for {len(waiting)} meetings"


def upcoming_invitations(readers: list[Person], window: Window) -> dict[int, list[Meeting]]:
    """Each reader's meetings from today to the horizon, not cancelled, soonest first:
    three queries for the whole batch (meetings, their offices, their observers)."""
    meetings = list(db.session.scalars(
        select(Meeting).where(Meeting.starts_at >= day_start_utc(window.today),
                              Meeting.starts_at < day_start_utc(window.horizon),
                              Meeting.status != MeetingStatus.CANCELLED)
        .options(selectinload(Meeting.offices), selectinload(Meeting.observers))
        .order_by(Meeting.starts_at, Meeting.id)))
    return {r.id: [m for m in meetings if invited(r, m)] for r in readers}


def digest_meetings(readers: list[Person], window: Window) -> dict[int, Section]:
    """The next four weeks of the reader's meetings, with their RSVP and the agenda's state."""
    mine = upcoming_invitations(readers, window)
    meeting_ids = {m.id for ms in mine.values() for m in ms}
    rsvps = {(r.meeting_id, r.person_id): r for r in db.session.scalars(select(Rsvp).where(
        Rsvp.meeting_id.in_(meeting_ids), Rsvp.person_id.in_([r.id for r in readers])))
        } if meeting_ids else {}
    sections = {}
    for reader in readers:
        rows = []
        for meeting in mine[reader.id]:
            rsvp = rsvps.get((meeting.id, reader.id))
            if reader.role.is_secretariat:
                answer = ""
            elif rsvp is None:
                answer = "You have not replied yet"
            else:
                answer = f"Your reply: {rsvp.response.label}"
            agenda = ("agenda published" if meeting.agenda_published_at
                      else f"papers due {meeting.papers_due_on:%-d %B}")
            rows.append(Row(f"{meeting.title}, {show(meeting.starts_at)}",
                            portal("meetings.detail", meeting_id=meeting.id),
                            "; ".join(p for p in (answer, agenda) if p),
                            is_urgent=rsvp is None and not reader.role.is_secretariat))
        if rows:
            sections[reader.id] = Section.of("Your meetings in the next four weeks", rows,
                                             portal("meetings.index"), "All meetings", 10)
    return sections

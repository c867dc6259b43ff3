"""Meetings: create, change, open for items, publish the agenda and its packs, hold, cancel."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select, update

from network import audit
from network.db import utcnow
from network.email import queue_email
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person, Role
from network.members.policy import require
from network.time import local_date
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus, StandingKind
from network.workplan.meetings import queries as meeting_queries
from network.workplan.meetings.models import (
    CLOSED,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PackState,
)
from network.workplan.meetings.working_days import clear_days_deadline

MEETING_FIELDS = ["title", "kind", "starts_at", "ends_at", "venue", "room", "online_link",
                  "chair", "logistics_notes", "is_all_offices", "workstream_id",
                  "secretariat_lead_id"]


STANDING = [  # (kind, title, minutes, position: first items, AOB last)
    (StandingKind.APOLOGIES, "Welcome and apologies", 5),
    (StandingKind.DECLARATIONS, "Declarations of interest", 2),
    (StandingKind.MINUTES, "Minutes of the last meeting", 5),
    (StandingKind.MATTERS_ARISING, "Matters arising and action log", 10),
]


AOB = (StandingKind.AOB, "Any other business", 5)


def deadlines(kind: MeetingKind, starts_at: datetime) -> tuple[date, date]:
    """(item submission deadline, papers publication date) in clear working days."""
    submit_days, papers_days = current_app.config["MEETING_DEADLINES"][kind.value]
    day = local_date(starts_at)
    return clear_days_deadline(day, submit_days), clear_days_deadline(day, papers_days)


def send_diary_emails(meeting: Meeting, kind: str, subject: str, template: str,
                      method: str = "REQUEST", people: list[Person] | None = None,
                      **context) -> int:
    """Email every invitee (or `people`) with an iCalendar REQUEST (invitation, change) or
    CANCEL attached; one per person and SEQUENCE, so a change queues once however often this
    runs."""
    from network.email import link_context
    from network.workplan.meetings.calendar import invitation_ics

    if meeting.starts_at <= utcnow():
        return 0  # a meeting recorded after the event: nothing for diaries
    people = invitees(meeting) if people is None else people
    for person in people:
        with link_context():
            ics = invitation_ics(meeting, person, method)
        queue_email(f"{kind}:{meeting.id}:{person.id}:{meeting.ics_sequence}", person.email,
                    subject, template, ics=ics,
                    ics_method=method, person=person, meeting=meeting, **context)
    return len(people)


def _check(data: dict, offices: list[Office], observers: list[Person]) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationFailed("The meeting must end after it starts", "end_time")
    if not (data.get("venue") or data.get("online_link")):
        raise ValidationFailed("Enter a venue or an online joining link", "venue")
    link = data.get("online_link") or ""
    if link and not link.startswith("https://"):
        raise ValidationFailed("The joining link must start with https://", "online_link")
    if not data["is_all_offices"] and not offices:
        raise ValidationFailed("Choose the offices invited, or invite every member office",
                               "offices")
    if any(p.role != Role.OBSERVER for p in observers):
        raise ValidationFailed("Only observers can be invited as observers", "observers")


def create_meeting(actor: Person, data: dict, offices: list[Office],
                   observers: list[Person]) -> Meeting:
    """Create a meeting with its deadlines and standing items."""
    require(actor, "meeting.create")
    _check(data, offices, observers)
    meeting = Meeting(**{k: data.get(k) for k in MEETING_FIELDS}, status=MeetingStatus.PLANNED)
    meeting.submission_deadline_on, meeting.papers_due_on = deadlines(meeting.kind,
                                                                      meeting.starts_at)
    meeting.offices = [] if meeting.is_all_offices else offices
    meeting.observers = observers
    db.session.add(meeting)
    db.session.flush()
    for position, (kind, title, minutes) in enumerate([*STANDING, AOB], start=1):
        db.session.add(AgendaItem(
            meeting_id=meeting.id, title=title, standing_kind=kind, status=ItemStatus.STANDING,
            purpose=ItemPurpose.DECISION if kind == StandingKind.MINUTES else (
                ItemPurpose.INFORMATION), position=position * 10 if kind != StandingKind.AOB
            else 10_000, duration_minutes=minutes, minutes_requested=minutes))
    audit.record("meeting.created", actor=actor, obj=meeting,
                 after=audit.changes(meeting, MEETING_FIELDS))
    send_diary_emails(meeting, "meeting-invitation", f"Invitation: {meeting.title}",
                      "meeting_invitation")
    return meeting


def update_meeting(actor: Person, meeting: Meeting, data: dict, offices: list[Office],
                   observers: list[Person]) -> Meeting:
    """Change a meeting; deadlines follow a new date and calendars get a new SEQUENCE."""
    require(actor, "meeting.manage", meeting)
    if meeting.status in CLOSED:
        raise Conflict("A meeting that has been held or cancelled cannot change")
    _check(data, offices, observers)
    before = audit.changes(meeting, MEETING_FIELDS)
    was_invited = {p.id: p for p in invitees(meeting)}
    for key in MEETING_FIELDS:
        setattr(meeting, key, data.get(key))
    meeting.submission_deadline_on, meeting.papers_due_on = deadlines(meeting.kind,
                                                                      meeting.starts_at)
    meeting.offices = [] if meeting.is_all_offices else offices
    meeting.observers = observers
    after = audit.changes(meeting, MEETING_FIELDS)
    meeting.ics_sequence += 1
    audit.record("meeting.updated", actor=actor, obj=meeting, before=before, after=after)
    _tell_diaries(meeting, before, after, was_invited)
    return meeting


def _tell_diaries(meeting: Meeting, before: dict, after: dict,
                  was_invited: dict[int, Person]) -> None:
    """After a change: people newly invited get the invitation, people no longer invited a
    CANCEL for their diary only, and everyone still invited the change when its time, place or
    title moved."""
    now_invited = {p.id: p for p in invitees(meeting)}
    added = [p for pid, p in now_invited.items() if pid not in was_invited]
    removed = [p for pid, p in was_invited.items() if pid not in now_invited]
    staying = [p for pid, p in now_invited.items() if pid in was_invited]
    if added:
        send_diary_emails(meeting, "meeting-invitation", f"Invitation: {meeting.title}",
                          "meeting_invitation", people=added)
    if removed:
        send_diary_emails(meeting, "meeting-uninvited", f"No longer invited: {meeting.title}",
                          "meeting_uninvited", method="CANCEL", people=removed)
    changed = [f for f in ("title", "starts_at", "ends_at", "venue", "room", "online_link")
               if before.get(f) != after.get(f)]
    if changed and staying:
        send_diary_emails(meeting, "meeting-changed", f"Changed: {meeting.title}",
                          "meeting_changed", people=staying)


def _set_status(actor: Person, meeting: Meeting, status: MeetingStatus, action: str,
                allowed_from: tuple[MeetingStatus, ...]) -> Meeting:
    require(actor, "meeting.manage", meeting)
    if meeting.status not in allowed_from:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}, so it cannot be "
                       f"{action.replace('_', ' ')}")
    before = meeting.status.value
    meeting.status = status
    audit.record(f"meeting.{action}", actor=actor, obj=meeting, before={"status": before},
                 after={"status": status.value})
    return meeting


def open_for_items(actor: Person, meeting: Meeting) -> Meeting:
    """Let member offices submit items."""
    return _set_status(actor, meeting, MeetingStatus.OPEN_FOR_ITEMS, "opened_for_items",
                       (MeetingStatus.PLANNED,))


def cancel_meeting(actor: Person, meeting: Meeting, reason: str) -> Meeting:
    """Cancel: calendars show it cancelled; invitees are told by email."""
    if not reason.strip():
        raise ValidationFailed("Give a reason for cancelling", "reason")
    _set_status(actor, meeting, MeetingStatus.CANCELLED, "cancelled",
                (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS,
                 MeetingStatus.AGENDA_PUBLISHED))
    meeting.cancelled_reason = reason.strip()
    meeting.ics_sequence += 1
    send_diary_emails(meeting, "meeting-cancelled", f"Cancelled: {meeting.title}",
                      "meeting_cancelled", method="CANCEL")
    return meeting


def mark_held(actor: Person, meeting: Meeting) -> Meeting:
    """Record that the meeting took place (attendance and minutes follow)."""
    if utcnow() < meeting.starts_at:
        raise Conflict("A meeting cannot be marked held before it starts")
    return _set_status(actor, meeting, MeetingStatus.HELD, "held",
                       (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.OPEN_FOR_ITEMS,
                        MeetingStatus.PLANNED))


def invitees(meeting: Meeting) -> list[Person]:
    """Active people of invited offices, and invited observers."""
    query = select(Person).join(Office, Person.office_id == Office.id).where(
        Person.is_active.is_(True), Office.status == OfficeStatus.ACTIVE)
    if not meeting.is_all_offices:
        query = query.where(Office.id.in_([o.id for o in meeting.offices]))
    people = list(db.session.scalars(query.order_by(Person.id)))
    return people + [p for p in meeting.observers if p.is_active]


PUBLISHABLE = (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS)


def untriaged(meeting: Meeting) -> list:
    """Submitted items still waiting for the secretariat's decision (items loaded)."""
    return [i for i in meeting.items if i.status == ItemStatus.SUBMITTED]


def is_late(meeting: Meeting, moment=None) -> bool:
    """Whether publishing at `moment` (now) is after the papers publication date."""
    return local_date(moment or utcnow()) > meeting.papers_due_on


def request_pack(meeting: Meeting) -> None:
    """Ask the scheduler for a fresh pack (published agendas only); the old one is no longer
    served, so a removed paper stops reaching readers at once."""
    if meeting.agenda_published_at is None:
        return
    meeting.pack_state = PackState.QUEUED
    meeting.pack_generation += 1
    meeting.pack_problem = ""
    meeting.pack_sha256 = meeting.observers_pack_sha256 = None


def publish_agenda(actor: Person, meeting: Meeting) -> Meeting:
    """Publish: mark the agenda published and ask for both packs; the scheduler builds them
    and then emails every invitee a link (building never holds up this request)."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in PUBLISHABLE:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}, so its agenda cannot "
                       "be published")
    meeting = meeting_queries.meeting_with_agenda(meeting.id)  # items, papers and versions loaded
    waiting = untriaged(meeting)
    if waiting:
        names = "; ".join(f"'{i.title}'" for i in waiting)
        raise Conflict(f"Accept, defer or decline the submitted items first: {names}")
    now = utcnow()
    before = meeting.status.value
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = now
    meeting.ics_sequence += 1
    meeting.has_pending_announcement = True
    request_pack(meeting)
    audit.record("meeting.agenda_published", actor=actor, obj=meeting,
                 before={"status": before},
                 after={"status": meeting.status.value, "late": is_late(meeting, now),
                        "pack": "queued"})
    return meeting


def rebuild_pack(actor: Person, meeting: Meeting) -> Meeting:
    """The secretariat asks again for a pack whose build failed (or to refresh it)."""
    require(actor, "meeting.manage", meeting)
    if meeting.agenda_published_at is None:
        raise Conflict("The agenda has not been published, so there is no pack to build")
    if meeting.pack_state in (PackState.QUEUED, PackState.BUILDING):
        raise Conflict("The agenda pack is already being built")
    request_pack(meeting)
    audit.record("meeting.pack_requested", actor=actor, obj=meeting,
                 after={"generation": meeting.pack_generation})
    return meeting


def pack_built(meeting: Meeting, generation: int, members_sha: str,
               observers_sha: str) -> bool:
    """Record a finished build, unless the pack was asked for again meanwhile (then the
    scheduler builds once more); the first pack of a publication emails the invitees."""
    done = db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.pack_generation == generation,
                              Meeting.pack_state == PackState.BUILDING)
        .values(pack_state=PackState.READY, pack_sha256=members_sha,
                observers_pack_sha256=observers_sha, pack_built_at=utcnow(), pack_problem="")
        .execution_options(synchronize_session=False)).rowcount == 1
    if not done:
        return False
    audit.record("meeting.pack_built", actor=None, obj=meeting,
                 after={"generation": generation, "pack_sha256": members_sha,
                        "observers_pack_sha256": observers_sha})
    announce = db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id,
                              Meeting.has_pending_announcement.is_(True))
        .values(has_pending_announcement=False)
        .execution_options(synchronize_session=False)).rowcount == 1
    if announce:  # the papers of this generation are announced with the agenda
        meeting.papers_notified_generation = generation
    if announce and meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        late = is_late(meeting, meeting.agenda_published_at)
        for person in invitees(meeting):
            queue_email(f"agenda-published:{meeting.id}:{person.id}:{meeting.ics_sequence}",
                        person.email, f"Agenda published: {meeting.title}", "agenda_published",
                        person=person, meeting=meeting, late=late)
    return True


def pack_failed(meeting_id: int, generation: int, problem: str) -> None:
    """Record why a build failed (for the secretariat), unless it was asked for again."""
    db.session.execute(
        update(Meeting).where(Meeting.id == meeting_id, Meeting.pack_generation == generation,
                              Meeting.pack_state == PackState.BUILDING)
        .values(pack_state=PackState.FAILED, pack_problem=problem[:500])
        .execution_options(synchronize_session=False))


def pack_sha(meeting: Meeting, with_confidential: bool) -> str | None:
    """The stored pack a reader gets: members' (with confidential items) or observers'."""
    return meeting.pack_sha256 if with_confidential else meeting.observers_pack_sha256

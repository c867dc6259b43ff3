"""Publishing the agenda: the agenda packs (members' and observers'), stored by hash, and an
email to every invitee."""

from __future__ import annotations

from network import audit
from network.db import utcnow
from network.email import queue_email
from network.errors import Conflict
from network.members.models import Person
from network.workplan import documents, queries, storage
from network.workplan.models import ItemStatus, Meeting, MeetingStatus
from network.workplan.services.meetings import invitees, london_date, require

PUBLISHABLE = (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS)


def untriaged(meeting: Meeting) -> list:
    """Submitted items still waiting for the secretariat's decision (items loaded)."""
    return [i for i in meeting.items if i.status == ItemStatus.SUBMITTED]


def is_late(meeting: Meeting, moment=None) -> bool:
    """Whether publishing at `moment` (now) is after the papers publication date."""
    return london_date(moment or utcnow()) > meeting.papers_due_on


def publish_agenda(actor: Person, meeting: Meeting) -> Meeting:
    """Publish: build both packs, mark the agenda published, email every invitee a link."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in PUBLISHABLE:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}, so its agenda cannot "
                       "be published")
    meeting = queries.meeting_with_agenda(meeting.id)  # items, papers and versions loaded
    waiting = untriaged(meeting)
    if waiting:
        names = "; ".join(f"'{i.title}'" for i in waiting)
        raise Conflict(f"Accept, defer or decline the submitted items first: {names}")
    now = utcnow()
    late = is_late(meeting, now)
    members = documents.build_pack(meeting, True, now, late)
    observers = documents.build_pack(meeting, False, now, late)
    before = meeting.status.value
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = now
    meeting.ics_sequence += 1
    meeting.pack_sha256 = storage.save_bytes(members)
    meeting.observers_pack_sha256 = storage.save_bytes(observers)
    audit.record("meeting.agenda_published", actor=actor, obj=meeting,
                 before={"status": before},
                 after={"status": meeting.status.value, "late": late,
                        "pack_sha256": meeting.pack_sha256,
                        "observers_pack_sha256": meeting.observers_pack_sha256})
    for person in invitees(meeting):
        queue_email(f"agenda-published:{meeting.id}:{person.id}:{meeting.ics_sequence}",
                    person.email, f"Agenda published: {meeting.title}", "agenda_published",
                    person=person, meeting=meeting, late=late)
    return meeting


def pack_sha(meeting: Meeting, with_confidential: bool) -> str | None:
    """The stored pack a reader gets: members' (with confidential items) or observers'."""
    return meeting.pack_sha256 if with_confidential else meeting.observers_pack_sha256

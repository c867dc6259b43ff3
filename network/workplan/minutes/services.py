"""RSVPs, attendance, quorum and declarations; minutes drafted, circulated, approved, corrected."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select

from network import audit
from network.audit import AuditEntry
from network.db import utcnow
from network.email import queue_email
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person
from network.members.policy import require
from network.workplan.items.models import AgendaItem, StandingKind
from network.workplan.meetings.models import CLOSED, Meeting, MeetingStatus
from network.workplan.meetings.services import invitees
from network.workplan.minutes.models import (
    Attendance,
    AttendanceStatus,
    Declaration,
    MinutesRevision,
    Rsvp,
    RsvpResponse,
)
from network.workplan.minutes.signals import quorum_rule_for

PRESENT = (AttendanceStatus.IN_PERSON, AttendanceStatus.ONLINE)


RECORDABLE = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)


def rsvp(actor: Person, meeting: Meeting, response: RsvpResponse, substitute_name: str = "",
         needs: str = "") -> Rsvp:
    """Reply to an invitation (and change the reply until the meeting is held)."""
    require(actor, "meeting.rsvp", meeting)
    if meeting.status in CLOSED:
        raise Conflict("Replies close when the meeting has been held or cancelled")
    if response == RsvpResponse.SUBSTITUTE and not substitute_name.strip():
        raise ValidationFailed("Enter the name of the person attending instead",
                               "substitute_name")
    if response == RsvpResponse.ONLINE and not meeting.online_link:
        raise ValidationFailed("This meeting has no online joining link", "response")
    row = db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == meeting.id,
                                               Rsvp.person_id == actor.id))
    before = {"response": row.response.value} if row else None
    if row is None:
        row = Rsvp(meeting_id=meeting.id, person_id=actor.id, response=response)
        db.session.add(row)
    row.response = response
    row.substitute_name = substitute_name.strip() if response == RsvpResponse.SUBSTITUTE else ""
    row.dietary_or_access_needs = needs.strip()
    db.session.flush()
    audit.record("meeting.rsvp", actor=actor, obj=meeting, before=before,
                 after={"response": response.value, "substitute": row.substitute_name})
    return row


@dataclass
class Catering:
    """Numbers the secretariat plans the room and lunch with."""

    in_person: int
    online: int
    apologies: int
    substitutes: int
    not_replied: int

    @property
    def expected_in_room(self) -> int:
        """People expected in the room (substitutes come in person)."""
        return self.in_person + self.substitutes


def catering(meeting: Meeting, invited: int) -> Catering:
    """RSVP counts for the logistics notes."""
    counts = dict(db.session.execute(
        select(Rsvp.response, func.count()).where(Rsvp.meeting_id == meeting.id)
        .group_by(Rsvp.response)).all())
    replied = sum(counts.values())
    return Catering(counts.get(RsvpResponse.IN_PERSON, 0), counts.get(RsvpResponse.ONLINE, 0),
                    counts.get(RsvpResponse.APOLOGIES, 0), counts.get(RsvpResponse.SUBSTITUTE, 0),
                    max(invited - replied, 0))


def record_attendance(actor: Person, meeting: Meeting,
                      statuses: dict[int, tuple[AttendanceStatus, str]]) -> None:
    """Record, per office, who attended; replaces what was recorded before."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in RECORDABLE:
        raise Conflict("Attendance is recorded once the meeting is marked as held")
    existing = {a.office_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    for office_id, (status, represented_by) in statuses.items():
        row = existing.get(office_id) or Attendance(meeting_id=meeting.id, office_id=office_id,
                                                    status=status)
        row.status, row.represented_by = status, represented_by.strip()[:300]
        db.session.add(row)
    db.session.flush()
    audit.record("meeting.attendance_recorded", actor=actor, obj=meeting,
                 after={str(k): v[0].value for k, v in statuses.items()})


@dataclass
class Quorum:
    """Offices present against the offices in membership, and the rule (None when no version
    of the Constitution was in force on the meeting's day) with where it comes from."""

    present: int
    membership: int
    rule: Fraction | None
    source: str = ""

    @property
    def needed(self) -> int | None:
        """The least number of offices that makes the meeting quorate."""
        if self.rule is None:
            return None
        exact = self.rule * self.membership
        return int(exact) if exact.denominator == 1 else int(exact) + 1

    @property
    def is_met(self) -> bool | None:
        """Whether enough offices are present (exact arithmetic, no floats); None without a
        rule."""
        needed = self.needed
        return None if needed is None else self.present >= needed


def quorum(meeting: Meeting) -> Quorum:
    """Quorum from recorded attendance, by the rule of the Constitution in force on the
    meeting's day (through minutes/signals.py: the Constitution is governance's)."""
    present = db.session.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.status.in_(PRESENT))) or 0
    membership = db.session.scalar(select(func.count()).select_from(Office).where(
        Office.status == OfficeStatus.ACTIVE)) or 0
    rule = quorum_rule_for(meeting)
    if rule is None:
        return Quorum(present, membership, None)
    return Quorum(present, membership, Fraction(rule[0]), rule[1])


def declare_interest(actor: Person, meeting: Meeting, item: AgendaItem, declared_by: str,
                     interest: str) -> Declaration:
    """Record a declaration of interest on an item at the meeting."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in RECORDABLE:
        raise Conflict("Declarations are recorded once the meeting is marked as held")
    if item.meeting_id != meeting.id or not item.is_on_agenda:
        raise ValidationFailed("Choose an item on this meeting's agenda", "item")
    if not declared_by.strip():
        raise ValidationFailed("Enter who declared the interest", "declared_by")
    if not interest.strip():
        raise ValidationFailed("Describe the interest", "interest")
    declaration = Declaration(meeting_id=meeting.id, item_id=item.id,
                              declared_by=declared_by.strip()[:200], interest=interest.strip(),
                              recorded_by_id=actor.id)
    db.session.add(declaration)
    db.session.flush()
    audit.record("meeting.interest_declared", actor=actor, obj=meeting,
                 after={"item": item.id, "by": declaration.declared_by})
    return declaration


DRAFTING = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)


def save_minute(actor: Person, meeting: Meeting, item: AgendaItem, text: str) -> AgendaItem:
    """Write or change the minute of an item while the minutes are still a draft."""
    require(actor, "meeting.manage", meeting)
    if item.meeting_id != meeting.id or not item.is_on_agenda:
        raise ValidationFailed("Choose an item on this meeting's agenda", "text")
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise Conflict("These minutes are approved and locked. Make a correction instead, "
                       "with a reason.")
    if meeting.status not in DRAFTING:
        raise Conflict("Minutes are written once the meeting is marked as held")
    before = item.minute_text
    item.minute_text = text.strip()
    audit.record("minutes.item_saved", actor=actor, obj=item, before={"text": before},
                 after={"text": item.minute_text})
    return item


def circulations(meeting: Meeting) -> int:
    """How many times the draft minutes have gone round (from the audit trail)."""
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action.in_(("minutes.circulated", "minutes.recirculated")),
            AuditEntry.object_type == "meeting", AuditEntry.object_id == str(meeting.id))) or 0


def _send_round(meeting: Meeting, round_number: int, changes: str = "") -> None:
    for person in invitees(meeting):  # one email per person per round, whatever the clicks
        queue_email(f"minutes-draft:{meeting.id}:round-{round_number}:{person.id}", person.email,
                    f"{'Revised d' if changes else 'D'}raft minutes: {meeting.title}",
                    "minutes_draft", person=person, meeting=meeting, changes=changes)


def circulate(actor: Person, meeting: Meeting) -> Meeting:
    """Send the draft minutes round to the invitees, once (status: minutes drafted)."""
    require(actor, "meeting.manage", meeting)
    if meeting.status == MeetingStatus.MINUTES_DRAFTED:
        raise Conflict("The draft minutes have already been circulated. To send changes, "
                       "re-circulate them with a note of what changed")
    if meeting.status not in DRAFTING:
        raise Conflict("Only a held meeting's draft minutes can be circulated")
    meeting.status = MeetingStatus.MINUTES_DRAFTED
    _send_round(meeting, circulations(meeting) + 1)
    audit.record("minutes.circulated", actor=actor, obj=meeting)
    return meeting


def recirculate(actor: Person, meeting: Meeting, changes: str) -> Meeting:
    """Send changed draft minutes round again, saying what changed (a new round of emails)."""
    require(actor, "meeting.manage", meeting)
    if meeting.status != MeetingStatus.MINUTES_DRAFTED:
        raise Conflict("Only draft minutes that have been circulated can be re-circulated")
    changes = (changes or "").strip()
    if not changes:
        raise ValidationFailed("Enter what changed since the minutes were circulated",
                               "changes")
    round_number = circulations(meeting) + 1
    _send_round(meeting, round_number, changes)
    audit.record("minutes.recirculated", actor=actor, obj=meeting,
                 after={"round": round_number, "changes": changes})
    return meeting


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The last earlier meeting of the same kind that was held (its minutes come here)."""
    return db.session.scalar(
        select(Meeting).where(Meeting.kind == meeting.kind, Meeting.starts_at < meeting.starts_at,
                              Meeting.status.in_([MeetingStatus.HELD,
                                                  MeetingStatus.MINUTES_DRAFTED,
                                                  MeetingStatus.MINUTES_APPROVED]))
        .order_by(Meeting.starts_at.desc()).limit(1))


def approve(actor: Person, meeting: Meeting) -> Meeting:
    """At `meeting`, approve the minutes of the previous meeting of its kind; they lock."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in DRAFTING:
        raise Conflict("Minutes are approved at a meeting once it has been held")
    earlier = previous_meeting(meeting)
    if earlier is None:
        raise Conflict("There is no earlier meeting of this kind with minutes to approve")
    if earlier.status == MeetingStatus.MINUTES_APPROVED:
        raise Conflict("Those minutes are already approved")
    if earlier.status != MeetingStatus.MINUTES_DRAFTED:
        raise Conflict("Those minutes have not been circulated in draft yet")
    earlier.status = MeetingStatus.MINUTES_APPROVED
    earlier.minutes_approved_at = utcnow()
    earlier.minutes_approved_by_meeting_id = meeting.id
    standing = db.session.scalar(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.standing_kind == StandingKind.MINUTES))
    if standing is not None and not standing.minute_text:
        standing.minute_text = (f"The minutes of {earlier.title} were approved as a correct "
                                "record.")
    audit.record("minutes.approved", actor=actor, obj=earlier,
                 after={"approved_at_meeting": meeting.id})
    return earlier


def revise(actor: Person, meeting: Meeting, item: AgendaItem, text: str,
           reason: str) -> MinutesRevision:
    """Correct an approved minute: a new revision records the old and new text and why."""
    require(actor, "meeting.manage", meeting)
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise Conflict("Only approved minutes are corrected this way; edit the draft instead")
    if item.meeting_id != meeting.id:
        raise ValidationFailed("Choose an item of this meeting", "text")
    if not reason.strip():
        raise ValidationFailed("Give the reason for the correction", "reason")
    if text.strip() == item.minute_text:
        raise ValidationFailed("The corrected minute is the same as the current one", "text")
    number = (db.session.scalar(select(func.max(MinutesRevision.number)).where(
        MinutesRevision.item_id == item.id)) or 0) + 1
    revision = MinutesRevision(item_id=item.id, number=number, previous_text=item.minute_text,
                               new_text=text.strip(), reason=reason.strip(),
                               made_by_id=actor.id)
    db.session.add(revision)
    item.minute_text = text.strip()
    db.session.flush()
    audit.record("minutes.revised", actor=actor, obj=item,
                 before={"text": revision.previous_text},
                 after={"text": revision.new_text, "reason": revision.reason})
    return revision


def revisions(meeting: Meeting) -> dict[int, list[MinutesRevision]]:
    """Corrections of a meeting's minutes, by item."""
    rows = db.session.scalars(select(MinutesRevision).join(
        AgendaItem, AgendaItem.id == MinutesRevision.item_id).where(
        AgendaItem.meeting_id == meeting.id).order_by(MinutesRevision.number))
    found: dict[int, list[MinutesRevision]] = {}
    for row in rows:
        found.setdefault(row.item_id, []).append(row)
    return found

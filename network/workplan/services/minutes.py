"""Minutes: drafted per agenda item, circulated, approved at the next meeting, then locked;
a later correction is a new revision with a reason, the earlier text kept."""

from __future__ import annotations

from sqlalchemy import func, select

from network import audit
from network.db import utcnow
from network.email import queue_email
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Person
from network.workplan.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    MinutesRevision,
    StandingKind,
)
from network.workplan.services.meetings import invitees, require

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


def circulate(actor: Person, meeting: Meeting) -> Meeting:
    """Send the draft minutes round to the invitees (status: minutes drafted)."""
    require(actor, "meeting.manage", meeting)
    if meeting.status not in DRAFTING:
        raise Conflict("Only a held meeting's draft minutes can be circulated")
    meeting.status = MeetingStatus.MINUTES_DRAFTED
    stamp = utcnow().strftime("%Y%m%d%H%M%S")
    for person in invitees(meeting):
        queue_email(f"minutes-draft:{meeting.id}:{person.id}:{stamp}", person.email,
                    f"Draft minutes: {meeting.title}", "minutes_draft", person=person,
                    meeting=meeting)
    audit.record("minutes.circulated", actor=actor, obj=meeting)
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

"""Agenda items: member offices submit them, the secretariat triages and orders them."""

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
    ItemEvent,
    ItemStatus,
    Meeting,
    MeetingStatus,
)
from network.workplan.services.meetings import CLOSED, london_date, require

ITEM_FIELDS = ["title", "purpose", "summary", "minutes_requested", "presenter", "workstream_id",
               "is_confidential"]


def _event(item: AgendaItem, actor: Person | None, action: str, detail: str = "") -> None:
    db.session.add(ItemEvent(item_id=item.id, actor_id=getattr(actor, "id", None),
                             action=action, detail=detail))


def deadline_passed(meeting: Meeting) -> bool:
    """Whether today (UK) is after the meeting's item submission deadline."""
    return london_date(utcnow()) > meeting.submission_deadline_on


def _check_open(meeting: Meeting) -> None:
    if meeting.status in CLOSED:
        raise Conflict(f"This meeting is {meeting.status.label.lower()}: items can no longer "
                       "be added")


def _check_fields(data: dict) -> None:
    minutes = data.get("minutes_requested")
    if minutes is None or not 1 <= minutes <= 240:
        raise ValidationFailed("Time requested must be between 1 and 240 minutes",
                               "minutes_requested")


def submit_item(actor: Person, meeting: Meeting, data: dict) -> AgendaItem:
    """A member office submits an item before the deadline."""
    require(actor, "item.submit", meeting)
    _check_open(meeting)
    if meeting.status != MeetingStatus.OPEN_FOR_ITEMS:
        raise Conflict("This meeting is not taking items yet")
    if deadline_passed(meeting):
        raise Conflict(f"The deadline for items was "
                       f"{meeting.submission_deadline_on:%-d %B %Y}. Contact the secretariat "
                       "if an item is urgent.")
    _check_fields(data)
    item = AgendaItem(meeting_id=meeting.id, office_id=actor.office_id, submitted_by_id=actor.id,
                      status=ItemStatus.SUBMITTED, **{k: data.get(k) for k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    _event(item, actor, "submitted")
    audit.record("item.submitted", actor=actor, obj=item,
                 after=audit.changes(item, ITEM_FIELDS))
    return item


def add_item(actor: Person, meeting: Meeting, data: dict, late_reason: str = "") -> AgendaItem:
    """The secretariat puts an item straight on the agenda; after the deadline it is late."""
    require(actor, "meeting.manage", meeting)
    _check_open(meeting)
    _check_fields(data)
    late = deadline_passed(meeting)
    if late and not late_reason.strip():
        raise ValidationFailed("The deadline has passed: give the reason this item is late",
                               "late_reason")
    item = AgendaItem(meeting_id=meeting.id, submitted_by_id=actor.id,
                      status=ItemStatus.ACCEPTED, is_late=late, late_reason=late_reason.strip(),
                      position=_next_position(meeting),
                      duration_minutes=data.get("minutes_requested"),
                      **{k: data.get(k) for k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    _event(item, actor, "added", "late: " + late_reason if late else "")
    audit.record("item.added", actor=actor, obj=item, after=audit.changes(item, ITEM_FIELDS))
    return item


def update_submission(actor: Person, item: AgendaItem, data: dict) -> AgendaItem:
    """The submitting office edits its item until triage."""
    require(actor, "item.edit", item)
    _check_fields(data)
    before = audit.changes(item, ITEM_FIELDS)
    for key in ITEM_FIELDS:
        setattr(item, key, data.get(key))
    _event(item, actor, "edited")
    audit.record("item.edited", actor=actor, obj=item, before=before,
                 after=audit.changes(item, ITEM_FIELDS))
    return item


def withdraw_submission(actor: Person, item: AgendaItem) -> AgendaItem:
    """The submitting office withdraws its item before triage."""
    require(actor, "item.edit", item)
    item.status = ItemStatus.WITHDRAWN
    _event(item, actor, "withdrawn")
    audit.record("item.withdrawn", actor=actor, obj=item)
    return item


def _next_position(meeting: Meeting) -> int:
    top = db.session.scalar(select(func.max(AgendaItem.position)).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.position < 10_000))
    return (top or 0) + 10


def _tell_office(item: AgendaItem, outcome: str, meeting: Meeting, **context) -> None:
    if item.submitted_by_id is None or item.office_id is None:
        return
    person = db.session.get(Person, item.submitted_by_id)
    if person is None or not person.is_active:
        return
    queue_email(f"item-{outcome}:{item.id}:{utcnow():%Y%m%d%H%M%S%f}", person.email,
                f"Your item '{item.title}': {outcome}", "item_outcome", person=person,
                item=item, outcome=outcome, meeting=meeting, **context)


def _triageable(actor: Person, item: AgendaItem) -> Meeting:
    require(actor, "item.triage", item)
    if item.status != ItemStatus.SUBMITTED:
        raise Conflict(f"This item is already {item.status.label.lower()}")
    meeting = db.session.get(Meeting, item.meeting_id)
    _check_open(meeting)
    return meeting


def accept_item(actor: Person, item: AgendaItem, duration: int | None) -> AgendaItem:
    """Place a submitted item on the agenda (after the items already there)."""
    meeting = _triageable(actor, item)
    duration = duration or item.minutes_requested
    if not 1 <= duration <= 240:
        raise ValidationFailed("Duration must be between 1 and 240 minutes", "duration")
    item.status, item.position, item.duration_minutes = (ItemStatus.ACCEPTED,
                                                         _next_position(meeting), duration)
    _event(item, actor, "accepted", f"{duration} minutes")
    audit.record("item.accepted", actor=actor, obj=item, after={"duration": duration})
    _tell_office(item, "accepted", meeting)
    return item


def defer_item(actor: Person, item: AgendaItem, target: Meeting) -> AgendaItem:
    """Move a submitted item to a later meeting; it keeps its history and stays submitted."""
    meeting = _triageable(actor, item)
    if target.id == meeting.id or target.starts_at <= meeting.starts_at:
        raise ValidationFailed("Choose a later meeting", "target")
    if target.status in CLOSED:
        raise ValidationFailed(f"That meeting is {target.status.label.lower()}", "target")
    item.meeting_id = target.id
    _event(item, actor, "deferred", f"from meeting {meeting.id} to meeting {target.id}")
    audit.record("item.deferred", actor=actor, obj=item,
                 before={"meeting_id": meeting.id}, after={"meeting_id": target.id})
    _tell_office(item, "deferred", meeting, target=target)
    return item


def decline_item(actor: Person, item: AgendaItem, reason: str) -> AgendaItem:
    """Decline a submitted item with a reason the office sees."""
    meeting = _triageable(actor, item)
    if not reason.strip():
        raise ValidationFailed("Give the reason the item is declined", "reason")
    item.status, item.decline_reason = ItemStatus.DECLINED, reason.strip()
    _event(item, actor, "declined", reason.strip())
    audit.record("item.declined", actor=actor, obj=item, after={"reason": reason.strip()})
    _tell_office(item, "declined", meeting)
    return item


def move_item(actor: Person, item: AgendaItem, direction: int) -> None:
    """Swap an agenda item with its neighbour (-1 up, +1 down); standing items stay put."""
    meeting = db.session.get(Meeting, item.meeting_id)
    require(actor, "meeting.manage", meeting)
    _check_open(meeting)
    movable = list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting.id, AgendaItem.status == ItemStatus.ACCEPTED)
        .order_by(AgendaItem.position)))
    if item not in movable:
        raise Conflict("Only accepted items can be moved")
    index = movable.index(item)
    other = index + direction
    if 0 <= other < len(movable):
        neighbour = movable[other]
        item.position, neighbour.position = neighbour.position, item.position
        audit.record("item.moved", actor=actor, obj=item,
                     after={"position": item.position})

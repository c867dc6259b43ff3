"""Actions: the secretariat records what an office (or person) owes; owners report progress."""

from __future__ import annotations

from datetime import date

from network import audit
from network.db import utcnow
from network.errors import Conflict, NotFound, ValidationFailed
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person
from network.members.policy import require
from network.time import local_date
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.workstreams.models import Workstream

ACTION_FIELDS = ["description", "owner_office_id", "owner_person_id", "due_on", "meeting_id",
                 "item_id", "workstream_id", "is_recorded_late", "recorded_late_reason"]
MAX_TEXT = 5000
# Actions are agreed at a meeting: only once it has taken place.
HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED)


def _text(value: str | None, field: str, label: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"Enter {label}", field)
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"{label.capitalize()} must be {MAX_TEXT} characters or fewer",
                               field)
    return text


def _owners(office_id: int | None, person_id: int | None) -> tuple[int | None, int | None]:
    office = db.session.get(Office, office_id) if office_id else None
    if office_id and (office is None or office.status != OfficeStatus.ACTIVE):
        raise ValidationFailed("Choose an active member office", "owner_office_id")
    person = db.session.get(Person, person_id) if person_id else None
    if person_id and (person is None or not person.is_active):
        raise ValidationFailed("Choose a person who can sign in", "owner_person_id")
    if office is None and person is None:
        raise ValidationFailed("Choose the office or the person who owns the action",
                               "owner_office_id")
    if office is not None and person is not None and person.office_id != office.id:
        raise ValidationFailed(f"{person.name} is not in {office.name}: choose someone from "
                               "the owner office", "owner_person_id")
    if office is None and person.office_id is not None:
        office_id = person.office_id  # a member owes it for their office: it shows there too
    return office_id, person_id


def _source(item_id: int | None, meeting_id: int | None) -> tuple[int | None, int | None]:
    """(meeting_id, item_id) the action came from; an item implies its meeting."""
    if item_id:
        item = db.session.get(AgendaItem, item_id)
        if item is None:
            raise NotFound("That agenda item does not exist", "item_id")
        meeting_id = item.meeting_id
    if meeting_id:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That meeting does not exist", "meeting_id")
        if meeting.status not in HELD:
            raise Conflict("Actions are agreed at a meeting: record them once the meeting "
                           "has been held", "meeting_id")
    return meeting_id, item_id


def _due_on(data: dict, meeting_id: int | None) -> tuple[date, str]:
    """The due date, and the reason it had already passed ("" when it had not): a past due
    date is refused unless the secretariat says the action is being recorded after the
    meeting and why."""
    due_on: date | None = data.get("due_on")
    if due_on is None:
        raise ValidationFailed("Enter the date the action is due", "due_on")
    if meeting_id:
        meeting = db.session.get(Meeting, meeting_id)
        held_on = local_date(meeting.starts_at)
        if due_on < held_on:
            raise ValidationFailed(f"The due date must be on or after the day of the meeting "
                                   f"({held_on:%-d %B %Y})", "due_on")
    today = local_date(utcnow())
    if due_on >= today:
        return due_on, ""
    if not data.get("is_recorded_late"):
        raise ValidationFailed(f"The due date must be today ({today:%-d %B %Y}) or later. If "
                               "the action is being recorded after the meeting and its due "
                               "date has passed, say so and give the reason", "due_on")
    reason = _text(data.get("recorded_late_reason"), "recorded_late_reason",
                   "the reason the action is recorded after its due date")
    return due_on, reason


def create_action(actor: Person, data: dict) -> Action:
    """Record an action, from a meeting item or on its own, due no earlier than today (UK);
    or, recorded after the meeting (`is_recorded_late` with `recorded_late_reason`), with a
    due date that has already passed: the action then says so."""
    require(actor, "action.create")
    description = _text(data.get("description"), "description", "a description of the action")
    office_id, person_id = _owners(data.get("owner_office_id"), data.get("owner_person_id"))
    meeting_id, item_id = _source(data.get("item_id"), data.get("meeting_id"))
    due_on, late_reason = _due_on(data, meeting_id)
    workstream_id = data.get("workstream_id")
    if workstream_id and db.session.get(Workstream, workstream_id) is None:
        raise ValidationFailed("Choose a workstream from the list", "workstream_id")
    action = Action(description=description, owner_office_id=office_id,
                    owner_person_id=person_id, due_on=due_on, meeting_id=meeting_id,
                    item_id=item_id, workstream_id=workstream_id or None,
                    created_by_id=actor.id, status=ActionStatus.OPEN,
                    is_recorded_late=bool(late_reason), recorded_late_reason=late_reason)
    db.session.add(action)
    db.session.flush()
    audit.record("action.created", actor=actor, obj=action,
                 after=audit.changes(action, ACTION_FIELDS))
    return action


def update_action(actor: Person, action: Action, status: ActionStatus | str | None,
                  note: str | None) -> ActionUpdate:
    """A dated note and a status, by the secretariat or the owner office only."""
    require(actor, "action.update", action)
    try:
        new_status = ActionStatus(status) if status else action.status
    except ValueError as exc:
        raise ValidationFailed("Choose open, in progress, done or dropped", "status") from exc
    note = _text(note, "note", "a note", required=False)
    if not note and new_status == action.status:
        raise ValidationFailed("Write a note or change the status", "note")
    before = action.status
    update = ActionUpdate(action_id=action.id, person_id=actor.id, note=note, status=new_status,
                          at=utcnow())
    db.session.add(update)
    action.status = new_status
    db.session.flush()
    audit.record("action.updated", actor=actor, obj=action,
                 before={"status": before.value},
                 after={"status": new_status.value, "note": note})
    return update

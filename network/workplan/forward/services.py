"""Forward plan entries: planned, changed or moved between meetings (their history kept),
turned into an ordinary agenda item when the paper arrives, or taken off the plan."""

from __future__ import annotations

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person
from network.members.policy import require
from network.workplan.forward.models import PlanEntry, PlanEvent, PlanStatus
from network.workplan.items import services as item_service
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import CLOSED, Meeting

ENTRY_FIELDS = ["title", "purpose", "notes", "minutes_planned", "meeting_id", "workstream_id",
                "lead_office_id"]


def _event(entry: PlanEntry, actor: Person, action: str, from_meeting: int | None = None,
           to_meeting: int | None = None, detail: str = "") -> None:
    db.session.add(PlanEvent(entry_id=entry.id, actor_id=actor.id, action=action,
                             from_meeting_id=from_meeting, to_meeting_id=to_meeting,
                             detail=detail))


def check_target(meeting: Meeting | None) -> None:
    """A plan entry is for a meeting still to come that has not been cancelled."""
    if meeting is None:
        raise ValidationFailed("Select the meeting the item is planned for", "meeting_id")
    if meeting.status in CLOSED or meeting.starts_at <= utcnow():
        state = ("cancelled" if meeting.status.value == "cancelled" else "in the past")
        raise ValidationFailed(f"{meeting.title} is {state}: plan the item for a meeting "
                               "still to come", "meeting_id")


def _check_fields(data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise ValidationFailed("Enter the title", "title")
    minutes = data.get("minutes_planned")
    if minutes is None or not 1 <= minutes <= 240:
        raise ValidationFailed("Time planned must be between 1 and 240 minutes",
                               "minutes_planned")
    office_id = data.get("lead_office_id")
    if office_id is not None:
        office = db.session.get(Office, office_id)
        if office is None or office.status != OfficeStatus.ACTIVE:
            raise ValidationFailed("Select a lead office that is a member of the network",
                                   "lead_office_id")


def plan_item(actor: Person, meeting: Meeting | None, data: dict) -> PlanEntry:
    """The secretariat plans an item for a future meeting before anyone submits it."""
    require(actor, "plan.manage")
    check_target(meeting)
    _check_fields(data)
    values = {k: data.get(k) for k in ENTRY_FIELDS if k != "meeting_id"}
    entry = PlanEntry(meeting_id=meeting.id, created_by_id=actor.id, **values)
    db.session.add(entry)
    db.session.flush()
    _event(entry, actor, "planned", to_meeting=meeting.id)
    audit.record("plan_entry.created", actor=actor, obj=entry,
                 after=audit.changes(entry, ENTRY_FIELDS))
    return entry


def _still_planned(entry: PlanEntry) -> None:
    if entry.status != PlanStatus.PLANNED:
        raise Conflict(f"This plan entry is {entry.status.label.lower()}: it can no longer "
                       "be changed")


def update_entry(actor: Person, entry: PlanEntry, meeting: Meeting | None,
                 data: dict) -> PlanEntry:
    """Change a planned entry; a new target meeting is a move, kept in its history."""
    require(actor, "plan.manage", entry)
    _still_planned(entry)
    moving = meeting is not None and meeting.id != entry.meeting_id
    if moving or meeting is None:
        check_target(meeting)
    _check_fields(data)
    before = audit.changes(entry, ENTRY_FIELDS)
    from_meeting = entry.meeting_id
    for key in ENTRY_FIELDS:
        if key != "meeting_id":
            setattr(entry, key, data.get(key))
    entry.meeting_id = meeting.id
    after = audit.changes(entry, ENTRY_FIELDS)
    if before == after:
        return entry
    if moving:
        _event(entry, actor, "moved", from_meeting=from_meeting, to_meeting=meeting.id)
    if {k for k in before if before[k] != after[k]} - {"meeting_id"}:
        _event(entry, actor, "edited")
    audit.record("plan_entry.moved" if moving else "plan_entry.edited", actor=actor,
                 obj=entry, before=before, after=after)
    return entry


def convert_to_item(actor: Person, entry: PlanEntry, meeting: Meeting, summary: str,
                    late_reason: str = "") -> AgendaItem:
    """The paper has arrived: the entry becomes an ordinary agenda item of its meeting (added
    by the items service, so deadlines, late reasons and the item's own history apply) and
    points at it. The lead office becomes the item's office, so it may upload its papers."""
    require(actor, "plan.manage", entry)
    _still_planned(entry)
    if meeting.id != entry.meeting_id:
        raise Conflict("This plan entry has moved to another meeting")
    if not (summary or "").strip():
        raise ValidationFailed("Enter the summary", "summary")
    item = item_service.add_item(actor, meeting, {
        "title": entry.title, "purpose": entry.purpose, "summary": summary.strip(),
        "minutes_requested": entry.minutes_planned, "presenter": "",
        "workstream_id": entry.workstream_id, "is_confidential": False},
        late_reason=late_reason)
    item.office_id = entry.lead_office_id
    entry.status = PlanStatus.CONVERTED
    entry.item_id = item.id
    db.session.flush()
    _event(entry, actor, "converted", detail=f"agenda item {item.id}")
    audit.record("plan_entry.converted", actor=actor, obj=entry, after={"item_id": item.id})
    return item


def drop_entry(actor: Person, entry: PlanEntry) -> PlanEntry:
    """Take a planned entry off the plan (it stays, with its history)."""
    require(actor, "plan.manage", entry)
    _still_planned(entry)
    entry.status = PlanStatus.DROPPED
    _event(entry, actor, "dropped")
    audit.record("plan_entry.dropped", actor=actor, obj=entry)
    return entry

"""The decisions register: decisions numbered UKMN/<year>/<nnn>, never rewritten."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from network import audit
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.governance.decisions.models import Decision
from network.members.models import Person
from network.members.policy import require
from network.time import local_date
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.workstreams.models import Workstream

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED)
MAX_TEXT = 10_000


def _text(value: str | None, field: str, what: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"Enter {what}", field)
    if len(text) > limit:
        raise ValidationFailed(f"The {what.removeprefix('the ')} must be {limit} characters "
                               "or fewer", field)
    return text


def _next_sequence(year: int) -> int:
    top = db.session.scalar(select(func.max(Decision.sequence)).where(Decision.year == year))
    return (top or 0) + 1


def _numbered(make, year: int) -> Decision:
    """Add the decision `make()` builds with the next number of its year. The number is max+1
    in this transaction; if another transaction took it first, the unique (year, sequence)
    refuses the flush: roll back (nothing else has been written yet) and try once more."""
    for attempt in (1, 2):
        decision = make()
        decision.year, decision.sequence = year, _next_sequence(year)
        db.session.add(decision)
        try:
            db.session.flush()
        except IntegrityError as exc:
            db.session.rollback()
            if attempt == 2:
                raise Conflict("Another decision was being numbered at the same moment: "
                               "please try again") from exc
            continue
        return decision
    raise AssertionError("unreachable")


def _check_item(item: AgendaItem, meeting: Meeting) -> None:
    if item.meeting_id != meeting.id:
        raise ValidationFailed("The item is not on that meeting's agenda", "item")
    if meeting.status not in HELD:
        raise Conflict("Decisions are recorded once the meeting has been held")
    if not item.is_on_agenda:
        raise Conflict("Decisions are recorded on items of the agenda")


def record_decision(actor: Person, item: AgendaItem, text: str,
                    workstream_id: int | None = None) -> Decision:
    """Record what a held meeting decided on an item, numbered within the meeting's year."""
    require(actor, "decision.record")
    meeting = db.session.get(Meeting, item.meeting_id)
    _check_item(item, meeting)
    text = _text(text, "text", "the decision")
    workstream_id = workstream_id or item.workstream_id or meeting.workstream_id
    if workstream_id and db.session.get(Workstream, workstream_id) is None:
        raise ValidationFailed("Choose a workstream from the list", "workstream")
    day = local_date(meeting.starts_at)
    meeting_id, item_id, actor_id = meeting.id, item.id, actor.id
    decision = _numbered(lambda: Decision(meeting_id=meeting_id, item_id=item_id, text=text,
                                          workstream_id=workstream_id, decided_on=day,
                                          recorded_by_id=actor_id), day.year)
    audit.record("decision.recorded", actor=actor, obj=decision, label=decision.reference,
                 after={"reference": decision.reference, "item_id": item_id, "text": text})
    return decision


def superseded_ids(ids: list[int]) -> dict[int, Decision]:
    """For each of these decision ids that a later decision replaces: that later decision."""
    if not ids:
        return {}
    return {d.supersedes_id: d for d in db.session.scalars(
        select(Decision).where(Decision.supersedes_id.in_(ids)))}


def supersede_decision(actor: Person, decision: Decision, text: str, reason: str) -> Decision:
    """A new decision (numbered afresh, same meeting and item) that replaces an earlier one;
    the earlier one stays as it was."""
    require(actor, "decision.record")
    if superseded_ids([decision.id]):
        raise Conflict(f"{decision.reference} has already been replaced: supersede the newer "
                       "decision instead")
    text = _text(text, "text", "the new decision")
    reason = _text(reason, "reason", "the reason", limit=2000)
    meeting = db.session.get(Meeting, decision.meeting_id) if decision.meeting_id else None
    day = local_date(meeting.starts_at) if meeting else decision.decided_on
    old = {"meeting_id": decision.meeting_id, "item_id": decision.item_id,
           "workstream_id": decision.workstream_id, "decided_on": decision.decided_on,
           "supersedes_id": decision.id, "recorded_by_id": actor.id}
    reference, old_text = decision.reference, decision.text
    new = _numbered(lambda: Decision(text=text, supersede_reason=reason, **old), day.year)
    audit.record("decision.superseded", actor=actor, obj=new, label=new.reference,
                 before={"reference": reference, "text": old_text},
                 after={"reference": new.reference, "text": text, "reason": reason})
    return new


def record_vote_decision(actor: Person | None, recorded_by_id: int, text: str, decided_on,
                         item: AgendaItem | None = None) -> Decision:
    """Enter a motion's declared result in the register: on its agenda item when it was
    decided at a meeting, without a meeting when decided by written procedure. `actor` is
    None when the scheduler declares a written-procedure result at its close."""
    meeting_id = item_id = workstream_id = None
    if item is not None:
        meeting = db.session.get(Meeting, item.meeting_id)
        _check_item(item, meeting)
        meeting_id, item_id = meeting.id, item.id
        workstream_id = item.workstream_id or meeting.workstream_id
    text = _text(text, "text", "the decision")
    # one try: the caller has written the result already, so a clash on the number (another
    # decision numbered at the same moment) undoes the whole declaration, to be tried again
    decision = Decision(meeting_id=meeting_id, item_id=item_id, text=text,
                        workstream_id=workstream_id, decided_on=decided_on,
                        recorded_by_id=recorded_by_id, year=decided_on.year,
                        sequence=_next_sequence(decided_on.year))
    db.session.add(decision)
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict("Another decision was being numbered at the same moment: please try "
                       "again") from exc
    audit.record("decision.recorded", actor=actor, obj=decision, label=decision.reference,
                 actor_label="" if actor else "scheduler",
                 after={"reference": decision.reference, "item_id": item_id, "text": text})
    return decision

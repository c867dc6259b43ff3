"""Every change to the correspondence log: log what came in, change it (answered, closed)."""

from __future__ import annotations

from datetime import date

from network import audit
from network.errors import ValidationFailed
from network.extensions import db
from network.members.models import Office, Person
from network.members.policy import require
from network.time import today
from network.workplan import desk_inputs as check
from network.workplan.correspondence.models import (
    Correspondence,
    CorrespondenceKind,
    CorrespondenceStatus,
)
from network.workplan.meetings.models import Meeting
from network.workplan.workstreams.models import Workstream

FIELDS = ["kind", "from_office_id", "from_organisation", "from_person", "received_on",
          "subject", "summary", "owner_id", "due_on", "status", "replied_on", "workstream_id",
          "meeting_id"]


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _enum(cls, value, field: str, message: str):
    try:
        return cls(value)
    except ValueError as exc:
        raise ValidationFailed(message, field) from exc


def _sender(data: dict) -> tuple[int | None, str]:
    office_id = data.get("from_office_id") or None
    organisation = check.text(data.get("from_organisation"), "from_organisation",
                              "the organisation", 200, required=False)
    if office_id and db.session.get(Office, office_id) is None:
        raise ValidationFailed("Choose a member office from the list", "from_office")
    if office_id and organisation:
        raise ValidationFailed("Choose a member office or enter an organisation, not both",
                               "from_organisation")
    if not office_id and not organisation:
        raise ValidationFailed("Choose the member office it came from, or enter the "
                               "organisation", "from_office")
    return office_id, organisation


def _dates(data: dict, status: CorrespondenceStatus) -> dict:
    """received_on, due_on and replied_on, in an order that makes sense."""
    received_on, due_on, replied_on = (data.get(k) for k in ("received_on", "due_on",
                                                             "replied_on"))
    now = today()
    if not isinstance(received_on, date):
        raise ValidationFailed("Enter the date it was received", "received_on")
    if received_on > now:
        raise ValidationFailed(f"The date received must be today ({_day(now)}) or earlier",
                               "received_on")
    if due_on is not None and due_on < received_on:
        raise ValidationFailed(f"The due date must be on or after the date it was received "
                               f"({_day(received_on)})", "due_on")
    if replied_on is not None and replied_on < received_on:
        raise ValidationFailed(f"The reply cannot have been sent before it was received: "
                               f"enter {_day(received_on)} or later", "replied_on")
    if replied_on is not None and replied_on > now:
        raise ValidationFailed(f"The date the reply was sent must be today ({_day(now)}) or "
                               "earlier", "replied_on")
    if status == CorrespondenceStatus.ANSWERED and replied_on is None:
        raise ValidationFailed("Enter the date the reply was sent, or choose another status",
                               "replied_on")
    return {"received_on": received_on, "due_on": due_on, "replied_on": replied_on}


def _checked(data: dict) -> dict:
    """The record's fields from `data`, checked; raises ValidationFailed on the first problem."""
    office_id, organisation = _sender(data)
    status = _enum(CorrespondenceStatus, data.get("status") or "open", "status",
                   "Select open, waiting, answered or closed")
    workstream_id = data.get("workstream_id") or None
    if workstream_id and db.session.get(Workstream, workstream_id) is None:
        raise ValidationFailed("Choose a workstream from the list", "workstream")
    meeting_id = data.get("meeting_id") or None
    if meeting_id and db.session.get(Meeting, meeting_id) is None:
        raise ValidationFailed("Choose a meeting from the list", "meeting")
    return {
        "kind": _enum(CorrespondenceKind, data.get("kind") or "query", "kind",
                      "Select query or letter"),
        "from_office_id": office_id, "from_organisation": organisation,
        "from_person": check.text(data.get("from_person"), "from_person", "the person's name",
                                  200, required=False),
        "subject": check.text(data.get("subject"), "subject", "the subject", 300),
        "summary": check.text(data.get("summary"), "summary", "a summary", 10_000,
                              required=False),
        "owner_id": check.secretariat_person(data.get("owner_id"), "owner"),
        "status": status, **_dates(data, status),
        "workstream_id": workstream_id, "meeting_id": meeting_id,
    }


def log_correspondence(actor: Person, data: dict) -> Correspondence:
    """Log a query or letter that has come in (secretariat only)."""
    require(actor, "correspondence.create")
    item = Correspondence(**_checked(data), created_by_id=actor.id)
    db.session.add(item)
    db.session.flush()
    audit.record("correspondence.logged", actor=actor, obj=item,
                 after=audit.changes(item, FIELDS))
    return item


def update_correspondence(actor: Person, item: Correspondence, data: dict) -> Correspondence:
    """Change a logged query or letter: its owner, due date, status, reply (secretariat)."""
    require(actor, "correspondence.edit", item)
    fields = _checked(data)
    before = audit.changes(item, FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    db.session.flush()
    after = audit.changes(item, FIELDS)
    changed = [k for k in FIELDS if after[k] != before[k]]
    if changed:
        audit.record("correspondence.updated", actor=actor, obj=item,
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    return item

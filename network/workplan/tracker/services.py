"""Every change to the policy tracker: record a development, change it (status included)."""

from __future__ import annotations

from datetime import date

from network import audit
from network.errors import ValidationFailed
from network.extensions import db
from network.members.models import Person
from network.members.policy import require
from network.workplan import desk_inputs as check
from network.workplan.tracker.models import PolicyEntry, PolicyKind, PolicyStatus

FIELDS = ["title", "source_url", "published_on", "summary", "kind", "suggested_action",
          "owner_id", "status"]
EARLIEST = date(1900, 1, 1)


def _snapshot(entry: PolicyEntry) -> dict:
    snapshot = audit.changes(entry, FIELDS)
    snapshot["workstream_ids"] = sorted(w.id for w in entry.workstreams)
    return snapshot


def _enum(cls, value, field: str, message: str):
    try:
        return cls(value)
    except ValueError as exc:
        raise ValidationFailed(message, field) from exc


def _checked(data: dict) -> dict:
    """The entry's fields from `data`, checked; raises ValidationFailed on the first problem."""
    published_on = data.get("published_on")
    if not isinstance(published_on, date):
        raise ValidationFailed("Enter the date of the development", "published_on")
    if published_on < EARLIEST:
        raise ValidationFailed("The date must be in 1900 or later", "published_on")
    return {
        "title": check.text(data.get("title"), "title", "a title", 300),
        "source_url": check.https_link(data.get("source_url"), "source_url", "the source link"),
        "published_on": published_on,
        "summary": check.text(data.get("summary"), "summary", "a summary", 10_000),
        "kind": _enum(PolicyKind, data.get("kind"), "kind",
                      "Select whether it is an opportunity or a risk"),
        "suggested_action": check.text(data.get("suggested_action"), "suggested_action",
                                       "a suggested action", 5000, required=False),
        "owner_id": check.secretariat_person(data.get("owner_id"), "owner"),
        "status": _enum(PolicyStatus, data.get("status") or PolicyStatus.NEW, "status",
                        "Select new, assessing, acting or closed"),
    }


def create_entry(actor: Person, data: dict) -> PolicyEntry:
    """Record a national policy development (secretariat only)."""
    require(actor, "policy_entry.create")
    fields = _checked(data)
    linked = check.workstreams(data.get("workstream_ids"), "workstreams")
    entry = PolicyEntry(**fields, created_by_id=actor.id)
    entry.workstreams = linked
    db.session.add(entry)
    db.session.flush()
    audit.record("policy_entry.created", actor=actor, obj=entry, after=_snapshot(entry))
    return entry


def update_entry(actor: Person, entry: PolicyEntry, data: dict) -> PolicyEntry:
    """Change a development's details, workstreams, owner or status (secretariat only)."""
    require(actor, "policy_entry.edit", entry)
    fields = _checked(data)
    linked = check.workstreams(data.get("workstream_ids"), "workstreams")
    before = _snapshot(entry)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.workstreams = linked
    db.session.flush()
    after = _snapshot(entry)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        audit.record("policy_entry.updated", actor=actor, obj=entry,
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    return entry

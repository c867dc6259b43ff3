"""The generated audit log: what the services wrote while building, then one entry for each
meeting created, item submitted, action recorded and decision recorded (a sample of them, in
time order, up to the count wanted), as the services would have written them."""

from __future__ import annotations

from random import Random

from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db
from network.scale.bulk import Rows, restart_sequences, write
from network.workplan.items.models import ItemStatus


def _events(meetings: Rows, items: Rows, actions: Rows, decisions: Rows) -> list[tuple]:
    """(at, action, object type, id, label, after) of every generated object's creation."""
    events = [(m["created_at"], "meeting.created", "meeting", m["id"], m["title"],
               {"title": m["title"], "kind": m["kind"].value}) for m in meetings.rows]
    events += [(i["created_at"], "item.submitted", "agendaitem", i["id"], i["title"],
                {"title": i["title"], "purpose": i["purpose"].value})
               for i in items.rows if i["status"] != ItemStatus.STANDING]
    events += [(a["created_at"], "action.created", "action", a["id"], a["description"][:80],
                {"description": a["description"], "due_on": a["due_on"].isoformat()})
               for a in actions.rows]
    events += [(d["recorded_at"], "decision.recorded", "decision", d["id"],
                f"UKMN/{d['year']}/{d['sequence']:03d}", {"text": d["text"]})
               for d in decisions.rows]
    return events


def build_audit(rng: Random, count: int, actor_id: int, actor_email: str, meetings: Rows,
                items: Rows, actions: Rows, decisions: Rows) -> int:
    """Top the audit log up to `count` entries; returns how many it holds."""
    written = db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    wanted = max(0, count - written)
    events = _events(meetings, items, actions, decisions)
    chosen = rng.sample(events, min(wanted, len(events)))
    while len(chosen) < wanted:  # a small network: its meetings changed now and then
        m = meetings.rows[len(chosen) % len(meetings.rows)]
        chosen.append((m["created_at"], "meeting.updated", "meeting", m["id"], m["title"],
                       {"venue": m["venue"]}))
    chosen.sort(key=lambda e: (e[0], e[1], e[3]))
    base = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    rows = [{"id": base + n, "at": at, "actor_id": actor_id, "actor_label": actor_email,
             "action": action, "object_type": object_type, "object_id": str(object_id),
             "object_label": label[:300], "after": after}
            for n, (at, action, object_type, object_id, label, after)
            in enumerate(chosen, start=1)]
    write(AuditEntry, rows)
    restart_sequences([AuditEntry])
    return written + len(rows)

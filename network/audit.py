"""The append-only audit log, written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import utcnow
from network.extensions import db
from network.inputs import clean_text


class AuditEntry(db.Model):
    """One recorded change or sign-in event; never updated, never deleted."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(320), default="")
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(80), default="", index=True)
    object_id: Mapped[str] = mapped_column(String(80), default="")
    object_label: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str] = mapped_column(String(64), default="")

    actor = relationship("Person", lazy="raise")


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_rewrite(mapper, connection, target):
    raise RuntimeError("audit entries are append-only")


def client_address() -> str:
    """The requesting address, as the app sees it (behind a proxy, configure ProxyFix)."""
    if has_request_context():
        return clean_text(request.remote_addr)[:64]
    return "cli"


def record(
    action: str,
    *,
    actor=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits with the change)."""
    if obj is not None:
        object_type = object_type or obj.__class__.__name__.lower()
        object_id = object_id or str(getattr(obj, "id", "") or "")
        label = label or str(obj)
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label or (getattr(actor, "email", "") if actor is not None else ""),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:300],
        before=before,
        after=after,
        ip_address=client_address(),
    )
    db.session.add(entry)
    return entry


def changes(obj: Any, fields: list[str]) -> dict:
    """A plain-data snapshot of some fields of an object, for before/after summaries."""
    snapshot = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        snapshot[name] = value
    return snapshot

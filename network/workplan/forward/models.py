"""Forward plan entries: items the secretariat plans for a future meeting before anyone
submits them, with the history of where they were planned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column, utcnow
from network.extensions import db
from network.workplan.items.models import ItemPurpose


class PlanStatus(Labelled):
    """Where a plan entry is: planned, turned into an agenda item, or taken off the plan."""

    PLANNED = "planned"
    CONVERTED = "converted"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"planned": "Planned", "converted": "On the agenda",
                "dropped": "Taken off the plan"}[self.value]


class PlanEntry(TimestampMixin, db.Model):
    """An item planned for a meeting: what, for which workstream, led by which office."""

    __tablename__ = "plan_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[ItemPurpose] = mapped_column(enum_column(ItemPurpose),
                                                 default=ItemPurpose.DISCUSSION)
    notes: Mapped[str] = mapped_column(Text, default="")
    minutes_planned: Mapped[int] = mapped_column(default=15)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    lead_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus),
                                               default=PlanStatus.PLANNED, index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    meeting = relationship("Meeting", lazy="raise")
    workstream = relationship("Workstream", lazy="raise")
    lead_office = relationship("Office", lazy="raise")
    item = relationship("AgendaItem", lazy="raise")
    events: Mapped[list[PlanEvent]] = relationship(lazy="raise", order_by="PlanEvent.id")

    def __str__(self) -> str:
        return self.title


class PlanEvent(db.Model):
    """The history of a plan entry: planned, changed, moved (from, to), converted, dropped."""

    __tablename__ = "plan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("plan_entry.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    to_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    detail: Mapped[str] = mapped_column(Text, default="")

    actor = relationship("Person", lazy="raise")
    from_meeting = relationship("Meeting", foreign_keys=[from_meeting_id], lazy="raise")
    to_meeting = relationship("Meeting", foreign_keys=[to_meeting_id], lazy="raise")

"""Actions and their dated updates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin, utcnow
from network.extensions import db

if TYPE_CHECKING:
    pass

from network.db import Labelled, enum_column


class ActionStatus(Labelled):
    """An action's progress."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(TimestampMixin, db.Model):
    """Something an office (or person) owes the network, by a date."""

    __tablename__ = "action"
    # an office's open actions by due date ("what my office owes", the digest), and everything
    # overdue (the secretariat's home page, matters arising): docs/performance.md
    __table_args__ = (Index("ix_action_owner_office_id_status_due_on", "owner_office_id",
                            "status", "due_on"),
                      Index("ix_action_status_due_on", "status", "due_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    owner_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    # indexed: "actions you own" (the digest, the action log's owner filter)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus),
                                                 default=ActionStatus.OPEN, index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # recorded after the meeting when its due date had already passed, and why
    is_recorded_late: Mapped[bool] = mapped_column(default=False)
    recorded_late_reason: Mapped[str] = mapped_column(Text, default="")

    owner_office = relationship("Office", lazy="raise")
    owner_person = relationship("Person", foreign_keys=[owner_person_id], lazy="raise")
    meeting = relationship("Meeting", lazy="raise")
    workstream = relationship("Workstream", lazy="raise")
    updates: Mapped[list[ActionUpdate]] = relationship(lazy="raise", order_by="ActionUpdate.at")

    @property
    def is_open(self) -> bool:
        """Not yet done or dropped."""
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    def __str__(self) -> str:
        return self.description[:80]


class ActionUpdate(db.Model):
    """A dated note on an action, with the status it moved to."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))

    person = relationship("Person", lazy="raise")

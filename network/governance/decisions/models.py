"""The decisions register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import utcnow
from network.extensions import db


class Decision(db.Model):
    """An entry of the decisions register, numbered UKMN/<year>/<nnn>; never rewritten.

    Taken at a meeting on an agenda item, or (a motion decided by written procedure) without
    a meeting; a motion's decision is linked from the motion (`Motion.decision_id`)."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("year", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    sequence: Mapped[int]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    decided_on: Mapped[date] = mapped_column(index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    supersede_reason: Mapped[str] = mapped_column(Text, default="")

    meeting = relationship("Meeting", lazy="raise")
    item = relationship("AgendaItem", lazy="raise")

    @property
    def reference(self) -> str:
        """The register number, e.g. UKMN/2026/014."""
        return f"UKMN/{self.year}/{self.sequence:03d}"

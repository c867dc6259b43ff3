"""The queries and correspondence log: what has come in to the secretariat, from whom, who
answers it and by when."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column
from network.extensions import db


class CorrespondenceKind(Labelled):
    """How it came in."""

    QUERY = "query"
    LETTER = "letter"


class CorrespondenceStatus(Labelled):
    """Where the answer stands."""

    OPEN = "open"
    WAITING = "waiting"
    ANSWERED = "answered"
    CLOSED = "closed"


# Still owed an answer: past its due date, these are overdue.
AWAITING = (CorrespondenceStatus.OPEN, CorrespondenceStatus.WAITING)


class Correspondence(TimestampMixin, db.Model):
    """A query or letter received from a member office, government or a partner."""

    __tablename__ = "correspondence"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CorrespondenceKind] = mapped_column(enum_column(CorrespondenceKind),
                                                     default=CorrespondenceKind.QUERY)
    from_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    from_organisation: Mapped[str] = mapped_column(String(200), default="")
    from_person: Mapped[str] = mapped_column(String(200), default="")
    received_on: Mapped[date] = mapped_column(index=True)
    subject: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[CorrespondenceStatus] = mapped_column(
        enum_column(CorrespondenceStatus), default=CorrespondenceStatus.OPEN, index=True)
    replied_on: Mapped[date | None]
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    from_office = relationship("Office", lazy="raise")
    owner = relationship("Person", foreign_keys=[owner_id], lazy="raise")
    workstream = relationship("Workstream", lazy="raise")
    meeting = relationship("Meeting", lazy="raise")

    @property
    def sender(self) -> str:
        """Who it is from, in words: the office, or the organisation and person."""
        who = self.from_office.name if self.from_office_id else self.from_organisation
        return f"{self.from_person}, {who}" if self.from_person and who else (
            who or self.from_person)

    def is_overdue(self, today: date) -> bool:
        """Past its due date and not yet answered or closed."""
        return self.due_on is not None and self.due_on < today and self.status in AWAITING

    def __str__(self) -> str:
        return self.subject

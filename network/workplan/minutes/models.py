"""RSVPs, attendance, declarations of interest and minutes revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, enum_column, utcnow
from network.extensions import db


class RsvpResponse(Labelled):
    """How an invited person will attend."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    APOLOGIES = "apologies"
    SUBSTITUTE = "substitute"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"in_person": "Attending in person", "online": "Attending online",
                "apologies": "Sending apologies",
                "substitute": "Sending a substitute"}[self.value]


class Rsvp(db.Model):
    """An invited person's reply."""

    __tablename__ = "rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    response: Mapped[RsvpResponse] = mapped_column(enum_column(RsvpResponse))
    substitute_name: Mapped[str] = mapped_column(String(200), default="")
    dietary_or_access_needs: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    person = relationship("Person", lazy="raise")


class AttendanceStatus(Labelled):
    """What the secretariat records on the day, per office."""

    IN_PERSON = "present_in_person"
    ONLINE = "present_online"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class Attendance(db.Model):
    """Recorded attendance of an office at a held meeting."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))
    represented_by: Mapped[str] = mapped_column(String(300), default="")

    office = relationship("Office", lazy="raise")


class Declaration(db.Model):
    """A declaration of interest made at a meeting on an item."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"))
    declared_by: Mapped[str] = mapped_column(String(200))
    interest: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class MinutesRevision(db.Model):
    """A correction to approved minutes: a new text with a reason; the earlier text is kept."""

    __tablename__ = "minutes_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    number: Mapped[int]
    previous_text: Mapped[str] = mapped_column(Text)
    new_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)

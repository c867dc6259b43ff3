"""The contacts directory: the network's people beyond those who sign in (officials in
government departments, partners, each member office's key contacts)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin
from network.extensions import db

contact_workstream = Table(
    "contact_workstream", db.metadata,
    Column("contact_id", ForeignKey("contact.id"), primary_key=True),
    Column("workstream_id", ForeignKey("workstream.id"), primary_key=True, index=True),
)

contact_meeting = Table(
    "contact_meeting", db.metadata,
    Column("contact_id", ForeignKey("contact.id"), primary_key=True),
    Column("meeting_id", ForeignKey("meeting.id"), primary_key=True, index=True),
)


class Contact(TimestampMixin, db.Model):
    """Someone the network works with; `office_id` makes them one of an office's contacts."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="", index=True)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    office = relationship("Office", lazy="raise")
    workstreams = relationship("Workstream", secondary=contact_workstream, lazy="raise",
                               order_by="Workstream.name")
    meetings = relationship("Meeting", secondary=contact_meeting, lazy="raise",
                            order_by="Meeting.starts_at")

    @property
    def organisation_name(self) -> str:
        """The organisation, or the office's name for an office contact without one."""
        return self.organisation or (self.office.name if self.office_id else "")

    def __str__(self) -> str:
        return self.name

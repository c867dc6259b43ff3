"""Meetings, their invitees and personal calendar feeds."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin, utcnow
from network.extensions import db

if TYPE_CHECKING:
    from network.workplan.items.models import AgendaItem

from network.db import Labelled, enum_column


class MeetingKind(Labelled):
    """Kinds of meeting; each has its own deadlines and matters-arising chain."""

    MAYORS = "mayors_meeting"
    CHIEF_EXECS = "chief_executives_meeting"
    GOVERNMENT = "meeting_with_government"
    WORKSTREAM = "workstream_meeting"
    EVENT = "event"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"mayors_meeting": "Mayors' meeting",
                "chief_executives_meeting": "Chief executives' meeting",
                "meeting_with_government": "Meeting with government",
                "workstream_meeting": "Workstream meeting", "event": "Event"}[self.value]


class MeetingStatus(Labelled):
    """Where a meeting is in its life."""

    PLANNED = "planned"
    OPEN_FOR_ITEMS = "open_for_items"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    MINUTES_DRAFTED = "minutes_drafted"
    MINUTES_APPROVED = "minutes_approved"
    CANCELLED = "cancelled"


class PackState(Labelled):
    """Where the agenda pack is: publishing (or a change to a published agenda's papers) asks
    for it and the scheduler builds it."""

    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


# Meetings that have taken place or will not: no new items, papers or RSVPs.
CLOSED = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED,
          MeetingStatus.CANCELLED)


meeting_office = Table(
    "meeting_office", db.metadata,
    Column("meeting_id", ForeignKey("meeting.id"), primary_key=True),
    Column("office_id", ForeignKey("office.id"), primary_key=True),
    Index("ix_meeting_office_office_id", "office_id"),  # the meetings an office is invited to
)


meeting_observer = Table(
    "meeting_observer", db.metadata,
    Column("meeting_id", ForeignKey("meeting.id"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True),
    Index("ix_meeting_observer_person_id", "person_id"),  # the meetings an observer may see
)


class Meeting(TimestampMixin, db.Model):
    """A meeting of the network: its logistics, invitees, deadlines and status."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(String(300), default="")
    room: Mapped[str] = mapped_column(String(200), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    secretariat_lead_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus),
                                                  default=MeetingStatus.PLANNED)
    logistics_notes: Mapped[str] = mapped_column(Text, default="")
    submission_deadline_on: Mapped[date]
    papers_due_on: Mapped[date]
    is_all_offices: Mapped[bool] = mapped_column(default=True)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"))
    agenda_published_at: Mapped[datetime | None]
    pack_sha256: Mapped[str | None] = mapped_column(String(64))
    observers_pack_sha256: Mapped[str | None] = mapped_column(String(64))
    pack_state: Mapped[PackState | None] = mapped_column(enum_column(PackState), index=True)
    pack_problem: Mapped[str] = mapped_column(Text, default="")
    pack_generation: Mapped[int] = mapped_column(default=0)  # one more for each request
    pack_claimed_at: Mapped[datetime | None]
    pack_built_at: Mapped[datetime | None]
    # publishing queues the invitees' emails for when its pack is ready, once
    has_pending_announcement: Mapped[bool] = mapped_column(default=False)
    # the pack generation whose changed papers the invitees were last told about
    papers_notified_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    cancelled_reason: Mapped[str] = mapped_column(Text, default="")
    ics_sequence: Mapped[int] = mapped_column(default=0)
    minutes_approved_at: Mapped[datetime | None]
    minutes_approved_by_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", name="fk_meeting_minutes_approver"))

    secretariat_lead = relationship("Person", lazy="raise")
    workstream = relationship("Workstream", lazy="raise")
    offices = relationship("Office", secondary=meeting_office, lazy="raise")
    observers = relationship("Person", secondary=meeting_observer, lazy="raise")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", lazy="raise", order_by="AgendaItem.position")

    def __str__(self) -> str:
        return self.title


class CalendarFeed(db.Model):
    """A person's secret, revocable calendar feed address."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

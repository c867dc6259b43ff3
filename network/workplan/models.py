"""Meetings, agenda items (submissions included), papers, RSVPs, attendance, declarations,
minutes, actions and workstreams."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin, utcnow
from network.extensions import db


def _enum(cls):
    return Enum(cls, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e])


class Labelled(enum.StrEnum):
    """An enum whose members read well on a page."""

    @property
    def label(self) -> str:
        """Human-readable name."""
        return self.value.replace("_", " ").capitalize()


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


class ItemPurpose(Labelled):
    """Why an item comes to the meeting."""

    DECISION = "for_decision"
    DISCUSSION = "for_discussion"
    INFORMATION = "for_information"


class ItemStatus(Labelled):
    """Where a submitted item is in triage; standing items are created with the meeting."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    STANDING = "standing"


class StandingKind(Labelled):
    """The standing items every agenda carries."""

    APOLOGIES = "apologies"
    DECLARATIONS = "declarations_of_interest"
    MINUTES = "minutes_of_last_meeting"
    MATTERS_ARISING = "matters_arising"
    AOB = "any_other_business"


class WorkstreamStatus(Labelled):
    """RAG-style standing of a workstream."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    CLOSED = "closed"


meeting_office = Table(
    "meeting_office", db.metadata,
    Column("meeting_id", ForeignKey("meeting.id"), primary_key=True),
    Column("office_id", ForeignKey("office.id"), primary_key=True),
)
meeting_observer = Table(
    "meeting_observer", db.metadata,
    Column("meeting_id", ForeignKey("meeting.id"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True),
)


class Workstream(TimestampMixin, db.Model):
    """A strand of the network's work led by a mayor (devolution, local growth, ...)."""

    __tablename__ = "workstream"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    lead_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    status: Mapped[WorkstreamStatus] = mapped_column(_enum(WorkstreamStatus),
                                                     default=WorkstreamStatus.ON_TRACK)

    lead_office = relationship("Office", lazy="raise")

    def __str__(self) -> str:
        return self.name


class Meeting(TimestampMixin, db.Model):
    """A meeting of the network: its logistics, invitees, deadlines and status."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(String(300), default="")
    room: Mapped[str] = mapped_column(String(200), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    secretariat_lead_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[MeetingStatus] = mapped_column(_enum(MeetingStatus),
                                                  default=MeetingStatus.PLANNED)
    logistics_notes: Mapped[str] = mapped_column(Text, default="")
    submission_deadline_on: Mapped[date]
    papers_due_on: Mapped[date]
    is_all_offices: Mapped[bool] = mapped_column(default=True)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"))
    agenda_published_at: Mapped[datetime | None]
    pack_sha256: Mapped[str | None] = mapped_column(String(64))
    observers_pack_sha256: Mapped[str | None] = mapped_column(String(64))
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


class AgendaItem(TimestampMixin, db.Model):
    """An item on a meeting's agenda: standing, placed by the secretariat, or submitted."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[ItemPurpose] = mapped_column(_enum(ItemPurpose),
                                                 default=ItemPurpose.DISCUSSION)
    summary: Mapped[str] = mapped_column(Text, default="")
    minutes_requested: Mapped[int] = mapped_column(default=10)
    presenter: Mapped[str] = mapped_column(String(200), default="")
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[ItemStatus] = mapped_column(_enum(ItemStatus), default=ItemStatus.SUBMITTED)
    standing_kind: Mapped[StandingKind | None] = mapped_column(_enum(StandingKind))
    position: Mapped[int | None]
    duration_minutes: Mapped[int | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    is_confidential: Mapped[bool] = mapped_column(default=False)
    is_late: Mapped[bool] = mapped_column(default=False)
    late_reason: Mapped[str] = mapped_column(Text, default="")
    minute_text: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items", lazy="raise")
    office = relationship("Office", lazy="raise")
    workstream = relationship("Workstream", lazy="raise")
    papers: Mapped[list[Paper]] = relationship(back_populates="item", lazy="raise",
                                               order_by="Paper.id")

    @property
    def is_on_agenda(self) -> bool:
        """Accepted or standing items make up the agenda."""
        return self.status in (ItemStatus.ACCEPTED, ItemStatus.STANDING)

    def __str__(self) -> str:
        return self.title


class ItemEvent(db.Model):
    """The history of an item: submitted, edited, accepted, deferred (from, to), declined."""

    __tablename__ = "item_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class Paper(db.Model):
    """A paper attached to an item; its versions keep every upload."""

    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="papers", lazy="raise")
    versions: Mapped[list[PaperVersion]] = relationship(
        lazy="raise", order_by="PaperVersion.number", back_populates="paper")


class PaperVersion(db.Model):
    """One uploaded file, stored by content hash."""

    __tablename__ = "paper_version"
    __table_args__ = (UniqueConstraint("paper_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id"), index=True)
    number: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    file_type: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    paper: Mapped[Paper] = relationship(back_populates="versions", lazy="raise")


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
    response: Mapped[RsvpResponse] = mapped_column(_enum(RsvpResponse))
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
    status: Mapped[AttendanceStatus] = mapped_column(_enum(AttendanceStatus))
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


class ActionStatus(Labelled):
    """An action's progress."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(TimestampMixin, db.Model):
    """Something an office (or person) owes the network, by a date."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    owner_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus), default=ActionStatus.OPEN,
                                                 index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

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
    status: Mapped[ActionStatus] = mapped_column(_enum(ActionStatus))

    person = relationship("Person", lazy="raise")


class CalendarFeed(db.Model):
    """A person's secret, revocable calendar feed address."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

"""Agenda items (submissions and standing items), their history and papers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin, utcnow
from network.extensions import db

if TYPE_CHECKING:
    from network.workplan.meetings.models import Meeting

from network.db import Labelled, enum_column


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


# Paper file types, as people call them.
TYPE_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint",
               "odt": "OpenDocument text"}


class AgendaItem(TimestampMixin, db.Model):
    """An item on a meeting's agenda: standing, placed by the secretariat, or submitted."""

    __tablename__ = "agenda_item"
    # items waiting for triage, oldest first (the secretariat's home page)
    __table_args__ = (Index("ix_agenda_item_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[ItemPurpose] = mapped_column(enum_column(ItemPurpose),
                                                 default=ItemPurpose.DISCUSSION)
    summary: Mapped[str] = mapped_column(Text, default="")
    minutes_requested: Mapped[int] = mapped_column(default=10)
    presenter: Mapped[str] = mapped_column(String(200), default="")
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus),
                                               default=ItemStatus.SUBMITTED)
    standing_kind: Mapped[StandingKind | None] = mapped_column(enum_column(StandingKind))
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
    # papers the secretariat has removed stay stored (and audited) but are no longer shown
    papers: Mapped[list[Paper]] = relationship(
        lazy="raise", order_by="Paper.id", viewonly=True,
        primaryjoin="and_(AgendaItem.id == Paper.item_id, Paper.removed_at.is_(None))")

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
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # the text of its latest version, what search reads (items/services.py keeps it)
    latest_text: Mapped[str] = mapped_column(Text, default="", deferred=True)

    item: Mapped[AgendaItem] = relationship(lazy="raise")
    versions: Mapped[list[PaperVersion]] = relationship(
        lazy="raise", order_by="PaperVersion.number", viewonly=True,
        primaryjoin="and_(Paper.id == PaperVersion.paper_id, PaperVersion.removed_at.is_(None))")


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
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # the words of a PDF or Word file, read at upload (items/paper_text.py); '' if none
    text: Mapped[str] = mapped_column(Text, default="", deferred=True)

    paper: Mapped[Paper] = relationship(lazy="raise")

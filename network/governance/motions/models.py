"""Motions: what is proposed, how it is decided, and the result once declared (never edited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column
from network.extensions import db
from network.governance.constitution.decision_rules import DecisionRule, DecisionType


class MotionMethod(Labelled):
    """How a motion is decided."""

    MEETING = "meeting"    # a roll call at a meeting, recorded by the secretariat
    WRITTEN = "written"    # written procedure: each office votes in the portal in a window

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"meeting": "At a meeting (roll call)",
                "written": "By written procedure (voting in the portal)"}[self.value]


class MotionStatus(Labelled):
    """Where a motion is: drafted, voting, voting over, the declared result, or withdrawn."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CARRIED = "carried"
    NOT_CARRIED = "not_carried"
    WITHDRAWN = "withdrawn"


DECLARED = (MotionStatus.CARRIED, MotionStatus.NOT_CARRIED)


class Motion(TimestampMixin, db.Model):
    """A proposal put to the member offices, proposed and seconded by two different offices.

    When its vote opens it keeps the decision rule then in force (`rule`, as JSON) and the
    version of the Constitution it came from, so a later amendment never changes an open vote;
    `result` is the declared outcome with its arithmetic, written once."""

    __tablename__ = "motion"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    proposer_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    seconder_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    decision_type: Mapped[DecisionType] = mapped_column(enum_column(DecisionType))
    method: Mapped[MotionMethod] = mapped_column(enum_column(MotionMethod))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("constitution_amendment.id"),
                                                     index=True)
    status: Mapped[MotionStatus] = mapped_column(enum_column(MotionStatus),
                                                 default=MotionStatus.DRAFT, index=True)
    opens_at: Mapped[datetime | None]   # written procedure: the voting window
    closes_at: Mapped[datetime | None]
    put_at: Mapped[datetime | None]     # put to the vote: the window now opens by itself
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    declared_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    rule: Mapped[dict | None] = mapped_column(JSON)  # DecisionRule.to_dict() when it opened
    constitution_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("constitution_version.id"))
    membership: Mapped[int | None]  # member offices in good standing when it opened
    result: Mapped[dict | None] = mapped_column(JSON)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    proposer_office = relationship("Office", foreign_keys=[proposer_office_id], lazy="raise")
    seconder_office = relationship("Office", foreign_keys=[seconder_office_id], lazy="raise")
    item = relationship("AgendaItem", lazy="raise")
    decision = relationship("Decision", lazy="raise")

    @property
    def decision_rule(self) -> DecisionRule | None:
        """The rule the vote is decided by (from the snapshot), once it has opened."""
        return DecisionRule.from_dict(self.rule) if self.rule else None

    @property
    def is_declared(self) -> bool:
        """Whether the result has been declared."""
        return self.status in DECLARED

    def __str__(self) -> str:
        return self.title

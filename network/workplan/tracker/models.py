"""The policy tracker: national policy developments, what they mean for the network's
workstreams, and what the secretariat is doing about them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column
from network.extensions import db


class PolicyKind(Labelled):
    """Whether a development is good or bad news for the network."""

    OPPORTUNITY = "opportunity"
    RISK = "risk"


class PolicyStatus(Labelled):
    """Where the secretariat's handling of a development stands."""

    NEW = "new"
    ASSESSING = "assessing"
    ACTING = "acting"
    CLOSED = "closed"


policy_entry_workstream = Table(
    "policy_entry_workstream", db.metadata,
    Column("policy_entry_id", ForeignKey("policy_entry.id"), primary_key=True),
    Column("workstream_id", ForeignKey("workstream.id"), primary_key=True, index=True),
)


class PolicyEntry(TimestampMixin, db.Model):
    """One national policy development: a white paper, a funding round, a consultation."""

    __tablename__ = "policy_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(String(2000))
    published_on: Mapped[date] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text)
    kind: Mapped[PolicyKind] = mapped_column(enum_column(PolicyKind), index=True)
    suggested_action: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[PolicyStatus] = mapped_column(enum_column(PolicyStatus),
                                                 default=PolicyStatus.NEW, index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))

    owner = relationship("Person", foreign_keys=[owner_id], lazy="raise")
    workstreams = relationship("Workstream", secondary=policy_entry_workstream, lazy="raise",
                               order_by="Workstream.name")

    def __str__(self) -> str:
        return self.title

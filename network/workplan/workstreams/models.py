"""Workstreams: strands of the network's work, each led by a mayor, with a RAG status and its
dated history, milestones and risks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column, utcnow
from network.extensions import db


class WorkstreamStatus(Labelled):
    """RAG standing of a workstream (red, amber, green), or closed."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"red": "Red (off track)", "amber": "Amber (at risk)",
                "green": "Green (on track)", "closed": "Closed"}[self.value]


RAG_CHOICES = [(s.value, s.label) for s in (WorkstreamStatus.RED, WorkstreamStatus.AMBER,
                                            WorkstreamStatus.GREEN)]


class MilestoneStatus(Labelled):
    """Where a milestone stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    MISSED = "missed"


# Offices taking part besides the lead office; a co-lead shares the lead's reporting duty.
workstream_office = Table(
    "workstream_office", db.metadata,
    Column("workstream_id", ForeignKey("workstream.id"), primary_key=True),
    Column("office_id", ForeignKey("office.id"), primary_key=True),
    Column("is_co_lead", Boolean, nullable=False, default=False),
)


class Workstream(TimestampMixin, db.Model):
    """A strand of the network's work led by a mayor (devolution, local growth, ...)."""

    __tablename__ = "workstream"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    lead_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    secretariat_lead_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    ends_on: Mapped[date | None]
    status: Mapped[WorkstreamStatus] = mapped_column(enum_column(WorkstreamStatus),
                                                     default=WorkstreamStatus.GREEN, index=True)

    lead_office = relationship("Office", lazy="raise")
    secretariat_lead = relationship("Person", lazy="raise")
    co_lead_offices = relationship(
        "Office", secondary=workstream_office, lazy="raise", viewonly=True,
        order_by="Office.name",
        secondaryjoin="and_(Office.id == workstream_office.c.office_id, "
                      "workstream_office.c.is_co_lead.is_(True))")
    participating_offices = relationship(
        "Office", secondary=workstream_office, lazy="raise", viewonly=True,
        order_by="Office.name",
        secondaryjoin="and_(Office.id == workstream_office.c.office_id, "
                      "workstream_office.c.is_co_lead.is_(False))")
    updates: Mapped[list[StatusUpdate]] = relationship(
        lazy="raise", order_by="StatusUpdate.at.desc(), StatusUpdate.id.desc()")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="workstream", lazy="raise", order_by="Milestone.due_on, Milestone.id")
    risks: Mapped[list[Risk]] = relationship(back_populates="workstream", lazy="raise",
                                             order_by="Risk.id")

    @property
    def is_closed(self) -> bool:
        """Closed workstreams take no new milestones, risks or status updates from leads."""
        return self.status == WorkstreamStatus.CLOSED

    @property
    def open_risks(self) -> list[Risk]:
        """The open risks, highest score first (risks loaded)."""
        return sorted((r for r in self.risks if r.is_open), key=lambda r: (-r.score, r.id))

    def __str__(self) -> str:
        return self.name


class StatusUpdate(db.Model):
    """One dated RAG status update: who, when, the status it set and why."""

    __tablename__ = "workstream_status_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int] = mapped_column(ForeignKey("workstream.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    previous_status: Mapped[WorkstreamStatus | None] = mapped_column(
        enum_column(WorkstreamStatus))
    status: Mapped[WorkstreamStatus] = mapped_column(enum_column(WorkstreamStatus))
    commentary: Mapped[str] = mapped_column(Text)

    person = relationship("Person", lazy="raise")


class Milestone(TimestampMixin, db.Model):
    """A dated step of a workstream, with its status and (once done) a link to the evidence."""

    __tablename__ = "workstream_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int] = mapped_column(ForeignKey("workstream.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[MilestoneStatus] = mapped_column(enum_column(MilestoneStatus),
                                                    default=MilestoneStatus.NOT_STARTED)
    evidence_url: Mapped[str] = mapped_column(String(2000), default="")
    completed_on: Mapped[date | None]

    workstream: Mapped[Workstream] = relationship(back_populates="milestones", lazy="raise")

    def __str__(self) -> str:
        return self.title


class Risk(TimestampMixin, db.Model):
    """A risk to a workstream: likelihood and impact from 1 to 5, mitigation, owner, review."""

    __tablename__ = "workstream_risk"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_range"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int] = mapped_column(ForeignKey("workstream.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int]
    impact: Mapped[int]
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    review_on: Mapped[date]
    is_open: Mapped[bool] = mapped_column(default=True, index=True)
    closed_at: Mapped[datetime | None]

    workstream: Mapped[Workstream] = relationship(back_populates="risks", lazy="raise")
    owner_office = relationship("Office", lazy="raise")
    owner_person = relationship("Person", lazy="raise")

    @property
    def score(self) -> int:
        """Likelihood times impact, 1 to 25."""
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        """high (15 and over), medium (5 to 12) or low (up to 4)."""
        return "high" if self.score >= 15 else "medium" if self.score >= 5 else "low"

    @property
    def owner_name(self) -> str:
        """The person (and office) or the office that owns the risk."""
        if self.owner_person is not None:
            office = f" ({self.owner_office.name})" if self.owner_office is not None else ""
            return self.owner_person.name + office
        return self.owner_office.name if self.owner_office is not None else ""

    def __str__(self) -> str:
        return self.description[:80]

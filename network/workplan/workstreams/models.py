"""Workstreams: strands of the network's work, each led by a mayor."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import Labelled, TimestampMixin, enum_column
from network.extensions import db


class WorkstreamStatus(Labelled):
    """RAG-style standing of a workstream."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    CLOSED = "closed"


class Workstream(TimestampMixin, db.Model):
    """A strand of the network's work led by a mayor (devolution, local growth, ...)."""

    __tablename__ = "workstream"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    lead_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    status: Mapped[WorkstreamStatus] = mapped_column(enum_column(WorkstreamStatus),
                                                     default=WorkstreamStatus.ON_TRACK)

    lead_office = relationship("Office", lazy="raise")

    def __str__(self) -> str:
        return self.name

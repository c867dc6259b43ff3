"""Elections and nominations."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import TimestampMixin, enum_column
from network.extensions import db


class Method(enum.StrEnum):
    """How the ballots are counted (network/governance/elections/counting)."""

    FPTP = "fptp"
    IRV = "irv"
    STV = "scottish-stv"

    @property
    def label(self) -> str:
        """Human-readable name."""
        return {"fptp": "First past the post (block vote for several seats)",
                "irv": "Alternative vote", "scottish-stv": "Single transferable vote"}[self.value]


class ElectionStatus(enum.StrEnum):
    """Where an election is in its timetable."""

    DRAFT = "draft"
    NOMINATIONS_OPEN = "nominations_open"
    NOMINATIONS_CLOSED = "nominations_closed"
    BALLOT_OPEN = "ballot_open"
    BALLOT_CLOSED = "ballot_closed"
    COUNTED = "counted"
    DECLARED = "declared"
    NO_CANDIDATES = "no_candidates"  # nominations closed with no valid nomination

    @property
    def label(self) -> str:
        """Human-readable name."""
        if self is ElectionStatus.NO_CANDIDATES:
            return "Closed without a valid nomination"
        return self.value.replace("_", " ").capitalize()


class Election(TimestampMixin, db.Model):
    """An election for a position (Chair, Vice-Chair, seats on a group)."""

    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(default=1)
    term: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[Method] = mapped_column(enum_column(Method))
    status: Mapped[ElectionStatus] = mapped_column(enum_column(ElectionStatus),
                                                   default=ElectionStatus.DRAFT)
    statement_word_limit: Mapped[int] = mapped_column(default=300)
    term_limit: Mapped[int | None]  # consecutive terms a mayor may already have held
    nominations_open_at: Mapped[datetime]
    nominations_close_at: Mapped[datetime]
    ballot_open_at: Mapped[datetime]
    ballot_close_at: Mapped[datetime]
    returning_officer_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    scrutineer_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    published_at: Mapped[datetime | None]
    count_seed: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[dict | None] = mapped_column(JSON)
    is_unopposed: Mapped[bool] = mapped_column(default=False)
    counted_at: Mapped[datetime | None]
    declared_at: Mapped[datetime | None]

    returning_officer = relationship("Person", lazy="raise")
    scrutineer_office = relationship("Office", lazy="raise")
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="election", lazy="raise", order_by="Nomination.id")

    def __str__(self) -> str:
        return self.position


class Nomination(TimestampMixin, db.Model):
    """A member office's mayor nominated, with proposer and seconder offices who confirm."""

    __tablename__ = "nomination"
    __table_args__ = (UniqueConstraint("election_id", "candidate_office_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    candidate_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    candidate_name: Mapped[str] = mapped_column(String(200))
    proposer_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    seconder_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    proposer_confirmed_at: Mapped[datetime | None]
    seconder_confirmed_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    statement: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None]

    election: Mapped[Election] = relationship(back_populates="nominations", lazy="raise")
    candidate_office = relationship("Office", foreign_keys=[candidate_office_id], lazy="raise")
    proposer_office = relationship("Office", foreign_keys=[proposer_office_id], lazy="raise")
    seconder_office = relationship("Office", foreign_keys=[seconder_office_id], lazy="raise")

    @property
    def problems(self) -> list[str]:
        """Why this nomination is not (yet) valid; empty when it is."""
        found = []
        if self.withdrawn_at:
            found.append("withdrawn by the candidate")
        if not self.proposer_confirmed_at:
            found.append("the proposer has not confirmed")
        if not self.seconder_confirmed_at:
            found.append("the seconder has not confirmed")
        if not self.accepted_at:
            found.append("the candidate has not accepted")
        return found

    @property
    def is_valid(self) -> bool:
        """Confirmed by proposer and seconder, accepted, not withdrawn."""
        return not self.problems

    def __str__(self) -> str:
        return f"{self.candidate_name} for election {self.election_id}"

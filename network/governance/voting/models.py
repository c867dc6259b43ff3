"""The roll of offices that voted, the ballot box (sealed while the ballot is open, opened and
shuffled at its close; no link to the roll) and the hash-chained election log; and the same
for motions: their roll, sealed and opened votes, and log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network.db import utcnow
from network.extensions import db


class RollEntry(db.Model):
    """That an office voted in an election, with its receipt code. Says nothing of how."""

    __tablename__ = "roll_entry"
    __table_args__ = (UniqueConstraint("election_id", "office_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random: no voting order
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    cast_by_substitute: Mapped[bool] = mapped_column(default=False)

    office = relationship("Office", lazy="raise")


class SealedBallot(db.Model):
    """A ballot while the ballot is open: written with the roll entry, so sealed (seal.py).

    Opened, shuffled into `ballot_paper` and deleted when the ballot closes (box.py)."""

    __tablename__ = "sealed_ballot"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class BallotPaper(db.Model):
    """An opened ballot: a random id and the preferences. No office, no person, no time.

    Every paper of an election is written at once, in random order, when its ballot closes."""

    __tablename__ = "ballot_paper"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)
    preferences: Mapped[list] = mapped_column(JSON)


class ChainedEntry:
    """The columns of one step of a hash-chained log (log.py): its place in the chain, what
    happened, and the hashes that tie it to the step before."""

    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class ElectionLogEntry(ChainedEntry, db.Model):
    """One step of an election, chained to the one before by its hash."""

    __tablename__ = "election_log_entry"
    __table_args__ = (UniqueConstraint("election_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id"), index=True)


class MotionRollEntry(db.Model):
    """That an office voted on a motion (in writing, or in a roll call at a meeting).

    The unique (motion, office) key is what makes voter and substitute, trying at the same
    moment, give exactly one vote. When the rule keeps votes secret this says nothing of how."""

    __tablename__ = "motion_roll_entry"
    __table_args__ = (UniqueConstraint("motion_id", "office_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random: no voting order
    motion_id: Mapped[int] = mapped_column(ForeignKey("motion.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    cast_by_substitute: Mapped[bool] = mapped_column(default=False)
    is_roll_call: Mapped[bool] = mapped_column(default=False)  # recorded at a meeting

    office = relationship("Office", lazy="raise")


class SealedMotionVote(db.Model):
    """A secret motion vote while the vote is open: sealed like an election ballot (seal.py),
    opened, shuffled into `motion_vote` without its office and deleted at the close."""

    __tablename__ = "sealed_motion_vote"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motion.id"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class MotionVote(db.Model):
    """How an office voted: For, Against or Abstain. By name, `office_id` says whose vote it
    is; when secret it is empty (only the casting-vote office's vote says it is that one)."""

    __tablename__ = "motion_vote"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motion.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    choice: Mapped[str] = mapped_column(String(10))
    is_casting: Mapped[bool] = mapped_column(default=False)

    office = relationship("Office", lazy="raise")


class MotionLogEntry(ChainedEntry, db.Model):
    """One step of a motion's vote, chained to the one before by its hash (log.py)."""

    __tablename__ = "motion_log_entry"
    __table_args__ = (UniqueConstraint("motion_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    motion_id: Mapped[int] = mapped_column(ForeignKey("motion.id"), index=True)

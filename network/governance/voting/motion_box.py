"""Motion votes: one per office, on the roll; by name, or sealed while the vote is open.

Writing a vote puts the office on the motion's roll and its choice in the box in one flush:
the unique (motion, office) key refuses a second vote from the same office, even from its
voter and substitute at the same moment, and the refused transaction leaves nothing behind.
A secret vote is sealed like an election ballot (seal.py, scope "motion") and written, with no
office, in a shuffled order with fresh ids when the box is opened at the close (`open_box`);
only the casting-vote office's vote is marked as such, since a casting vote is declared."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from network.errors import Conflict
from network.extensions import db
from network.governance.motions.arithmetic import Choice, Tally
from network.governance.voting import log as vote_log
from network.governance.voting import seal
from network.governance.voting.models import MotionRollEntry, MotionVote, SealedMotionVote

SCOPE = "motion"
WIDTH = seal.BLOCK  # every sealed motion vote has the same length
ALREADY = "Your office has already voted on this motion. A vote cannot be changed once cast."


@dataclass(frozen=True)
class Cast:
    """One office's vote, as the box takes it."""

    office_id: int
    choice: str
    is_casting: bool = False
    by_substitute: bool = False
    is_roll_call: bool = False


def new_receipt() -> str:
    """A receipt code for the office, e.g. M7F3-91C2-0B."""
    raw = secrets.token_hex(5).upper()
    return f"M{raw[:3]}-{raw[3:7]}-{raw[7:]}"


def record(motion_id: int, votes: list[Cast], *, secret: bool) -> dict[int, str]:
    """Put these offices on the roll and their votes in the box (in the caller's transaction);
    returns each office's receipt. Conflict, with everything of this flush undone, if any of
    them has voted already."""
    receipts = {}
    for vote in votes:
        if vote.choice not in Choice.ALL:
            raise ValueError(f"not a choice: {vote.choice!r}")
        receipts[vote.office_id] = new_receipt()
        db.session.add(MotionRollEntry(
            id=secrets.token_hex(16), motion_id=motion_id, office_id=vote.office_id,
            receipt=receipts[vote.office_id], cast_by_substitute=vote.by_substitute,
            is_roll_call=vote.is_roll_call))
        if secret:
            payload = [vote.choice, "casting" if vote.is_casting else "plain"]
            db.session.add(SealedMotionVote(id=secrets.token_hex(16), motion_id=motion_id,
                                            sealed=seal.seal(motion_id, payload, WIDTH, SCOPE)))
        else:
            db.session.add(MotionVote(id=secrets.token_hex(16), motion_id=motion_id,
                                      office_id=vote.office_id, choice=vote.choice,
                                      is_casting=vote.is_casting))
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(ALREADY) from exc
    return receipts


def open_box(motion_id: int) -> int:
    """At the close: open every sealed vote of the motion and write them, shuffled, with fresh
    ids and no office; delete the sealed votes. Returns how many were opened."""
    sealed = db.session.scalars(select(SealedMotionVote.sealed)
                                .where(SealedMotionVote.motion_id == motion_id)).all()
    opened, broken = [], 0
    for item in sealed:
        try:
            choice, kind = seal.unseal(motion_id, item, SCOPE)
        except (seal.SealBroken, ValueError):
            broken += 1
            continue
        if choice in Choice.ALL:
            opened.append((choice, kind == "casting"))
        else:
            broken += 1
    secrets.SystemRandom().shuffle(opened)
    db.session.execute(delete(SealedMotionVote).where(SealedMotionVote.motion_id == motion_id))
    db.session.add_all(MotionVote(id=secrets.token_hex(16), motion_id=motion_id, office_id=None,
                                  choice=choice, is_casting=casting)
                       for choice, casting in opened)
    db.session.flush()
    vote_log.motion_append(motion_id, "ballot_box.opened",
                           {"votes": len(opened), "roll": roll_count(motion_id),
                            "unopenable": broken})
    return len(opened)


def tally(motion_id: int) -> tuple[Tally, str | None]:
    """The counts of the opened votes, and the casting-vote office's choice if it voted."""
    counts = dict(db.session.execute(
        select(MotionVote.choice, func.count()).where(MotionVote.motion_id == motion_id)
        .group_by(MotionVote.choice)).all())
    casting = db.session.scalar(select(MotionVote.choice).where(
        MotionVote.motion_id == motion_id, MotionVote.is_casting.is_(True)).limit(1))
    return Tally(counts.get(Choice.FOR, 0), counts.get(Choice.AGAINST, 0),
                 counts.get(Choice.ABSTAIN, 0)), casting


def roll_count(motion_id: int) -> int:
    """How many offices have voted on the motion."""
    return db.session.scalar(select(func.count()).select_from(MotionRollEntry)
                             .where(MotionRollEntry.motion_id == motion_id)) or 0


def voted_office_ids(motion_id: int) -> set[int]:
    """The offices on the motion's roll."""
    return set(db.session.scalars(select(MotionRollEntry.office_id)
                                  .where(MotionRollEntry.motion_id == motion_id)))


def has_voted(motion_id: int, office_id: int | None) -> bool:
    """Whether the office is on the motion's roll."""
    return office_id is not None and db.session.scalar(select(MotionRollEntry.id).where(
        MotionRollEntry.motion_id == motion_id,
        MotionRollEntry.office_id == office_id)) is not None


def votes_by_name(motion_id: int) -> list[MotionVote]:
    """The votes that carry their office (recorded by name), with the office loaded."""
    return list(db.session.scalars(select(MotionVote).where(
        MotionVote.motion_id == motion_id, MotionVote.office_id.is_not(None))
        .options(selectinload(MotionVote.office))))

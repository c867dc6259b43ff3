"""The ballot box: a ballot goes in sealed with the cast, and comes out, shuffled, at the close.

Nothing written while the ballot is open can be read as a preference: the sealed ballot shares
its transaction (and so PostgreSQL's `xmin`, and its place in the table) with the office's roll
entry, but only the configured key opens it. At the close every ballot of the election is
opened and the papers are written in one transaction, in an order drawn with the system's
random source and with fresh random ids, then the sealed ballots are deleted: every paper has
the same `xmin`, and neither their ids nor their physical order follow the order of voting."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select

from network.extensions import db
from network.governance.voting import log as election_log
from network.governance.voting import seal
from network.governance.voting.models import BallotPaper, RollEntry, SealedBallot


def post_ballot(election_id: int, ranking: list[int], candidate_ids: list[int]) -> None:
    """Put a sealed ballot in the box (in the caller's transaction, beside the roll entry)."""
    db.session.add(SealedBallot(
        id=secrets.token_hex(16), election_id=election_id,
        sealed=seal.seal(election_id, ranking, seal.padded_width(candidate_ids))))


def sealed_count(election_id: int) -> int:
    """How many ballots of the election are still sealed."""
    return db.session.scalar(select(func.count()).select_from(SealedBallot)
                             .where(SealedBallot.election_id == election_id)) or 0


def open_box(election_id: int) -> int:
    """At the close: open every sealed ballot and write all the election's papers anew in a
    random order with fresh ids (papers already open, e.g. from before sealing, are re-drawn
    with them), then delete the sealed ballots. Returns the number of papers."""
    sealed = db.session.scalars(select(SealedBallot.sealed)
                                .where(SealedBallot.election_id == election_id)).all()
    already = db.session.scalars(select(BallotPaper.preferences)
                                 .where(BallotPaper.election_id == election_id)).all()
    rankings, broken = [list(p) for p in already], 0
    for item in sealed:
        try:
            rankings.append(seal.unseal(election_id, item))
        except seal.SealBroken:
            broken += 1
    secrets.SystemRandom().shuffle(rankings)
    db.session.execute(delete(SealedBallot).where(SealedBallot.election_id == election_id))
    db.session.execute(delete(BallotPaper).where(BallotPaper.election_id == election_id))
    db.session.add_all(BallotPaper(id=secrets.token_hex(16), election_id=election_id,
                                   preferences=r) for r in rankings)
    db.session.flush()
    roll = db.session.scalar(select(func.count()).select_from(RollEntry)
                             .where(RollEntry.election_id == election_id)) or 0
    election_log.append(election_id, "ballot_box.opened",
                        {"papers": len(rankings), "roll": roll, "unopenable": broken})
    return len(rankings)

"""Casting an office's one secret ballot, and reading the roll."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from network import audit
from network.errors import Conflict, Forbidden, ValidationFailed
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.governance.elections.services import sync_state, valid_nominations
from network.governance.voting import box as ballot_box
from network.governance.voting import log as election_log
from network.governance.voting.models import RollEntry
from network.members import policy
from network.members.models import Office, OfficeStatus, Person
from network.wording import number_run, plural


def parse_ranking(election: Election, candidates: list[Nomination],
                  marks: dict[int, str]) -> list[int]:
    """Turn the preference numbers typed against candidates into an ordered list of ids.

    Blank means not ranked; numbers run from 1 with no repeats and no gaps."""
    numbers: dict[int, int] = {}
    for nomination in candidates:
        raw = (marks.get(nomination.id) or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= len(candidates):
            raise ValidationFailed(f"The preference for {nomination.candidate_name} must be a "
                                   f"whole number from 1 to {len(candidates)}",
                                   f"candidate-{nomination.id}")
        numbers[nomination.id] = int(raw)
    if not numbers:
        raise ValidationFailed("Give at least one preference: put 1 next to your first choice",
                               f"candidate-{candidates[0].id}" if candidates else None)
    used = sorted(numbers.values())
    repeated = sorted({n for n in used if used.count(n) > 1})
    if repeated:
        raise ValidationFailed(f"You used preference {repeated[0]} more than once; each "
                               "number can be used once", None)
    expected = list(range(1, len(used) + 1))
    if used != expected:
        missing = next(n for n in expected if n not in used)
        if missing == 1:
            raise ValidationFailed("Put 1 next to your first choice", None)
        raise ValidationFailed(f"Number your {len(used)} choices {number_run(len(used))}, "
                               f"with no gaps: {missing} is missing", None)
    if election.method == Method.FPTP and len(used) > election.seats:
        raise ValidationFailed(f"Mark at most {plural(election.seats, 'candidate')}", None)
    return [nid for nid, _ in sorted(numbers.items(), key=lambda item: item[1])]


def new_receipt() -> str:
    """A receipt code an office can find in the published list, e.g. 7F3A-91C2-0B."""
    raw = secrets.token_hex(5).upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def cast_ballot(actor: Person, election: Election, ranking: list[int]) -> str:
    """Record that the actor's office voted and drop its ballot in the box; returns the receipt.

    The roll entry and the sealed ballot are written in one transaction, so an office is on
    the roll exactly when its ballot is in the box; the unique constraint on (election, office)
    makes a second ballot from the same office fail, even at once. The ballot stays sealed
    until the close, when the box is opened and shuffled (box.py)."""
    sync_state(election)
    if election.status != ElectionStatus.BALLOT_OPEN:
        raise Conflict("The ballot is not open")
    office = db.session.get(Office, actor.office_id) if actor.office_id else None
    if office is None or not policy.can(actor, "election.vote", office):
        raise Forbidden("Only your office's designated voter or substitute can vote")
    if office.status != OfficeStatus.ACTIVE:
        raise Forbidden("Your office is not in good standing, so cannot vote")
    standing = [n.id for n in valid_nominations(election)]
    if not ranking or any(nid not in standing for nid in ranking) or (
            len(set(ranking)) != len(ranking)):
        raise ValidationFailed("The ballot does not match the candidates standing")
    receipt = new_receipt()
    db.session.add(RollEntry(id=secrets.token_hex(16), election_id=election.id,
                             office_id=office.id, receipt=receipt,
                             cast_by_substitute=office.voter_id != actor.id))
    ballot_box.post_ballot(election.id, list(ranking), standing)
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict("Your office has already voted in this election. A ballot cannot be "
                       "changed once cast.") from exc
    audit.record("ballot.cast", actor=actor, object_type="election", object_id=str(election.id),
                 label=election.position, after={"office": office.name})
    election_log.append(election.id, "roll.voted", {"office": office.name})
    return receipt


def has_voted(election: Election, office_id: int | None) -> bool:
    """Whether the office is on the roll of this election."""
    if office_id is None:
        return False
    return db.session.scalar(select(RollEntry.id).where(
        RollEntry.election_id == election.id, RollEntry.office_id == office_id)) is not None


def turnout(election: Election) -> tuple[int, int]:
    """(offices that voted, offices that may vote)."""
    voted = db.session.scalar(select(func.count()).select_from(RollEntry)
                              .where(RollEntry.election_id == election.id)) or 0
    eligible = db.session.scalar(select(func.count()).select_from(Office)
                                 .where(Office.status == OfficeStatus.ACTIVE)) or 0
    return voted, eligible


def receipts(election: Election) -> list[str]:
    """Every receipt code of the election, sorted (no link to the office)."""
    return sorted(db.session.scalars(select(RollEntry.receipt)
                                     .where(RollEntry.election_id == election.id)))

"""Voting's rule in the policy table: one office, one vote, cast by its voter or substitute."""

from __future__ import annotations

from network.governance.elections.models import ElectionStatus
from network.members.models import OfficeStatus
from network.members.policy import (
    MEMBERS,
    Reason,
    explain,
    is_lead_of,
    office_of,
    person_of,
    register,
    role_of,
)
from network.time import show


def _vote(principal, office) -> bool:
    """The office's designated voter or its substitute."""
    person_id = person_of(principal)
    return (role_of(principal) in MEMBERS and office is not None and person_id is not None
            and office_of(principal) == office.id
            and person_id in (office.voter_id, office.substitute_id))


def why_not_vote(principal, election, office=None) -> Reason | None:
    """Why a member of `office` (the principal's own) cannot vote in this election now."""
    if role_of(principal) not in MEMBERS or office is None or election.published_at is None:
        return None
    if election.status in (ElectionStatus.NOMINATIONS_OPEN, ElectionStatus.NOMINATIONS_CLOSED):
        return Reason(f"The ballot opens on {show(election.ballot_open_at)}.")
    if election.status != ElectionStatus.BALLOT_OPEN:
        return None
    return office_vote_reason(principal, office, "in this election")


def office_vote_reason(principal, office, where: str) -> Reason | None:
    """Why the principal cannot vote for their office `where` ("in this election", "on this
    motion") while voting is open: the office's standing, or who its voter is."""
    if office.status != OfficeStatus.ACTIVE:
        return Reason(f"Your office is not in good standing, so it cannot vote {where}. "
                      "Contact the secretariat if you think this is wrong.")
    if _vote(principal, office):
        return None
    if office.voter_id is None and office.substitute_id is None:
        text = "Your office has no designated voter or substitute, so no one can vote for it"
    else:
        text = "Only your office's designated voter or substitute can vote"
    if is_lead_of(principal, office):
        return Reason(f"{text}. You can change who that is.",
                      "Change your office's voter or substitute", "my_office.voter")
    return Reason(f"{text}. Your office lead can change who that is.")


is_office_voter = _vote  # the same one-office-one-vote rule decides motions (motions/rules.py)

register("election.vote", _vote)
explain("election.vote", why_not_vote)

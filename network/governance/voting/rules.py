"""Voting's rule in the policy table: one office, one vote, cast by its voter or substitute."""

from __future__ import annotations

from network.members.policy import MEMBERS, office_of, person_of, register, role_of


def _vote(principal, office) -> bool:
    """The office's designated voter or its substitute."""
    person_id = person_of(principal)
    return (role_of(principal) in MEMBERS and office is not None and person_id is not None
            and office_of(principal) == office.id
            and person_id in (office.voter_id, office.substitute_id))


register("election.vote", _vote)

"""Elections' and nominations' rules in the policy table (voting's are in voting/rules.py)."""

from __future__ import annotations

from network.members.models import Role
from network.members.policy import (
    ADMIN,
    NETWORK,
    is_lead_of,
    office_of,
    person_of,
    register,
    register_roles,
    role_of,
)


def _returning_officer(principal, election) -> bool:
    """The election's returning officer (a secretariat admin)."""
    return role_of(principal) in ADMIN and election is not None and (
        election.returning_officer_id == person_of(principal))


def _results(principal, election) -> bool:
    """Members and the secretariat, once the result is declared."""
    return role_of(principal) in NETWORK and election is not None and (
        election.declared_at is not None)


def _support(principal, nomination) -> bool:
    """The leads of the proposer and seconder offices."""
    return role_of(principal) == Role.MEMBER_LEAD and office_of(principal) in (
        nomination.proposer_office_id, nomination.seconder_office_id)


def _accept(principal, nomination) -> bool:
    """The lead of the candidate's office."""
    return role_of(principal) == Role.MEMBER_LEAD and (
        office_of(principal) == nomination.candidate_office_id)


register_roles({"election.list": NETWORK, "election.create": ADMIN,
                "election.view": NETWORK, "election.manage": ADMIN})
register("election.count", _returning_officer)
register("election.turnout", _returning_officer)
register("election.results", _results)
register("election.nominate", lambda principal, office: is_lead_of(principal, office),
         description="A member lead, for their own office's mayor")
register("nomination.support", _support)
register("nomination.accept", _accept)

"""Elections' and nominations' rules in the policy table (voting's are in voting/rules.py)."""

from __future__ import annotations

from network.governance.elections.models import ElectionStatus
from network.members.models import Role
from network.members.policy import (
    ADMIN,
    MEMBERS,
    NETWORK,
    Reason,
    explain,
    is_lead_of,
    office_of,
    person_of,
    register,
    register_roles,
    role_of,
)
from network.time import show


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


def why_not_nominate(principal, election, office=None, nomination=None) -> Reason | None:
    """Why a member of `office` (the principal's own) cannot nominate its mayor now; None once
    the office has a nomination (the page shows that instead) or when no one could."""
    if role_of(principal) not in MEMBERS or office is None or nomination is not None or (
            election.published_at is None):
        return None
    if election.status == ElectionStatus.DRAFT:
        return Reason(f"Nominations open on {show(election.nominations_open_at)}.")
    if election.status == ElectionStatus.NOMINATIONS_CLOSED:
        return Reason(f"Nominations closed on {show(election.nominations_close_at)}. "
                      "Your office can still vote when the ballot opens.")
    if election.status != ElectionStatus.NOMINATIONS_OPEN:
        return None
    if not is_lead_of(principal, office):
        return Reason("Only your office lead can nominate your mayor.")
    if not office.mayor_name:
        return Reason("Your office has no mayor recorded, so cannot nominate. Ask the "
                      "secretariat to add your mayor's name to the office.")
    return None


explain("election.nominate", why_not_nominate)

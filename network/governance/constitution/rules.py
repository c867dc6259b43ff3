"""The Constitution's rules in the policy table: everyone signed in reads it; the secretariat
drafts amendments and member leads propose them for their office with a seconder office;
adoption happens only through a motion (governance/motions calls services.adopt_amendment)."""

from __future__ import annotations

from network.governance.constitution.models import AmendmentStatus
from network.members.models import Role
from network.members.policy import (
    ADMIN,
    EVERYONE,
    NETWORK,
    SECRETARIAT,
    office_of,
    register,
    register_roles,
    role_of,
)


def _owner(principal, amendment) -> bool:
    """The secretariat, or the lead of the amendment's proposer office."""
    if role_of(principal) in SECRETARIAT:
        return True
    return (role_of(principal) == Role.MEMBER_LEAD and amendment.proposer_office_id is not None
            and office_of(principal) == amendment.proposer_office_id)


def _edit(principal, amendment) -> bool:
    """The secretariat, or the lead of the proposer office, while the amendment is a draft."""
    return (amendment is not None and amendment.status == AmendmentStatus.DRAFT
            and _owner(principal, amendment))


def _rebase(principal, amendment) -> bool:
    """The secretariat, or the proposer office's lead, while drafted or proposed."""
    return (amendment is not None and amendment.status in (AmendmentStatus.DRAFT,
                                                           AmendmentStatus.PROPOSED)
            and _owner(principal, amendment))


def _second(principal, amendment) -> bool:
    """The lead of the seconder office, once the amendment is proposed and until seconded."""
    return (amendment is not None and amendment.status == AmendmentStatus.PROPOSED
            and amendment.seconder_office_id is not None and amendment.seconded_at is None
            and role_of(principal) == Role.MEMBER_LEAD
            and office_of(principal) == amendment.seconder_office_id)


register_roles({
    "constitution.view": EVERYONE,          # every signed-in person reads the Constitution
    "constitution.establish": ADMIN,        # version 1 only; later versions by amendment
    "amendment.list": NETWORK,
    "amendment.view": NETWORK,
    "amendment.draft": SECRETARIAT | {Role.MEMBER_LEAD},
})
register("amendment.edit", _edit)
register("amendment.propose", _edit)
register("amendment.rebase", _rebase)
register("amendment.withdraw", _rebase,
         description="The secretariat, or the proposer office's lead, before it is put")
register("amendment.second", _second)

"""Workstreams' rules in the policy table.

Everyone in the network (the secretariat and member offices) reads workstreams; observers do
not, as a workstream's RAG commentary and risk register are the network's own management
information, and observers see only the meetings and papers they are invited to. The
secretariat edits everything. A member lead (mayor or chief of staff) of the lead office or of
a co-lead office reports on it while it is open: status updates, milestones and risks.
"""

from __future__ import annotations

from network.members.models import Role
from network.members.policy import (
    NETWORK,
    SECRETARIAT,
    Reason,
    explain,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.workplan.workstreams.models import Workstream


def leading_office_ids(workstream: Workstream) -> set[int]:
    """The lead office and the co-lead offices (co_lead_offices loaded)."""
    ids = {o.id for o in workstream.co_lead_offices}
    if workstream.lead_office_id:
        ids.add(workstream.lead_office_id)
    return ids


def _is_lead_member(principal, workstream: Workstream | None) -> bool:
    return (workstream is not None and role_of(principal) == Role.MEMBER_LEAD
            and office_of(principal) in leading_office_ids(workstream))


def _report(principal, workstream: Workstream | None) -> bool:
    """The secretariat; member leads of the lead or a co-lead office while it is open."""
    if role_of(principal) in SECRETARIAT:
        return True
    return _is_lead_member(principal, workstream) and not workstream.is_closed


def why_not_report(principal, workstream: Workstream | None) -> Reason | None:
    """Why someone in a leading office cannot report on the workstream now."""
    if workstream is None or role_of(principal) not in (Role.MEMBER_LEAD, Role.MEMBER_STAFF):
        return None
    if office_of(principal) not in leading_office_ids(workstream):
        return None  # other offices read; they would not expect to report
    if workstream.is_closed:
        return Reason("This workstream is closed. Contact the secretariat to reopen it.")
    if role_of(principal) == Role.MEMBER_STAFF:
        return Reason("Your office leads this workstream: your mayor or chief of staff (a "
                      "member office lead) posts its status updates, milestones and risks.")
    return None


register_roles({
    "workstream.list": NETWORK,
    "workstream.view": NETWORK,
    "workstream.create": SECRETARIAT,
    "workstream.edit": SECRETARIAT,
})
for _action in ("workstream.update_status", "workstream.manage_milestones",
                "workstream.manage_risks"):
    register(_action, _report)
explain("workstream.update_status", why_not_report)

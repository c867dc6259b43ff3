"""The decisions register's rules in the policy table."""

from __future__ import annotations

from sqlalchemy import false, or_, select

from network.governance.decisions.models import Decision
from network.members.policy import NETWORK, SECRETARIAT, register, register_roles, role_of
from network.workplan.meetings.models import Meeting
from network.workplan.meetings.rules import invited, invited_clause


def _view_decision(principal, decision: Decision) -> bool:
    """Members of offices invited to the meeting that took it (every member office, for a
    decision taken by written procedure), and the secretariat; never observers."""
    return role_of(principal) in NETWORK and (decision.meeting_id is None
                                              or invited(principal, decision.meeting))


def _view_decision_clause(principal):
    if role_of(principal) not in NETWORK:
        return false()
    return or_(Decision.meeting_id.is_(None),
               Decision.meeting_id.in_(select(Meeting.id).where(invited_clause(principal))))


register_roles({"decision.list": NETWORK, "decision.record": SECRETARIAT})
register("decision.view", _view_decision, _view_decision_clause)

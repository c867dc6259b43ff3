"""Actions' rules in the policy table."""

from __future__ import annotations

from sqlalchemy import false, or_, select, true

from network.members.policy import (
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.workplan.actions.models import Action
from network.workplan.meetings.models import Meeting
from network.workplan.meetings.rules import invited, invited_clause


def _view_action(principal, action: Action) -> bool:
    """The secretariat; members for their office's actions, actions of no meeting and those
    of meetings their office is invited to."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return True
    return role in MEMBERS and (action.owner_office_id == office_of(principal)
                                or action.meeting_id is None
                                or invited(principal, action.meeting))


def _view_action_clause(principal):
    role = role_of(principal)
    if role in SECRETARIAT:
        return true()
    if role in MEMBERS:
        seen = select(Meeting.id).where(invited_clause(principal))
        return or_(Action.owner_office_id == office_of(principal),
                   Action.meeting_id.is_(None), Action.meeting_id.in_(seen))
    return false()


def _update_action(principal, action: Action) -> bool:
    """The secretariat, and the owning office's members."""
    return role_of(principal) in SECRETARIAT or (
        role_of(principal) in MEMBERS and action.owner_office_id is not None
        and action.owner_office_id == office_of(principal))


register_roles({"action.list": NETWORK, "action.create": SECRETARIAT})
register("action.view", _view_action, _view_action_clause)
register("action.update", _update_action)

"""The correspondence log's rules in the policy table: the secretariat manages all of it;
a member office sees the queries and letters that came from it."""

from __future__ import annotations

from sqlalchemy import false, true

from network.members.policy import (
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.workplan.correspondence.models import Correspondence


def _view(principal, item: Correspondence) -> bool:
    """The secretariat; members for what came from their own office."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return True
    return (role in MEMBERS and item.from_office_id is not None
            and item.from_office_id == office_of(principal))


def _view_clause(principal):
    role = role_of(principal)
    if role in SECRETARIAT:
        return true()
    if role in MEMBERS and office_of(principal):
        return Correspondence.from_office_id == office_of(principal)
    return false()


register_roles({"correspondence.list": NETWORK, "correspondence.create": SECRETARIAT,
                "correspondence.edit": SECRETARIAT})
register("correspondence.view", _view, _view_clause)

"""The contacts directory's rules in the policy table: the secretariat sees and keeps every
contact; members see the member offices' contacts (not government officials or partners,
whose details the secretariat holds for its own work)."""

from __future__ import annotations

from sqlalchemy import false, true

from network.members.policy import (
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    register,
    register_roles,
    role_of,
)
from network.workplan.contacts.models import Contact


def _view(principal, contact: Contact) -> bool:
    """The secretariat; members for office contacts."""
    role = role_of(principal)
    return role in SECRETARIAT or (role in MEMBERS and contact.office_id is not None)


def _view_clause(principal):
    role = role_of(principal)
    if role in SECRETARIAT:
        return true()
    if role in MEMBERS:
        return Contact.office_id.is_not(None)
    return false()


register_roles({"contact.list": NETWORK, "contact.create": SECRETARIAT,
                "contact.edit": SECRETARIAT})
register("contact.view", _view, _view_clause)

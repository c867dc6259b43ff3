"""Agenda items' and papers' rules in the policy table."""

from __future__ import annotations

from network.members.models import Role
from network.members.policy import (
    MEMBERS,
    SECRETARIAT,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import Meeting
from network.workplan.meetings.rules import invited


def _own_office(principal, item: AgendaItem) -> bool:
    return role_of(principal) in MEMBERS and item.office_id == office_of(principal)


def _submit(principal, meeting: Meeting) -> bool:
    """Members of invited offices."""
    return role_of(principal) in MEMBERS and invited(principal, meeting)


def _view_item(principal, item: AgendaItem) -> bool:
    """The secretariat; invitees once it is on the agenda (observers not confidential ones);
    the submitting office before that."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return True
    if not invited(principal, item.meeting):
        return False
    if role == Role.OBSERVER and item.is_confidential:
        return False
    return item.is_on_agenda or _own_office(principal, item)


def _edit_item(principal, item: AgendaItem) -> bool:
    """The submitting office, until the secretariat has triaged it."""
    return _own_office(principal, item) and item.status == ItemStatus.SUBMITTED


def _upload_paper(principal, item: AgendaItem) -> bool:
    """The secretariat; the submitting office while the item is submitted or accepted."""
    return role_of(principal) in SECRETARIAT or (
        _own_office(principal, item)
        and item.status in (ItemStatus.SUBMITTED, ItemStatus.ACCEPTED))


register_roles({"item.triage": SECRETARIAT})
register("item.submit", _submit)
register("item.view", _view_item)
register("paper.download", _view_item)
register("item.edit", _edit_item)
register("paper.upload", _upload_paper)

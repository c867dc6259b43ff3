"""Agenda items' and papers' rules in the policy table."""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select, true

from network.db import utcnow
from network.members.models import Role
from network.members.policy import (
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    Reason,
    explain,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.time import local_date
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import CLOSED, Meeting, MeetingStatus
from network.workplan.meetings.rules import invited, invited_clause

# Members submit from when the secretariat opens the meeting until the deadline, also after
# an early agenda: the deadline, not the publication, is what offices are told.
TAKING_ITEMS = (MeetingStatus.OPEN_FOR_ITEMS, MeetingStatus.AGENDA_PUBLISHED)


def deadline_passed(meeting: Meeting) -> bool:
    """Whether today (UK) is after the meeting's item submission deadline."""
    return local_date(utcnow()) > meeting.submission_deadline_on


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


def _view_item_clause(principal):
    """`_view_item` as an SQL condition on AgendaItem."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return true()
    if role not in MEMBERS and role != Role.OBSERVER:
        return false()
    seen = AgendaItem.meeting_id.in_(select(Meeting.id).where(invited_clause(principal)))
    on_agenda = AgendaItem.status.in_((ItemStatus.ACCEPTED, ItemStatus.STANDING))
    if role == Role.OBSERVER:
        return and_(seen, AgendaItem.is_confidential.is_(False), on_agenda)
    return and_(seen, or_(on_agenda, AgendaItem.office_id == office_of(principal)))


def _edit_item(principal, item: AgendaItem) -> bool:
    """The submitting office, until the secretariat has triaged it."""
    return _own_office(principal, item) and item.status == ItemStatus.SUBMITTED


def _upload_paper(principal, item: AgendaItem) -> bool:
    """The secretariat; the submitting office while the item is submitted or accepted."""
    return role_of(principal) in SECRETARIAT or (
        _own_office(principal, item)
        and item.status in (ItemStatus.SUBMITTED, ItemStatus.ACCEPTED))


def why_not_submit(principal, meeting: Meeting) -> Reason | None:
    """Why a member of an invited office cannot submit an item to this meeting now."""
    if not _submit(principal, meeting) or meeting.status in CLOSED:
        return None  # only members of invited offices expect to; a past meeting says itself
    due = f"{meeting.submission_deadline_on:%-d %B %Y}"
    if meeting.status not in TAKING_ITEMS:
        return Reason(f"This meeting is not open for items yet. When the secretariat opens it, "
                      f"items are due by {due}.")
    if deadline_passed(meeting):
        return Reason(f"The deadline for items was {due}. Contact the secretariat to add a "
                      "late item.")
    return None


register_roles({"item.triage": SECRETARIAT, "item.list": NETWORK})
register("item.submit", _submit)
register("item.view", _view_item, _view_item_clause)
register("paper.download", _view_item)
register("item.edit", _edit_item)
register("paper.upload", _upload_paper)
explain("item.submit", why_not_submit)

"""Meetings' rules in the policy table; `invited` is the one rule of who sees a meeting."""

from __future__ import annotations

from sqlalchemy import false, or_, select, true

from network.members.models import Role
from network.members.policy import (
    EVERYONE,
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    office_of,
    person_of,
    register,
    register_roles,
    role_of,
)
from network.workplan.meetings.models import Meeting, meeting_observer, meeting_office


def invited(principal, meeting: Meeting) -> bool:
    """The secretariat; members of invited offices (or all); observers invited by name."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return True
    if role in MEMBERS:
        return meeting.is_all_offices or any(o.id == office_of(principal)
                                             for o in meeting.offices)
    if role == Role.OBSERVER:
        return any(p.id == person_of(principal) for p in meeting.observers)
    return False


def office_invited_clause(office_id):
    """A member office (an id, or a column of office ids) is invited to the Meeting: `invited`
    for its members, as an SQL condition."""
    return or_(Meeting.is_all_offices.is_(True), Meeting.id.in_(
        select(meeting_office.c.meeting_id).where(meeting_office.c.office_id == office_id)))


def invited_clause(principal):
    """`invited` as an SQL condition on Meeting."""
    role = role_of(principal)
    if role in SECRETARIAT:
        return true()
    if role in MEMBERS:
        return office_invited_clause(office_of(principal))
    if role == Role.OBSERVER:
        return Meeting.id.in_(select(meeting_observer.c.meeting_id).where(
            meeting_observer.c.person_id == person_of(principal)))
    return false()


def _members_invited(principal, meeting: Meeting) -> bool:
    """Members (not observers) of invited offices, and the secretariat."""
    return role_of(principal) in NETWORK and invited(principal, meeting)


def _rsvp(principal, meeting: Meeting) -> bool:
    """Invitees other than the secretariat (who run the meeting)."""
    return role_of(principal) not in SECRETARIAT and invited(principal, meeting)


register_roles({
    "meeting.list": EVERYONE,
    "meeting.create": SECRETARIAT,
    "meeting.manage": SECRETARIAT,
    "calendar.feed": EVERYONE,
})
register("meeting.view", invited, invited_clause)
register("meeting.confidential", _members_invited)  # members' pack, with confidential items
register("meeting.rsvp", _rsvp)

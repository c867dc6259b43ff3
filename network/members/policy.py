"""Who may do what: the one place views, API and templates ask."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from network.members.models import Office, Person, Role

ADMIN = {Role.SECRETARIAT_ADMIN}
SECRETARIAT = {Role.SECRETARIAT_ADMIN, Role.SECRETARIAT}
MEMBERS = {Role.MEMBER_LEAD, Role.MEMBER_STAFF}
NETWORK = SECRETARIAT | MEMBERS  # everyone but observers

# Actions that depend on the role alone.
ROLE_RULES: dict[str, set[Role]] = {
    "home.view": set(Role),
    "account.manage": set(Role),
    "office.list": NETWORK,
    "office.create": ADMIN,
    "person.list": SECRETARIAT,
    "person.invite_any": ADMIN,
    "audit.view": ADMIN,
    "outbox.view": SECRETARIAT,  # recipients, subjects and errors; never the bodies
    "outbox.resend": SECRETARIAT,
    "api.read_offices": NETWORK,
    "my_office.view": MEMBERS,
    "election.list": NETWORK,
    "election.create": ADMIN,
    "meeting.list": set(Role),
    "meeting.create": SECRETARIAT,
    "action.list": NETWORK,
    "action.create": SECRETARIAT,
    "decision.list": NETWORK,
    "decision.record": SECRETARIAT,
    "calendar.feed": set(Role),
}


def _role(principal) -> Role | None:
    if principal is None or not getattr(principal, "is_authenticated", False):
        return None
    return principal.role


def _office_id(principal) -> int | None:
    return getattr(principal, "office_id", None)


def _is_lead_of(principal, office: Office | None) -> bool:
    return (
        office is not None
        and _role(principal) == Role.MEMBER_LEAD
        and _office_id(principal) == office.id
    )


def can(principal, action: str, obj: Any = None) -> bool:
    """Whether the principal (a person, an API token principal or None) may do `action`."""
    role = _role(principal)
    if role is None:
        return False
    if action in ROLE_RULES:
        return role in ROLE_RULES[action]
    if action == "office.view":
        return role in NETWORK
    if action == "office.edit":
        return role in ADMIN
    if action in ("office.manage_people", "office.designate_voter", "office.manage_tokens"):
        return role in ADMIN or _is_lead_of(principal, obj)
    if action == "person.view":
        return _can_view_person(principal, role, obj)
    if action in ("person.change_role", "person.deactivate", "person.reactivate"):
        return _can_manage_person(principal, role, obj)
    if action == "person.resend_invitation":
        return _can_manage_person(principal, role, obj) and not obj.has_password
    if action == "decision.view":  # the register: members of invited offices, never observers
        return role in NETWORK and invited(principal, obj.meeting)
    if action.startswith(("election.", "nomination.")):
        return _can_election(principal, role, action, obj)
    if action.startswith(("meeting.", "item.", "paper.", "action.")):
        return _can_workplan(principal, role, action, obj)
    raise KeyError(f"unknown action {action!r}: add it to members/policy.py")


def _can_election(principal, role: Role, action: str, obj) -> bool:
    """Elections: admins run them, member leads nominate, voters vote, members read."""
    if action == "election.view":
        return role in NETWORK
    if action == "election.manage":
        return role in ADMIN
    if action in ("election.count", "election.turnout"):
        return role in ADMIN and obj is not None and (
            obj.returning_officer_id == getattr(principal, "id", None))
    if action == "election.results":
        return role in NETWORK and obj is not None and obj.declared_at is not None
    if action == "election.nominate":
        return _is_lead_of(principal, obj)
    if action == "election.vote":
        person_id = getattr(principal, "id", None)
        return (role in MEMBERS and obj is not None and person_id is not None
                and _office_id(principal) == obj.id
                and person_id in (obj.voter_id, obj.substitute_id))
    if action == "nomination.support":
        return role == Role.MEMBER_LEAD and _office_id(principal) in (
            obj.proposer_office_id, obj.seconder_office_id)
    if action == "nomination.accept":
        return role == Role.MEMBER_LEAD and _office_id(principal) == obj.candidate_office_id
    raise KeyError(f"unknown action {action!r}: add it to members/policy.py")


def _can_view_person(principal, role: Role, person: Person) -> bool:
    if role in SECRETARIAT or principal.id == getattr(person, "id", None):
        return True
    return role in MEMBERS and person.office_id is not None and person.office_id == _office_id(
        principal
    )


def _can_manage_person(principal, role: Role, person: Person) -> bool:
    if person is None or person.id == getattr(principal, "id", None):
        return False  # nobody demotes or deactivates themselves
    if role in ADMIN:
        return True
    return (
        role == Role.MEMBER_LEAD
        and person.office_id is not None
        and person.office_id == _office_id(principal)
        and person.role in MEMBERS
    )


def assignable_roles(principal) -> list[Role]:
    """The roles this principal may give to someone."""
    role = _role(principal)
    if role in ADMIN:
        return list(Role)
    if role == Role.MEMBER_LEAD:
        return [Role.MEMBER_STAFF, Role.MEMBER_LEAD]
    return []


def authorize(action: str, obj: Any = None) -> None:
    """Abort with 403 (or 401 for the signed out) unless the current user may do `action`."""
    if not current_user.is_authenticated:
        abort(401)
    if not can(current_user, action, obj):
        abort(403)


def template_can(action: str, obj: Any = None) -> bool:
    """`can` for templates, for the current user."""
    return can(current_user, action, obj)


def invited(principal, meeting) -> bool:
    """Whether the principal is among a meeting's invitees (offices loaded on the meeting)."""
    role = _role(principal)
    if role in SECRETARIAT:
        return True
    if role in MEMBERS:
        return meeting.is_all_offices or any(o.id == _office_id(principal)
                                             for o in meeting.offices)
    if role == Role.OBSERVER:
        return any(p.id == getattr(principal, "id", None) for p in meeting.observers)
    return False


def _can_workplan(principal, role: Role, action: str, obj) -> bool:
    """Meetings, items, papers and actions: secretariat runs them, invitees see them."""
    if action == "meeting.view":
        return invited(principal, obj)
    if action in ("meeting.manage", "item.triage"):
        return role in SECRETARIAT
    if action == "meeting.confidential":  # members' agenda pack, with confidential items
        return role in NETWORK and invited(principal, obj)
    if action == "meeting.rsvp":
        return role not in SECRETARIAT and invited(principal, obj)
    if action == "item.submit":
        return role in MEMBERS and invited(principal, obj)
    if action in ("item.view", "paper.download"):
        item = obj
        if role in SECRETARIAT:
            return True
        if not invited(principal, item.meeting):
            return False
        if role == Role.OBSERVER and item.is_confidential:
            return False
        return item.is_on_agenda or (role in MEMBERS and item.office_id == _office_id(principal))
    if action == "item.edit":
        return (role in MEMBERS and obj.office_id == _office_id(principal)
                and obj.status.value == "submitted")
    if action == "paper.upload":
        return role in SECRETARIAT or (role in MEMBERS and obj.office_id == _office_id(principal)
                                       and obj.status.value in ("submitted", "accepted"))
    if action == "action.view":  # members: their office's, and those of meetings they see
        if role in SECRETARIAT:
            return True
        return role in MEMBERS and (obj.owner_office_id == _office_id(principal)
                                    or obj.meeting_id is None or invited(principal, obj.meeting))
    if action == "action.update":
        return role in SECRETARIAT or (role in MEMBERS and obj.owner_office_id is not None
                                       and obj.owner_office_id == _office_id(principal))
    raise KeyError(f"unknown action {action!r}: add it to members/policy.py")

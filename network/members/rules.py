"""The members domain's rules in the policy table: offices, people, the audit log, the API."""

from __future__ import annotations

from network.members.models import Person, Role
from network.members.policy import (
    ADMIN,
    EVERYONE,
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    is_lead_of,
    office_of,
    person_of,
    register,
    register_roles,
    role_of,
)

register_roles({
    "home.view": EVERYONE,
    "account.manage": EVERYONE,
    "office.list": NETWORK,
    "office.view": NETWORK,
    "office.create": ADMIN,
    "office.edit": ADMIN,
    "person.list": SECRETARIAT,
    "person.invite_any": ADMIN,
    "audit.view": ADMIN,
    "api.read_offices": NETWORK,
    "my_office.view": MEMBERS,
    "outbox.view": SECRETARIAT,  # recipients, subjects and errors; never the bodies
    "outbox.resend": SECRETARIAT,
    "identity_provider.manage": ADMIN,  # offices' own OpenID Connect providers
})


def _admin_or_lead(principal, office) -> bool:
    """Secretariat admins, or a member lead of this office."""
    return role_of(principal) in ADMIN or is_lead_of(principal, office)


for _action in ("office.manage_people", "office.designate_voter", "office.manage_tokens"):
    register(_action, _admin_or_lead)


def _view_person(principal, person: Person) -> bool:
    """The secretariat, the person themselves, and members of the person's office."""
    role = role_of(principal)
    if role in SECRETARIAT or person_of(principal) == getattr(person, "id", None):
        return True
    return role in MEMBERS and person.office_id is not None and (
        person.office_id == office_of(principal))


def _manage_person(principal, person: Person | None) -> bool:
    """Admins; member leads for member roles of their own office; never oneself."""
    if person is None or person.id == person_of(principal):
        return False
    if role_of(principal) in ADMIN:
        return True
    return (role_of(principal) == Role.MEMBER_LEAD and person.office_id is not None
            and person.office_id == office_of(principal) and person.role in MEMBERS)


def _resend_invitation(principal, person: Person | None) -> bool:
    """Whoever may manage the person, while they have not yet set a password."""
    return _manage_person(principal, person) and not person.has_password


register("person.view", _view_person)
for _action in ("person.change_role", "person.deactivate", "person.reactivate"):
    register(_action, _manage_person)
register("person.resend_invitation", _resend_invitation)

"""The records package's rows in the policy table: the hand-over export, subject access and
erasure."""

from __future__ import annotations

from network.members.models import Person
from network.members.policy import (
    ADMIN,
    EVERYONE,
    SECRETARIAT,
    person_of,
    register,
    register_roles,
    role_of,
)

ERASED_DOMAIN = "erased.invalid"

register_roles({
    "records.export": ADMIN,  # the whole record, every person's data in it
    "records.own_data": EVERYONE,  # a person's own data (subject access)
})


def is_erased(person: Person | None) -> bool:
    """Whether the person's name and contact details have been erased."""
    return person is not None and person.email.endswith("@" + ERASED_DOMAIN)


def _data_of_anyone(principal, person: Person | None) -> bool:
    """The secretariat, for anyone's subject access request."""
    return role_of(principal) in SECRETARIAT and person is not None


def _erase(principal, person: Person | None) -> bool:
    """Secretariat admins, for a person who has left (deactivated), not yet erased, not
    themselves."""
    return (role_of(principal) in ADMIN and person is not None and not person.is_active
            and person.id != person_of(principal) and not is_erased(person))


register("records.person_data", _data_of_anyone)
register("person.erase", _erase)

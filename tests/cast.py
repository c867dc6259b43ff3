"""The cast: the offices and people a test acts with, built once by the `cast` fixture.

Keys (a `Cast` is a dict, so tests write `cast["lead_a"]`):
- `admin` (secretariat admin, the returning officer), `officer` (secretariat), `observer`
  (invited to the cast's meetings) and `outsider_observer` (invited to nothing);
- per member office, lettered from `a`: `office_a`, `lead_a` (the office's voter) and
  `staff_a` (its substitute); `offices` lists them as `{"office", "lead", "staff"}` in order;
- per role of `tests.conftest.ROLES`, the person of that role in office `a`
  (`secretariat_admin`, `secretariat`, `member_lead`, `member_staff`, `observer`).

Two member offices unless a test asks for more or fewer with `@pytest.mark.cast(offices=5)`
(the elections tests vote with five). Mayors are named "Mayor A Surname0", "Mayor B
Surname1", ... so election results read the same on every run.
"""

from __future__ import annotations

from string import ascii_lowercase

from network.extensions import db
from network.governance.elections.models import Method
from network.members.models import Role
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from tests.factories import (
    AgendaItemFactory,
    ElectionFactory,
    MeetingFactory,
    NominationFactory,
    OfficeFactory,
    PersonFactory,
)

ROLE_KEYS = {"secretariat_admin": "admin", "secretariat": "officer",
             "member_lead": "lead_a", "member_staff": "staff_a", "observer": "observer"}


class Cast(dict):
    """The people and offices of one test (see the module docstring for the keys)."""

    def person(self, who: str):
        """The person a key or a role name stands for: `"lead_b"` or `"member_lead"`."""
        return self[ROLE_KEYS.get(who, who)]

    def meeting(self, days: int, kind=MeetingKind.MAYORS, open_items: bool = True, **extra):
        """A meeting `days` from now at 10:00 London made by the officer, open for items
        (unless `open_items=False`); invited: every office and the observer. Committed."""
        meeting = MeetingFactory(days=days, kind=kind, open_items=open_items,
                                 actor=self["officer"], observers=[self["observer"]], **extra)
        db.session.commit()
        return meeting

    def held_meeting(self, starts_at=None, kind=MeetingKind.MAYORS,
                     title: str = "Mayors' meeting", offices=None, confidential: bool = False,
                     status=MeetingStatus.HELD):
        """(meeting, item): a meeting that has taken place (yesterday at 10:00 by default),
        invited `offices` (every office by default) and the observer, with one accepted item
        for decision. Committed."""
        when = {"starts_at": starts_at} if starts_at else {}
        meeting = MeetingFactory(held=True, actor=self["officer"], title=title, kind=kind,
                                 invited_offices=offices or [], observers=[self["observer"]],
                                 status=status, **when)
        item = AgendaItemFactory(meeting=meeting, title=f"Devolution deal ({title})",
                                 is_confidential=confidential)
        db.session.commit()
        return meeting, item

    def election(self, stage: str, method: Method = Method.IRV, seats: int = 1,
                 candidates: int = 3):
        """An election at `stage` (see ElectionFactory) run by the admin, with valid
        nominations of the first `candidates` offices' mayors, each proposed and seconded by
        the next two offices. Committed."""
        election = ElectionFactory(stage=stage, method=method, seats=seats,
                                   returning_officer=self["admin"])
        offices = self["offices"]
        for i in range(candidates):
            NominationFactory(election=election, candidate_office=offices[i]["office"],
                              proposer_office=offices[(i + 1) % len(offices)]["office"],
                              seconder_office=offices[(i + 2) % len(offices)]["office"],
                              nominated_by=offices[i]["lead"], statement=f"Statement {i}")
        db.session.commit()
        return election


def build_cast(offices: int = 2) -> Cast:
    """Make and commit the cast with `offices` member offices (at most 26)."""
    cast = Cast(admin=PersonFactory(role=Role.SECRETARIAT_ADMIN),
                officer=PersonFactory(role=Role.SECRETARIAT),
                observer=PersonFactory(role=Role.OBSERVER),
                outsider_observer=PersonFactory(role=Role.OBSERVER), offices=[])
    for i, key in zip(range(offices), ascii_lowercase, strict=False):
        office = OfficeFactory(mayor_name=f"Mayor {key.upper()} Surname{i}")
        lead = PersonFactory(role=Role.MEMBER_LEAD, office=office)
        staff = PersonFactory(role=Role.MEMBER_STAFF, office=office)
        office.voter_id, office.substitute_id = lead.id, staff.id
        cast.update({f"office_{key}": office, f"lead_{key}": lead, f"staff_{key}": staff})
        cast["offices"].append({"office": office, "lead": lead, "staff": staff})
    for role, key in ROLE_KEYS.items():
        if key in cast:
            cast[role] = cast[key]
    db.session.commit()
    return cast

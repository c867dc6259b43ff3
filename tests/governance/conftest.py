"""Fixtures for elections: a network of offices with voters, and elections at each stage."""

from __future__ import annotations

from datetime import timedelta

import pytest

from network.db import utcnow
from network.extensions import db as _db
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.members.models import Role
from tests.factories import OfficeFactory, PersonFactory


@pytest.fixture
def network(db):
    """Five active offices, each with a lead (the voter) and a staff member (the substitute)."""
    offices = []
    for i in range(5):
        office = OfficeFactory(mayor_name=f"Mayor {chr(65 + i)} Surname{i}")
        lead = PersonFactory(role=Role.MEMBER_LEAD, office=office)
        staff = PersonFactory(role=Role.MEMBER_STAFF, office=office)
        office.voter_id, office.substitute_id = lead.id, staff.id
        offices.append({"office": office, "lead": lead, "staff": staff})
    admin = PersonFactory(role=Role.SECRETARIAT_ADMIN)
    officer = PersonFactory(role=Role.SECRETARIAT)
    observer = PersonFactory(role=Role.OBSERVER)
    _db.session.commit()
    return {"offices": offices, "admin": admin, "officer": officer, "observer": observer}


def make_election(network, stage: str, method: Method = Method.IRV, seats: int = 1,
                  candidates: int = 3) -> Election:
    """An election published and moved to `stage` by its timetable, with valid candidates."""
    now = utcnow()
    hour = timedelta(hours=1)
    offsets = {"nominations": (-hour, hour, 2 * hour, 3 * hour),
               "ballot": (-3 * hour, -2 * hour, -hour, hour),
               "closed": (-4 * hour, -3 * hour, -2 * hour, -hour)}[stage]
    election = Election(position="Chair of the Network", seats=seats, method=method,
                        returning_officer_id=network["admin"].id,
                        nominations_open_at=now - 5 * hour, nominations_close_at=now + hour,
                        ballot_open_at=now + 2 * hour, ballot_close_at=now + 3 * hour,
                        status=ElectionStatus.DRAFT, published_at=now)
    _db.session.add(election)
    _db.session.flush()
    offices = network["offices"]
    for i in range(candidates):
        proposer, seconder = offices[(i + 1) % 5]["office"], offices[(i + 2) % 5]["office"]
        _db.session.add(Nomination(
            election_id=election.id, candidate_office_id=offices[i]["office"].id,
            candidate_name=offices[i]["office"].mayor_name, proposer_office_id=proposer.id,
            seconder_office_id=seconder.id, nominated_by_id=offices[i]["lead"].id,
            proposer_confirmed_at=now, seconder_confirmed_at=now, accepted_at=now,
            statement=f"Statement {i}"))
    (election.nominations_open_at, election.nominations_close_at, election.ballot_open_at,
     election.ballot_close_at) = (now + o for o in offsets)
    election.status = ElectionStatus.NOMINATIONS_OPEN if stage == "nominations" else (
        ElectionStatus.BALLOT_OPEN if stage == "ballot" else ElectionStatus.BALLOT_CLOSED)
    _db.session.commit()
    return election

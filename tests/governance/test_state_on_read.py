"""No state change on GET: election pages show the state the timetable gives now, while the
stored state (and the election log) moves only through the scheduler task or a change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from network.digest.tasks import advance_elections
from network.extensions import db as _db
from network.governance.elections.models import Election, ElectionStatus
from network.governance.voting.models import ElectionLogEntry
from tests.conftest import sign_in_client

pytestmark = pytest.mark.cast(offices=5)  # a roll of five voting offices


def _stored(election_id: int) -> tuple[ElectionStatus, int]:
    _db.session.expire_all()
    status = _db.session.scalar(select(Election.status).where(Election.id == election_id))
    entries = _db.session.scalar(select(func.count()).select_from(ElectionLogEntry)
                                 .where(ElectionLogEntry.election_id == election_id))
    return status, entries


def test_pages_show_the_ballot_open_but_do_not_write_it(app, db, cast):
    election = cast.election("ballot")
    election.status = ElectionStatus.NOMINATIONS_OPEN  # the scheduler has not run yet
    _db.session.commit()
    before = _stored(election.id)
    lead = sign_in_client(app, cast["offices"][0]["lead"])
    admin = sign_in_client(app, cast["admin"])
    for client, url in [(lead, f"/elections/{election.id}"), (lead, "/elections/"),
                        (admin, f"/elections/{election.id}"), (admin, "/elections/")]:
        page = client.get(url)
        assert page.status_code == 200
        assert "Ballot open" in page.get_data(as_text=True), url
    assert _stored(election.id) == before  # nothing written by reading


def test_the_scheduler_task_moves_the_stored_state_on(app, db, cast):
    election = cast.election("ballot")
    election.status = ElectionStatus.NOMINATIONS_OPEN
    _db.session.commit()
    advance_elections()
    status, entries = _stored(election.id)
    assert status == ElectionStatus.BALLOT_OPEN
    assert entries >= 2  # nominations closed, ballot opened

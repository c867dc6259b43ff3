"""Demo elections: a Chair election taking nominations, so the journey can be tried at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from network.db import utcnow
from network.extensions import db
from network.governance.elections.models import Election, Method, Nomination
from network.governance.voting import log as election_log
from network.members.models import Office, Person, Role


def load_demo_elections() -> None:
    """Add the demo Chair election once (nominations open now, ballot in two weeks)."""
    if db.session.scalar(select(Election.id).limit(1)) is not None:
        return
    admin = db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT_ADMIN)
                              .order_by(Person.id).limit(1))
    offices = {o.slug: o for o in db.session.scalars(select(Office))}
    if admin is None or len(offices) < 4:
        return
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    election = Election(position="Chair of the Network 2027-2029", seats=1, term="Two years",
                        method=Method.IRV, returning_officer_id=admin.id,
                        nominations_open_at=now - timedelta(days=1),
                        nominations_close_at=now + timedelta(days=7),
                        ballot_open_at=now + timedelta(days=8),
                        ballot_close_at=now + timedelta(days=15), published_at=now)
    db.session.add(election)
    db.session.flush()
    election_log.append(election.id, "election.created", {"by": admin.email, "demo": True})
    election_log.append(election.id, "election.published", {"by": admin.email})
    wm = offices["west-midlands-combined-authority"]
    db.session.add(Nomination(
        election_id=election.id, candidate_office_id=wm.id, candidate_name=wm.mayor_name,
        proposer_office_id=offices["greater-london-authority"].id,
        seconder_office_id=offices["tees-valley-combined-authority"].id,
        nominated_by_id=admin.id, proposer_confirmed_at=now, seconder_confirmed_at=now,
        accepted_at=now, statement="I will put the network's case for **fiscal devolution** "
                                   "to every department, and report back at each meeting."))
    from network.governance.elections.services import sync_state

    sync_state(election)

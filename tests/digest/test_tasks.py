"""The scheduler's jobs do their work once, however often they run."""

from __future__ import annotations

from datetime import timedelta

import pytest

from network.db import utcnow
from network.digest import tasks
from network.digest.scheduler import build_scheduler
from network.email import OutboxEmail, queue_email
from network.governance.elections.models import ElectionStatus

pytestmark = pytest.mark.cast(offices=5)  # a roll of five voting offices


def test_scheduler_registers_each_job_once(app):
    scheduler = build_scheduler(app)
    assert sorted(job.id for job in scheduler.get_jobs()) == ["advance-elections",
                                                               "deliver-outbox"]
    assert str(scheduler.timezone) == "Europe/London"


def test_advance_elections_moves_timetables_on_and_is_idempotent(db, cast):
    election = cast.election("nominations", candidates=3)
    election.nominations_close_at = utcnow() - timedelta(minutes=1)
    election.ballot_open_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    assert tasks.advance_elections() == 1
    db.session.refresh(election)
    assert election.status == ElectionStatus.BALLOT_OPEN
    assert tasks.advance_elections() == 0


def test_deliver_outbox_with_no_server_keeps_mail_pending(app, db):
    app.config["MAIL_PORT"], saved = 1, app.config["MAIL_PORT"]
    try:
        queue_email("job-test", "someone@example.org", "Hello", "password_reset",
                    person=type("P", (), {"name": "Someone"})(), token="t")
        db.session.commit()
        assert tasks.deliver_outbox() == (0, 1)
    finally:
        app.config["MAIL_PORT"] = saved
    row = db.session.query(OutboxEmail).one()
    assert row.status == "pending" and row.attempts == 1 and row.last_error

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
    assert sorted(job.id for job in scheduler.get_jobs()) == [
        "advance-elections", "advance-motions", "apply-retention", "build-agenda-packs",
        "build-records-exports", "deadline-reminders", "deliver-outbox", "digest",
        "motion-vote-reminders", "overdue-actions", "overdue-queries", "papers-updated",
        "refresh-statistics", "vote-reminders"]
    assert scheduler.get_job("build-agenda-packs").trigger.interval == timedelta(
        seconds=app.config["PACK_BUILD_EVERY_SECONDS"])
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


def test_the_outbox_job_runs_as_often_as_its_setting_says(app, monkeypatch):
    from network.config import Defaults, Development

    assert Defaults.MAIL_DELIVER_EVERY_SECONDS == 60
    assert Development.MAIL_DELIVER_EVERY_SECONDS == 5, "links in the dev log within seconds"
    monkeypatch.setitem(app.config, "MAIL_DELIVER_EVERY_SECONDS", 5)
    job = build_scheduler(app).get_job("deliver-outbox")
    assert job.trigger.interval == timedelta(seconds=5)


def test_in_development_the_scheduler_writes_queued_email_with_its_link_to_the_log(
        app, db, monkeypatch, caplog):
    """`make run` starts the scheduler beside the web server: requests only queue, and this
    job puts the email (and so the invitation link) in the log the developer is watching."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "log")
    queue_email("dev-log", "grace@example.org", "Reset your password", "password_reset",
                person=type("P", (), {"name": "Grace"})(), token="the-token")
    db.session.commit()
    with caplog.at_level("WARNING"):
        assert tasks.deliver_outbox() == (1, 0)
    assert "http://portal.test/reset-password/the-token" in caplog.text
    assert db.session.query(OutboxEmail).one().status == "sent"

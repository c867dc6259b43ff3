"""The scheduler process: jobs in code with the right triggers, one run of a job at a time
across processes (a lock), `run-once --at`, and never inside a web worker."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from flask import current_app

from network.digest.locks import job_lock
from network.digest.scheduler import BY_ID, JOBS, build_scheduler, run_job
from tests.digest.helpers import next_monday, outbox

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_are_coalesced_single_instance_in_london_with_an_hour_of_grace(app):
    scheduler = build_scheduler(app)
    assert str(scheduler.timezone) == "Europe/London"
    for job in scheduler.get_jobs():
        assert job.coalesce is True and job.max_instances == 1, job.id
    digest = scheduler.get_job("digest")
    assert isinstance(digest.trigger, CronTrigger)
    assert str(digest.trigger.timezone) == "Europe/London"
    fields = {f.name: str(f) for f in digest.trigger.fields}
    assert fields["hour"] == "7" and fields["minute"] == "0"
    for daily in ("digest", "deadline-reminders", "overdue-actions", "overdue-queries"):
        assert scheduler.get_job(daily).misfire_grace_time == 3600, daily
    weekly = {f.name: str(f) for f in scheduler.get_job("overdue-actions").trigger.fields}
    assert weekly["day_of_week"] == "mon"
    outbox_job = scheduler.get_job("deliver-outbox")
    assert outbox_job.trigger.interval == timedelta(seconds=app.config[
        "MAIL_DELIVER_EVERY_SECONDS"])
    monday = next_monday()
    fire = digest.trigger.get_next_fire_time(None, monday - timedelta(minutes=1))
    assert fire == monday


def test_the_web_app_never_starts_or_imports_the_scheduler():
    code = ("import sys; from network import create_app; "
            "app = create_app({'ENV_NAME': 'testing', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'}); "
            "app.test_client().get('/health'); "
            "print('apscheduler' in ' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_building_the_scheduler_inside_a_request_is_refused(app):
    with app.test_request_context("/"), pytest.raises(RuntimeError):
        build_scheduler(app)


def test_a_job_run_holds_a_lock_so_a_second_scheduler_skips_it(app, db, cast):
    at = next_monday()
    with job_lock("digest") as taken:
        assert taken
        assert run_job(BY_ID["digest"], at) == (
            "digest: skipped, another scheduler process is running it")
        assert outbox("digest") == []
        with job_lock("digest") as again:
            assert not again
        with job_lock("deliver-outbox") as other:
            assert other, "each job has its own lock"
    assert run_job(BY_ID["digest"], at).startswith("digest: 0 digests queued")  # nothing to say
    with job_lock("digest") as after:
        assert after, "released after the run"


def test_a_lock_row_left_by_a_dead_process_expires(app, db, monkeypatch):
    from network.extensions import db as _db

    if _db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL's advisory lock ends with the dead process's connection")
    from network.db import utcnow
    from network.digest.models import SchedulerLock

    _db.session.add(SchedulerLock(job_id="digest", holder="dead:1", acquired_at=utcnow(),
                                  expires_at=utcnow() + timedelta(seconds=60)))
    _db.session.commit()
    with job_lock("digest") as taken:
        assert not taken
    _db.session.query(SchedulerLock).update({"expires_at": utcnow() - timedelta(seconds=1)})
    _db.session.commit()
    with job_lock("digest") as taken:
        assert taken


def test_run_once_at_a_time_prints_what_it_queued_and_twice_queues_once(app, db, cast):
    at = next_monday()
    days = (at.date() - cast["officer"].created_at.date()).days
    cast.meeting(days + 2)
    runner = current_app.test_cli_runner()
    when = f"{at:%Y-%m-%d %H:%M}"
    first = runner.invoke(args=["scheduler", "run-once", "digest", "--at", when])
    assert first.exit_code == 0, first.output
    rows = outbox("digest")
    assert rows and f"{len(rows)} emails queued" in first.output
    assert cast["lead_a"].email in first.output
    assert f"Your weekly digest for the week of {at:%-d %B %Y}" in first.output
    again = runner.invoke(args=["scheduler", "run-once", "digest", "--at", when])
    assert again.exit_code == 0 and "0 emails queued" in again.output
    assert f"{len(rows)} already queued" in again.output
    bad = runner.invoke(args=["scheduler", "run-once", "digest", "--at", "next tuesday"])
    assert bad.exit_code != 0 and "2027-03-01 07:00" in bad.output
    unknown = runner.invoke(args=["scheduler", "run-once", "coffee"])
    assert unknown.exit_code != 0 and "deliver-outbox" in unknown.output
    listing = runner.invoke(args=["scheduler", "list"])
    assert all(job.id in listing.output for job in JOBS)
    assert "every day at 07:00" in listing.output

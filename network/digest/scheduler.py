"""The scheduler process (`network scheduler`): APScheduler 3 in its own process, never in a
web worker, in the network's time zone (config TIMEZONE), each job run inside an app context
and under a lock (network/digest/locks.py), so two scheduler processes by mistake run each job
once at a time; every send is idempotent anyway (outbox keys)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app, has_request_context
from sqlalchemy import func, select

from network import planner
from network import time as network_time
from network.digest import tasks
from network.digest.locks import job_lock
from network.email import OutboxEmail
from network.extensions import db
from network.governance.elections import tasks as election_tasks
from network.governance.motions import tasks as motion_tasks
from network.records import tasks as records_tasks
from network.workplan.actions import tasks as action_tasks
from network.workplan.correspondence import tasks as correspondence_tasks
from network.workplan.items import tasks as item_tasks
from network.workplan.meetings import tasks as meeting_tasks

HOUR = 3600


@dataclass(frozen=True)
class Job:
    """A job: what it calls (with the local time it runs as), when, and what it is for."""

    id: str
    func: Callable[[datetime], object]
    when: dict  # {"every": seconds or the setting that holds them} or cron fields
    description: str
    misfire_grace: int = 60  # seconds late a run may still start; daily and weekly jobs: 1 h
    say: Callable[[object], str] = str  # the result in words

    def trigger(self, app: Flask, zone):
        """The APScheduler trigger in the network's time zone."""
        if "every" in self.when:
            every = self.when["every"]
            seconds = app.config[every] if isinstance(every, str) else every
            return IntervalTrigger(seconds=seconds, timezone=zone)
        return CronTrigger(timezone=zone, **self.when)

    def schedule(self) -> str:
        """When the job runs, in words."""
        if "every" in self.when:
            every = self.when["every"]
            seconds = current_app.config[every] if isinstance(every, str) else every
            return f"every {seconds} seconds"
        parts = self.when
        days = {"mon-fri": "Monday to Friday", "mon": "Mondays"}.get(
            parts.get("day_of_week", ""), "every day")
        if parts.get("hour") is None:
            return f"every hour at :{int(parts.get('minute', 0)):02d}"
        return f"{days} at {int(parts['hour']):02d}:{int(parts.get('minute', 0)):02d}"


JOBS = [
    Job("deliver-outbox", tasks.deliver_outbox, {"every": "MAIL_DELIVER_EVERY_SECONDS"},
        "send what the outbox holds; failed tries back off from 30 s to 2 h, 10 tries",
        say=lambda r: f"{r[0]} sent, {r[1]} failed"),
    Job("advance-elections", tasks.advance_elections, {"every": 60},
        "move published elections to the state their timetable gives",
        say=lambda moved: f"{moved} elections moved on"),
    Job("advance-motions", motion_tasks.advance_motions, {"every": 60},
        "open and close written-procedure votes at their times, and declare the results",
        say=lambda r: f"{r[0]} written votes opened, {r[1]} closed"),
    Job("build-agenda-packs", meeting_tasks.build_agenda_packs,
        {"every": "PACK_BUILD_EVERY_SECONDS"},
        "build the agenda packs publishing asked for; the first one announces the agenda",
        say=lambda built: f"{built} agenda packs built"),
    Job("papers-updated", meeting_tasks.notify_papers_updated, {"every": 300},
        "tell invitees when a published agenda's papers change"),
    Job("digest", tasks.send_digests, {"hour": 7, "minute": 0},
        "the forward-agenda digest: weekly people on Mondays, daily people on working days",
        misfire_grace=HOUR),
    Job("deadline-reminders", item_tasks.remind_deadlines,
        {"day_of_week": "mon-fri", "hour": 7, "minute": 30},
        "remind member offices two working days before an item submission deadline",
        misfire_grace=HOUR),
    Job("vote-reminders", election_tasks.remind_votes, {"minute": 0},
        "nominations and ballots closing within 24 hours, to offices that have not acted",
        misfire_grace=HOUR // 2),
    Job("motion-vote-reminders", motion_tasks.remind_motion_votes, {"minute": 5},
        "written-procedure votes closing within 24 hours, to offices that have not voted",
        misfire_grace=HOUR // 2),
    Job("overdue-actions", action_tasks.remind_overdue_actions,
        {"day_of_week": "mon", "hour": 8, "minute": 0},
        "weekly: each office's overdue actions, to the office", misfire_grace=HOUR),
    Job("overdue-queries", correspondence_tasks.remind_overdue_queries,
        {"day_of_week": "mon-fri", "hour": 8, "minute": 0},
        "queries past their due date, to their owner", misfire_grace=HOUR),
    Job("build-records-exports", lambda at: records_tasks.build_exports(),
        {"every": 60}, "build the hand-over exports the records page asked for",
        say=lambda built: f"{built} exports built"),
    Job("apply-retention", lambda at: records_tasks.apply_retention(),
        {"every": "RETENTION_EVERY_SECONDS"},
        "remove sign-in records and sent emails' bodies older than their retention periods",
        say=lambda removed: ", ".join(f"{n} {what} removed" for what, n in removed.items())),
    Job("refresh-statistics", lambda at: planner.refresh_statistics(),
        {"hour": 3, "minute": 15}, "refresh the query planner's statistics (ANALYZE)",
        misfire_grace=HOUR),
]
BY_ID = {job.id: job for job in JOBS}


def run_job(job: Job, at: datetime | None = None, raise_errors: bool = False) -> str:
    """Run one job as if at `at` (now by default), under its lock; a line saying what it did."""
    at = network_time.local(at) if at is not None else network_time.now()
    with job_lock(job.id) as taken:
        if not taken:
            return f"{job.id}: skipped, another scheduler process is running it"
        try:
            result = job.func(at)
            db.session.commit()
        except Exception:
            db.session.rollback()
            if raise_errors:
                raise
            current_app.logger.exception("scheduled job %s failed", job.id)
            return f"{job.id}: failed (see the log)"
    return f"{job.id}: {job.say(result)}"


def run_once(job_id: str, at: datetime | None = None) -> tuple[str, list[OutboxEmail]]:
    """Run a job once now or as if at `at`; its summary and the emails it queued."""
    newest = db.session.scalar(select(func.max(OutboxEmail.id))) or 0
    db.session.commit()
    summary = run_job(BY_ID[job_id], at, raise_errors=True)
    queued = list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.id > newest)
                                     .order_by(OutboxEmail.id)))
    return summary, queued


def _in_app(app: Flask, job: Job):
    def run():
        with app.app_context():
            line = run_job(job)
            app.logger.info("%s", line)

    run.__name__ = job.id.replace("-", "_")
    return run


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A blocking scheduler with every job: coalesced, one instance of each at a time."""
    if has_request_context():  # a web worker: rule 6, the scheduler runs in its own process
        raise RuntimeError("The scheduler runs in its own process (`network scheduler`)")
    zone = network_time.zone()
    scheduler = BlockingScheduler(timezone=zone)
    for job in JOBS:
        scheduler.add_job(_in_app(app, job), job.trigger(app, zone), id=job.id, name=job.id,
                          max_instances=1, coalesce=True, replace_existing=True,
                          misfire_grace_time=job.misfire_grace)
    return scheduler

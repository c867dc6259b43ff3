"""The scheduler process (`network scheduler`): APScheduler in its own process, never in web
workers, Europe/London time, each job inside an app context."""

from __future__ import annotations

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from network.digest import tasks
from network.records import tasks as records_tasks
from network.workplan.meetings import tasks as meeting_tasks

JOBS = [  # (job id, function, seconds between runs: a number or the setting that holds it)
    ("deliver-outbox", tasks.deliver_outbox, "MAIL_DELIVER_EVERY_SECONDS"),
    ("advance-elections", tasks.advance_elections, 60),
    ("build-agenda-packs", meeting_tasks.build_agenda_packs, "PACK_BUILD_EVERY_SECONDS"),
    ("build-records-exports", records_tasks.build_exports, 60),
    ("apply-retention", records_tasks.apply_retention, "RETENTION_EVERY_SECONDS"),
]


def _in_app(app: Flask, func):
    def run():
        with app.app_context():
            try:
                func()
            except Exception:  # noqa: BLE001 - one failed run must not stop the scheduler
                from network.extensions import db

                db.session.rollback()
                app.logger.exception("scheduled job %s failed", func.__name__)

    run.__name__ = func.__name__
    return run


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every job registered; one instance of each job at a time."""
    scheduler = BlockingScheduler(timezone="Europe/London")
    for job_id, func, every in JOBS:
        seconds = app.config[every] if isinstance(every, str) else every
        scheduler.add_job(_in_app(app, func), "interval", seconds=seconds, id=job_id,
                          max_instances=1, coalesce=True, replace_existing=True)
    return scheduler

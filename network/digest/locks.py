"""One run of a job at a time across every scheduler process: a PostgreSQL advisory lock held
on a connection of its own (released by the server if the process dies), or on SQLite a lock
row that expires (SCHEDULER_LOCK_SECONDS) should its holder die."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import sqlite

from network.db import utcnow
from network.digest.models import SchedulerLock
from network.extensions import db

HOLDER = f"{socket.gethostname()}:{os.getpid()}"


def lock_number(job_id: str) -> int:
    """A stable signed 64-bit number for the job's advisory lock."""
    return int.from_bytes(hashlib.sha256(f"scheduler:{job_id}".encode()).digest()[:8], "big",
                          signed=True)


@contextlib.contextmanager
def _advisory(job_id: str) -> Iterator[bool]:
    number = lock_number(job_id)
    with db.engine.connect() as conn:
        taken = bool(conn.scalar(select(func.pg_try_advisory_lock(number))))
        conn.commit()
        try:
            yield taken
        finally:
            if taken:
                conn.scalar(select(func.pg_advisory_unlock(number)))
                conn.commit()


@contextlib.contextmanager
def _lock_row(job_id: str) -> Iterator[bool]:
    now = utcnow()
    lease = timedelta(seconds=current_app.config["SCHEDULER_LOCK_SECONDS"])
    holder = f"{HOLDER}:{now.timestamp()}"
    insert = sqlite.insert(SchedulerLock).values(job_id=job_id, holder=holder, acquired_at=now,
                                                 expires_at=now + lease)
    # Take a free row, or an expired one; a live row of another holder stays as it is.
    db.session.execute(insert.on_conflict_do_update(
        index_elements=["job_id"], set_={"holder": holder, "acquired_at": now,
                                         "expires_at": now + lease},
        where=SchedulerLock.expires_at < now))
    db.session.commit()
    taken = db.session.scalar(select(SchedulerLock.holder).where(
        SchedulerLock.job_id == job_id)) == holder
    db.session.commit()
    try:
        yield taken
    finally:
        if taken:
            db.session.rollback()
            db.session.execute(delete(SchedulerLock).where(SchedulerLock.job_id == job_id,
                                                           SchedulerLock.holder == holder))
            db.session.commit()


def job_lock(job_id: str):
    """A context manager giving True if this process may run the job now, False if another
    scheduler process is running it."""
    if db.engine.dialect.name == "postgresql":
        return _advisory(job_id)
    return _lock_row(job_id)

"""The scheduler's lock rows: on SQLite, which has no advisory locks, one row per job run in
progress (PostgreSQL uses pg_try_advisory_lock instead and never writes here)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from network.extensions import db


class SchedulerLock(db.Model):
    """A job being run, by whom, and until when the claim holds if its holder died."""

    __tablename__ = "scheduler_lock"

    job_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]

"""Shared pieces of the digest and scheduler tests: the next Monday at 07:00, a query counter."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from network import time as network_time
from network.email import OutboxEmail
from network.extensions import db


def next_monday(weeks: int = 0):
    """07:00 London on the first Monday after today that is not a bank holiday (+ weeks)."""
    from network.workplan.meetings.working_days import is_working_day

    day = network_time.today() + timedelta(days=1)
    while day.weekday() != 0 or not is_working_day(day):
        day += timedelta(days=1)
    return network_time.at(day + timedelta(weeks=weeks), 7)


def outbox(kind: str | None = None) -> list[OutboxEmail]:
    """The outbox rows (of one kind), oldest first."""
    db.session.expire_all()
    query = select(OutboxEmail).order_by(OutboxEmail.id)
    if kind:
        query = query.where(OutboxEmail.kind == kind)
    return list(db.session.scalars(query))

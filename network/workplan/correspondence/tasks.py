"""What the scheduler calls for the correspondence log: queries past their due date, to their
owner (once per query and due date)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.email import queue_email
from network.extensions import db
from network.time import local
from network.workplan.correspondence.models import AWAITING, Correspondence


def remind_overdue_queries(at: datetime) -> str:
    """Email the owner of each query past its due date and not yet answered."""
    today = local(at).date()
    overdue = list(db.session.scalars(select(Correspondence).where(
        Correspondence.due_on.is_not(None), Correspondence.due_on < today,
        Correspondence.status.in_(AWAITING))
        .options(selectinload(Correspondence.owner)).order_by(Correspondence.due_on)))
    queued = 0
    for query in overdue:
        owner = query.owner
        if owner is None or not owner.is_active:
            continue
        queue_email(f"query-overdue:{query.id}:{query.due_on}:{owner.id}", owner.email,
                    f"Overdue: {query.subject}"[:300], "query_overdue", person=owner,
                    query=query)
        queued += 1
    return f"{queued} overdue-query reminders queued"

"""The digest's section of workstream status changes and new risks since the last digest
(the network's own management information: never to observers)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.digest_parts import Row, Section, Window, portal
from network.extensions import db
from network.members.models import Person
from network.members.policy import NETWORK
from network.workplan.workstreams.models import Risk, StatusUpdate, Workstream


def digest_workstreams(readers: list[Person], window: Window) -> dict[int, Section]:
    """Status changes and risks opened since the last digest: two queries for the batch."""
    readers = [r for r in readers if r.role in NETWORK]
    if not readers:
        return {}
    updates = db.session.execute(
        select(StatusUpdate, Workstream.name).join(Workstream,
                                                   StatusUpdate.workstream_id == Workstream.id)
        .where(StatusUpdate.at >= window.since).order_by(StatusUpdate.at)).all()
    risks = list(db.session.scalars(
        select(Risk).where(Risk.created_at >= window.since, Risk.is_open.is_(True))
        .options(selectinload(Risk.workstream)).order_by(Risk.created_at)))
    rows = [Row(f"{name}: "
                + (f"{u.previous_status.label} to {u.status.label}"
                   if u.previous_status and u.previous_status != u.status
                   else f"status {u.status.label}"),
                portal("workstreams.detail", workstream_id=u.workstream_id),
                u.commentary.splitlines()[0][:200] if u.commentary else "")
            for u, name in updates]
    rows += [Row(f"New risk in {r.workstream.name}: {r.description.splitlines()[0][:200]}",
                 portal("workstreams.detail", workstream_id=r.workstream_id),
                 f"likelihood {r.likelihood}, impact {r.impact}",
                 is_urgent=r.likelihood * r.impact >= 15) for r in risks]
    if not rows:
        return {}
    return {r.id: Section.of("Workstreams: status changes and new risks", rows,
                             portal("workstreams.index"), "All workstreams", 70)
            for r in readers}

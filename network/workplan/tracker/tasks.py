"""The digest's section of policy tracker entries added since the last digest (members and
the secretariat read the tracker; observers do not)."""

from __future__ import annotations

from sqlalchemy import select

from network.digest_parts import Row, Section, Window, portal
from network.extensions import db
from network.members.models import Person
from network.members.policy import NETWORK
from network.workplan.tracker.models import PolicyEntry


def digest_tracker(readers: list[Person], window: Window) -> dict[int, Section]:
    """New policy tracker entries: one query for the batch."""
    readers = [r for r in readers if r.role in NETWORK]
    if not readers:
        return {}
    entries = list(db.session.scalars(select(PolicyEntry).where(
        PolicyEntry.created_at >= window.since).order_by(PolicyEntry.published_on.desc(),
                                                         PolicyEntry.id)))
    rows = [Row(e.title, portal("tracker.detail", entry_id=e.id),
                f"{e.kind.label}, published {e.published_on:%-d %B %Y}") for e in entries]
    if not rows:
        return {}
    return {r.id: Section.of("New in the policy tracker", rows, portal("tracker.index"),
                             "The policy tracker", 80) for r in readers}

"""The digest's section of decisions recorded and minutes approved since the last digest, for
the people who may read them (members of invited offices and the secretariat)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network.digest_parts import Row, Section, Window, portal
from network.extensions import db
from network.governance.decisions.models import Decision
from network.members import policy
from network.members.models import Person
from network.members.policy import NETWORK
from network.workplan.meetings.models import Meeting
from network.workplan.meetings.rules import invited


def digest_decisions(readers: list[Person], window: Window) -> dict[int, Section]:
    """Decisions and approved minutes since the last digest: two queries for the batch (and
    the offices and observers of the meetings concerned)."""
    readers = [r for r in readers if r.role in NETWORK]
    if not readers:
        return {}
    decisions = list(db.session.scalars(
        select(Decision).where(Decision.recorded_at >= window.since)
        .options(selectinload(Decision.meeting).selectinload(Meeting.offices),
                 selectinload(Decision.meeting).selectinload(Meeting.observers))
        .order_by(Decision.recorded_at, Decision.id)))
    minutes = list(db.session.scalars(
        select(Meeting).where(Meeting.minutes_approved_at >= window.since)
        .options(selectinload(Meeting.offices), selectinload(Meeting.observers))
        .order_by(Meeting.minutes_approved_at)))
    sections = {}
    for reader in readers:
        rows = [Row(f"Decision {d.year}/{d.sequence}: {d.text.splitlines()[0][:200]}",
                    portal("decisions.detail", decision_id=d.id),
                    f"at {d.meeting.title}" if d.meeting_id else "by written procedure")
                for d in decisions if policy.can(reader, "decision.view", d)]
        rows += [Row(f"Minutes of {m.title} approved", portal("minutes.show", meeting_id=m.id))
                 for m in minutes if invited(reader, m)]
        if rows:
            sections[reader.id] = Section.of("Decisions and minutes since your last digest",
                                             rows, portal("decisions.index"),
                                             "The decisions register", 60)
    return sections

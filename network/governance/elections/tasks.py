"""What the scheduler calls for elections: reminders as nominations and ballots close (only to
offices that have not yet acted), and the digest's section of elections open to the office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from network.digest_parts import Row, Section, Window, portal
from network.email import queue_email
from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus, Nomination
from network.governance.voting.models import RollEntry
from network.members.models import Office, OfficeStatus, Person, Role
from network.members.policy import NETWORK
from network.time import show

SOON = timedelta(hours=24)
MEMBER_ROLES = (Role.MEMBER_LEAD, Role.MEMBER_STAFF)


def _member_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).where(Office.status == OfficeStatus.ACTIVE)
                                   .order_by(Office.id)))


def _closing(column, status: ElectionStatus, at: datetime) -> list[Election]:
    now = at.astimezone(UTC)
    return list(db.session.scalars(select(Election).where(
        Election.published_at.is_not(None), Election.status == status,
        column > now, column <= now + SOON).order_by(Election.id)))


def remind_votes(at: datetime) -> str:
    """Nominations closing within 24 hours: the leads of offices in no nomination yet.
    Ballots closing within 24 hours: the voter and substitute of offices that have not voted.
    Once per election and person."""
    queued = 0
    offices = _member_offices()
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.is_active.is_(True), Person.office_id.in_([o.id for o in offices])))}
    for election in _closing(Election.nominations_close_at, ElectionStatus.NOMINATIONS_OPEN, at):
        taking_part = set()
        for n in db.session.scalars(select(Nomination).where(
                Nomination.election_id == election.id, Nomination.withdrawn_at.is_(None))):
            taking_part |= {n.candidate_office_id, n.proposer_office_id, n.seconder_office_id}
        for person in people.values():
            if person.role == Role.MEMBER_LEAD and person.office_id not in taking_part:
                queue_email(f"nominations-closing:{election.id}:{person.id}", person.email,
                            f"Nominations close soon: {election.position}",
                            "nominations_closing", person=person, election=election)
                queued += 1
    for election in _closing(Election.ballot_close_at, ElectionStatus.BALLOT_OPEN, at):
        voted = set(db.session.scalars(select(RollEntry.office_id).where(
            RollEntry.election_id == election.id)))
        for office in offices:
            if office.id in voted:
                continue
            for person_id in {office.voter_id, office.substitute_id} - {None}:
                person = people.get(person_id)
                if person is None:
                    continue
                queue_email(f"ballot-closing:{election.id}:{person.id}", person.email,
                            f"Your office has not voted yet: {election.position}",
                            "ballot_closing", person=person, election=election, office=office)
                queued += 1
    return f"{queued} vote reminders queued"


def digest_elections(readers: list[Person], window: Window) -> dict[int, Section]:
    """Elections open for nominations or voting; for a member office, whether it has voted.
    Two queries for the batch."""
    readers = [r for r in readers if r.role in NETWORK]
    if not readers:
        return {}
    live = list(db.session.scalars(select(Election).where(
        Election.published_at.is_not(None),
        Election.status.in_([ElectionStatus.NOMINATIONS_OPEN, ElectionStatus.BALLOT_OPEN]))
        .order_by(Election.ballot_close_at)))
    if not live:
        return {}
    votes = select(RollEntry.election_id, RollEntry.office_id).where(
        RollEntry.election_id.in_([e.id for e in live]))
    voted = {tuple(row) for row in db.session.execute(votes)}
    sections = {}
    for reader in readers:
        rows = []
        for election in live:
            link = portal("elections.detail", election_id=election.id)
            if election.status == ElectionStatus.NOMINATIONS_OPEN:
                rows.append(Row(f"Nominations for {election.position}", link,
                                f"close {show(election.nominations_close_at)}"))
                continue
            has_voted = (election.id, reader.office_id) in voted
            detail = f"ballot closes {show(election.ballot_close_at)}"
            if reader.role in MEMBER_ROLES:
                detail += ("; your office has voted" if has_voted
                           else "; your office has not voted yet")
            rows.append(Row(f"Ballot for {election.position}", link, detail,
                            is_urgent=reader.role in MEMBER_ROLES and not has_voted))
        sections[reader.id] = Section.of("Elections and votes open now", rows,
                                         portal("elections.index"), "All elections", 50)
    return sections

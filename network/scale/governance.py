"""The generated governance: the Constitution (through its service), the decisions register
(some decisions superseding others), and elections: past ones with ballots, counted and declared
through the elections service; those ahead taking nominations or in draft."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

from network.db import clock_set_to
from network.extensions import db
from network.governance.elections import services as election_service
from network.governance.elections.models import Election, ElectionStatus, Method
from network.members.models import Person
from network.scale.bulk import Rows
from network.scale.members import Cast, name
from network.scale.workplan import TOPICS, Plan, start_of
from network.time import at

POSITIONS = ["Chair of the Network", "Vice-Chair of the Network", "Lead on transport",
             "Lead on skills", "Treasurer", "Member of the audit group"]


def build_decisions(rng: Random, count: int, rows: Rows, plan: Plan, cast: Cast) -> None:
    """Decisions at held meetings, numbered by year; about one in twenty supersedes an earlier
    one still in force."""
    meetings = {m["id"]: m for m in plan.meetings}
    sources = plan.decision_items or [(None, m["id"]) for m in plan.meetings[:1]]
    picks = sorted(sources[n % len(sources)] for n in range(count))
    picks.sort(key=lambda p: (meetings[p[1]]["starts_at"], p[0] or 0))
    sequence: dict[int, int] = {}
    in_force: list[int] = []
    for n, (item_id, meeting_id) in enumerate(picks):
        meeting = meetings[meeting_id]
        day = meeting["starts_at"].date()
        sequence[day.year] = sequence.get(day.year, 0) + 1
        supersedes = None
        if in_force and rng.random() < 0.05:
            supersedes = in_force.pop(rng.randrange(len(in_force)))
        decision_id = rows.add(
            year=day.year, sequence=sequence[day.year], meeting_id=meeting_id, item_id=item_id,
            text=f"The network agreed its position on {rng.choice(TOPICS)} ({n + 1}).",
            decided_on=day, recorded_by_id=cast.officer,
            recorded_at=meeting["ends_at"] + timedelta(minutes=40), supersedes_id=supersedes,
            supersede_reason="Replaced by a later decision" if supersedes else "")
        in_force.append(decision_id)


def _receipt(rng: Random) -> str:
    return f"{rng.getrandbits(64):016X}"


def build_elections(rng: Random, count: int, elections: Rows, nominations: Rows, roll: list,
                    papers: list, cast: Cast, today) -> list[int]:
    """Elections every five or six weeks over ten years; returns the ids to count."""
    now = start_of(today)
    first = today - timedelta(days=365 * 8)
    span = 365 * 10
    to_count = []
    for n in range(count):
        opens = at(first + timedelta(days=span * n // count), 9)
        close_nominations = opens + timedelta(days=14)
        ballot_open, ballot_close = opens + timedelta(days=16), opens + timedelta(days=23)
        method = rng.choice([Method.IRV, Method.IRV, Method.FPTP, Method.STV])
        seats = 2 if method == Method.STV else 1
        past = ballot_close < now
        draft = not past and rng.random() < 0.3
        if past:
            status = ElectionStatus.BALLOT_CLOSED
        elif draft or now < opens:  # published ahead of its nominations: still a draft
            status = ElectionStatus.DRAFT
        elif now < close_nominations:
            status = ElectionStatus.NOMINATIONS_OPEN
        elif now < ballot_open:
            status = ElectionStatus.NOMINATIONS_CLOSED
        else:
            status = ElectionStatus.BALLOT_OPEN
        election_id = elections.add(
            position=f"{rng.choice(POSITIONS)} {opens.year}", seats=seats, term="Two years",
            method=method, status=status, statement_word_limit=300,
            nominations_open_at=opens, nominations_close_at=close_nominations,
            ballot_open_at=ballot_open, ballot_close_at=ballot_close,
            returning_officer_id=cast.admin,
            published_at=None if draft else opens - timedelta(days=1),
            created_at=opens - timedelta(days=2))
        if draft:
            continue
        candidates = rng.sample(cast.offices, min(len(cast.offices), rng.choice([2, 3, 4])))
        ids = []
        for candidate in candidates:
            others = [o for o in cast.offices if o != candidate]
            proposer, seconder = (rng.sample(others, 2) if len(others) > 1
                                  else (others[0], others[0]))
            moment = opens + timedelta(days=2)
            ids.append(nominations.add(
                election_id=election_id, candidate_office_id=candidate,
                candidate_name=name(rng), proposer_office_id=proposer,
                seconder_office_id=seconder, nominated_by_id=cast.lead[candidate],
                proposer_confirmed_at=moment, seconder_confirmed_at=moment,
                accepted_at=moment, statement="I will put the network's case to government.",
                created_at=moment))
        if not past:
            continue
        for office_id in cast.offices:
            if rng.random() < 0.1:
                continue  # an office that did not vote
            roll.append({"id": f"{rng.getrandbits(128):032x}", "election_id": election_id,
                         "office_id": office_id, "receipt": _receipt(rng),
                         "cast_by_substitute": False})
            ranking = rng.sample(ids, rng.randrange(1, len(ids) + 1))
            papers.append({"id": f"{rng.getrandbits(128):032x}", "election_id": election_id,
                           "preferences": ranking})
        if rng.random() < 0.85:
            to_count.append(election_id)
    return to_count


def count_elections(election_ids: list[int], seed: int) -> None:
    """Count and declare through the elections service, half an hour after each close."""
    for election_id in election_ids:
        election = db.session.get(Election, election_id)
        officer = db.session.get(Person, election.returning_officer_id)
        moment: datetime = election.ballot_close_at + timedelta(minutes=30)
        with clock_set_to(moment):
            election_service.count_election(officer, election, f"scale-{seed}-{election_id}")
            election_service.declare_result(officer, election)


def establish_constitution() -> None:
    """Version 1 of the Constitution, through its service (the demo's text and rules)."""
    from network.governance.constitution.demo import load_demo_constitution

    load_demo_constitution()

"""Motions for tests, made through the services as the cast's secretariat officer, under a
version of the Constitution in force with the rules a test needs."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from network.db import utcnow
from network.extensions import db
from network.governance.constitution.decision_rules import (
    DecisionRule,
    DecisionType,
    Majority,
    MajorityBase,
    QuorumBasis,
    Recording,
)
from network.governance.motions import services
from network.workplan.minutes.models import Attendance, AttendanceStatus
from tests.governance.constitution_factories import version_in_force


def rule(majority=Majority.SIMPLE, base=MajorityBase.VOTES_CAST, quorum=Fraction(1, 2),
         basis=QuorumBasis.PRESENT, recording=Recording.BY_NAME, casting=None) -> DecisionRule:
    """A decision rule, simple majority of votes cast with a quorum of half by default."""
    return DecisionRule(quorum=quorum, quorum_basis=basis, majority=majority, base=base,
                        recording=recording, casting_vote_office_id=casting)


def in_force(ordinary: DecisionRule | None = None, **others):
    """A version in force whose ordinary-decision rule is `ordinary`. Committed."""
    rules = {DecisionType.ORDINARY: ordinary or rule()}
    rules.update({DecisionType(k): v for k, v in others.items()})
    version = version_in_force(rules)
    db.session.commit()
    return version


def written(cast, *, put: bool = True, opens_in=timedelta(0), hours: int = 48,
            title: str = "Joint letter"):
    """A motion in writing proposed by office a, seconded by office b; put to the vote (open
    now unless `opens_in` is later). Committed."""
    now = utcnow()
    motion = services.create_motion(cast["officer"], {
        "title": title, "text": "That the network writes jointly to the Secretary of State.",
        "proposer_office_id": cast["office_a"].id, "seconder_office_id": cast["office_b"].id,
        "decision_type": "ordinary", "method": "written",
        "opens_at": now + opens_in - timedelta(seconds=1),
        "closes_at": now + opens_in + timedelta(hours=hours)})
    if put:
        services.put_to_vote(cast["officer"], motion)
    db.session.commit()
    return motion


def at_meeting(cast, present: int, *, open_vote: bool = True):
    """A motion on the item of a held meeting at which the first `present` offices were
    recorded present (the rest absent); its vote opened. Committed."""
    meeting, item = cast.held_meeting()
    for n, entry in enumerate(cast["offices"]):
        db.session.add(Attendance(meeting_id=meeting.id, office_id=entry["office"].id,
                                  status=AttendanceStatus.IN_PERSON if n < present
                                  else AttendanceStatus.ABSENT))
    motion = services.create_motion(cast["officer"], {
        "title": "Devolution ask", "text": "That the network adopts the joint ask.",
        "proposer_office_id": cast["office_a"].id, "seconder_office_id": cast["office_b"].id,
        "decision_type": "ordinary", "method": "meeting", "item_id": item.id})
    if open_vote:
        services.put_to_vote(cast["officer"], motion)
    db.session.commit()
    return motion

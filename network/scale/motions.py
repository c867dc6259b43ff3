"""The generated motions, through the motions service: decided in writing over the last two
years (the offices' votes go into the box, the vote closes and the result is declared into the
register), amendments of the Constitution carried into new versions (each office's voter voting
through the service), and one vote still open, with votes cast through the service."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from network.db import clock_set_to
from network.extensions import db
from network.governance.constitution import services as constitution
from network.governance.constitution.decision_rules import Recording
from network.governance.constitution.demo import FOUNDED
from network.governance.motions import services as motion_service
from network.governance.motions.arithmetic import Choice
from network.governance.voting import motion_box
from network.members.models import Person
from network.scale.members import Cast
from network.scale.workplan import TOPICS
from network.time import at

# Clauses of the demo Constitution an amendment rewrites, in turn.
AMENDABLE = [("mayors-meeting", "Mayors\u2019 meetings",
              "The mayors meet at least {n} times a year. The Secretariat publishes the agenda "
              "and papers **five clear working days** before each meeting."),
             ("versions", "Versions",
              "Each adopted amendment makes a new consolidated version of this Constitution "
              "(amendment {n}). Earlier versions are kept unchanged.")]


def _person(person_id: int) -> Person:
    return db.session.get(Person, person_id)


def _vote_and_close(rng: Random, motion, cast: Cast, opens, close: bool,
                    for_share: float, one_by_one: bool = True) -> None:
    """Each office's voter votes (For with `for_share`; 1 means every office, For), ten
    minutes apart, through the motions service (`one_by_one`) or all at once into the box;
    then the vote closes at its time and the result is declared."""
    with clock_set_to(opens):
        motion_service.sync_state(motion)  # the vote opens at its time
    votes = []
    for hours, office_id in enumerate(cast.offices, start=1):
        if for_share == 1:
            choice = Choice.FOR
        elif rng.random() < 0.1:
            continue  # an office that did not vote
        else:
            choice = rng.choices(Choice.ALL, [for_share, 0.9 - for_share, 0.1])[0]
        if one_by_one:
            with clock_set_to(opens + timedelta(minutes=10 * hours)):
                motion_service.cast_vote(_person(cast.lead[office_id]), motion, choice)
        else:
            votes.append(motion_box.Cast(office_id, choice))
    if votes:
        secret = motion.decision_rule.recording == Recording.SECRET
        motion_box.record(motion.id, votes, secret=secret)
    if close:
        with clock_set_to(motion.closes_at + timedelta(minutes=1)):
            motion_service.close_vote(None, motion)


def _motion(cast: Cast, rng: Random, opens, data: dict):
    proposer, seconder = rng.sample(cast.offices, 2)
    officer = _person(cast.officer)
    with clock_set_to(opens - timedelta(hours=1)):
        motion = motion_service.create_motion(officer, {
            "proposer_office_id": proposer, "seconder_office_id": seconder,
            "method": "written", "opens_at": opens, "closes_at": opens + timedelta(days=3),
            **data})
        motion_service.put_to_vote(officer, motion)
    return motion


def build_motions(rng: Random, count: int, amendments: int, cast: Cast, today: date) -> int:
    """`count` motions in writing (the last one still open) and `amendments` amendments carried
    by motion; returns the number of motions made."""
    first = max(FOUNDED + timedelta(days=14), today - timedelta(days=730))
    last = today - timedelta(days=7)
    total = count + amendments
    every = max(1, (last - first).days // max(1, total))
    stride = max(1, (total - 1) // max(1, amendments))  # the last motion is the open one
    adopted = 0
    for n in range(total):
        day = first + timedelta(days=every * n)
        if n % stride == 0 and adopted < amendments:
            adopted += 1
            _amendment(rng, cast, at(day, 9), adopted)
        else:
            still_open = n == total - 1
            opens = at(today - timedelta(days=1), 9) if still_open else at(day, 9)
            topic = rng.choice(TOPICS)
            motion = _motion(cast, rng, opens, {
                "title": f"Joint letter on {topic}",
                "text": f"That the network writes jointly to the Secretary of State on {topic}.",
                "decision_type": "ordinary"})
            _vote_and_close(rng, motion, cast, opens, close=not still_open,
                            for_share=rng.choice([0.3, 0.7, 0.8]), one_by_one=still_open)
    return total


def _amendment(rng: Random, cast: Cast, opens, number: int) -> None:
    """Draft, propose and carry an amendment of one clause: a new version in force."""
    key, heading, text = AMENDABLE[number % len(AMENDABLE)]
    officer = _person(cast.officer)
    with clock_set_to(opens - timedelta(days=7)):
        amendment = constitution.draft_amendment(officer, title=f"Amendment {number}: {heading}")
        constitution.add_change(officer, amendment, "amend", {
            "clause_key": key, "heading": heading, "text": text.format(n=4 + number)})
        constitution.propose_amendment(officer, amendment)
    motion = _motion(cast, rng, opens, {
        "title": f"Adopt amendment {number} ({heading})",
        "text": "That the network adopts the amendment to its Constitution.",
        "decision_type": "amendment", "amendment_id": amendment.id})
    _vote_and_close(rng, motion, cast, opens, close=True, for_share=1)

"""Motions: votes in writing and by roll call decided under the rule kept when the vote
opened, declared once into the decisions register, refused bad input leaving nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.db import clock_set_to, utcnow
from network.errors import Conflict, Forbidden, ValidationFailed
from network.extensions import db
from network.governance.constitution.decision_rules import Majority, MajorityBase, Recording
from network.governance.decisions.models import Decision
from network.governance.motions import services, tasks
from network.governance.motions.models import Motion, MotionStatus
from network.governance.voting import log as vote_log
from network.governance.voting.models import MotionRollEntry, MotionVote, SealedMotionVote
from network.workplan.minutes.signals import decisions_for
from tests.governance.motion_helpers import at_meeting, in_force, rule, written

pytestmark = pytest.mark.cast(offices=5)


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (MotionRollEntry, MotionVote, SealedMotionVote))


def test_written_vote_is_declared_into_the_register_with_its_arithmetic(db, cast):
    in_force()
    motion = written(cast)
    assert motion.status == MotionStatus.OPEN and motion.membership == 5
    for key, choice in (("lead_a", "for"), ("staff_b", "for"), ("lead_c", "against"),
                        ("lead_d", "abstain")):
        assert services.cast_vote(cast[key], motion, choice)
        db.session.commit()
    assert [o.name for o in tasks.offices_yet_to_vote(motion)] == [cast["office_e"].name]
    with clock_set_to(motion.closes_at + timedelta(minutes=1)):
        assert tasks.advance_motions() == (0, 1)
    db.session.expire_all()
    motion = db.session.get(Motion, motion.id)
    assert motion.status == MotionStatus.CARRIED
    assert motion.result["sentence"] == ("2 For of 3 votes cast (1 abstaining): a simple "
                                         "majority (more than half) needed, 2 required: carried")
    decision = db.session.get(Decision, motion.decision_id)
    assert decision.meeting_id is None and decision.item_id is None
    assert "Carried: the motion ‘Joint letter’" in decision.text
    assert "2 For of 3 votes cast" in decision.text
    ok, message = vote_log.motion_verify(motion.id)
    actions = [e.action for e in vote_log.motion_entries(motion.id)]
    assert ok, message
    assert actions == ["vote.opened", "roll.voted", "roll.voted", "roll.voted", "roll.voted",
                       "vote.closed", "result.declared"]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "motion.declared")) == 1


def test_a_later_amendment_does_not_change_an_open_vote(db, cast):
    in_force(rule(Majority.SIMPLE, MajorityBase.VOTES_CAST))
    motion = written(cast)
    in_force(rule(Majority.UNANIMITY, MajorityBase.MEMBERSHIP))  # adopted while voting
    for key, choice in (("lead_a", "for"), ("lead_b", "for"), ("lead_c", "against")):
        services.cast_vote(cast[key], motion, choice)
        db.session.commit()
    services.close_vote(None, motion, motion.closes_at)
    db.session.commit()
    assert motion.status == MotionStatus.CARRIED
    assert motion.decision_rule.majority == Majority.SIMPLE


def test_the_rule_is_taken_when_the_vote_opens_not_when_it_is_put(db, cast):
    in_force(rule(Majority.SIMPLE))
    motion = written(cast, opens_in=timedelta(hours=2))
    assert motion.status == MotionStatus.DRAFT and motion.rule is None
    in_force(rule(Majority.TWO_THIRDS, MajorityBase.MEMBERSHIP))
    with clock_set_to(motion.opens_at + timedelta(minutes=1)):
        assert tasks.advance_motions() == (1, 0)
    db.session.expire_all()
    assert db.session.get(Motion, motion.id).decision_rule.majority == Majority.TWO_THIRDS


def test_secret_votes_keep_no_office_and_are_sealed_until_the_close(db, cast):
    in_force(rule(recording=Recording.SECRET))
    motion = written(cast)
    for key, choice in (("lead_a", "for"), ("lead_b", "against"), ("lead_c", "for")):
        services.cast_vote(cast[key], motion, choice)
        db.session.commit()
    assert _counts() == (3, 0, 3)  # on the roll; the votes sealed
    services.close_vote(cast["officer"], motion, motion.closes_at)
    db.session.commit()
    assert _counts() == (3, 3, 0)
    votes = db.session.scalars(select(MotionVote)).all()
    assert {v.office_id for v in votes} == {None}
    assert sorted(v.choice for v in votes) == ["against", "for", "for"]
    assert motion.status == MotionStatus.CARRIED
    cast_audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "motion.vote_cast")).all()
    assert all("choice" not in (e.after or {}) for e in cast_audit)


def test_a_tie_carries_only_on_the_casting_vote(db, cast):
    in_force(rule(casting=cast["office_a"].id))
    motion = written(cast)
    for key, choice in (("lead_a", "for"), ("lead_b", "against"), ("lead_c", "for"),
                        ("lead_d", "against")):
        services.cast_vote(cast[key], motion, choice)
        db.session.commit()
    services.close_vote(None, motion, motion.closes_at)
    db.session.commit()
    assert motion.status == MotionStatus.CARRIED
    assert motion.result["casting_vote"] == "for"
    assert "casting vote (For)" in motion.result["sentence"]


def test_roll_call_at_a_meeting_is_checked_against_attendance_and_minuted(db, cast):
    in_force()
    motion = at_meeting(cast, present=3)
    absent = cast["office_e"].id
    with pytest.raises(ValidationFailed, match="recorded as present"):
        services.record_roll_call(cast["officer"], motion, {absent: "for"})
    db.session.rollback()
    assert _counts() == (0, 0, 0)
    motion = db.session.get(Motion, motion.id)
    votes = {cast["office_a"].id: "for", cast["office_b"].id: "against",
             cast["office_c"].id: "against"}
    services.record_roll_call(cast["officer"], motion, votes)
    db.session.commit()
    assert motion.status == MotionStatus.NOT_CARRIED
    assert motion.result["sentence"].startswith("1 For of 3 votes cast")
    decision = db.session.get(Decision, motion.decision_id)
    assert decision.item_id == motion.item_id
    meeting = services.meeting_of(motion)
    assert [d.reference for d in decisions_for(meeting)] == [decision.reference]
    with pytest.raises(Conflict):
        services.record_roll_call(cast["officer"], motion, votes)


def test_a_meeting_short_of_its_quorum_cannot_decide(db, cast):
    in_force()
    motion = at_meeting(cast, present=2)  # 2 of 5 present; 3 needed
    with pytest.raises(Conflict, match="not quorate"):
        services.record_roll_call(cast["officer"], motion, {cast["office_a"].id: "for"})
    db.session.rollback()
    assert _counts() == (0, 0, 0)
    assert db.session.get(Motion, motion.id).status == MotionStatus.OPEN


def test_bad_votes_are_refused_and_nothing_is_saved(db, cast):
    in_force()
    motion = written(cast)
    refusals = [
        (cast["admin"], "for", Forbidden),        # no office
        (cast["officer"], "for", Forbidden),
        (cast["lead_a"], "maybe", ValidationFailed),
        (cast["lead_a"], "for\x00", ValidationFailed),
    ]
    cast["office_c"].substitute_id = None
    db.session.commit()
    refusals.append((cast["staff_c"], "for", Forbidden))  # no longer the substitute
    for person, choice, error in refusals:
        with pytest.raises(error):
            services.cast_vote(person, motion, choice)
        db.session.rollback()
    assert _counts() == (0, 0, 0)
    services.cast_vote(cast["lead_a"], motion, "for")
    db.session.commit()
    with pytest.raises(Conflict, match="already voted"):
        services.cast_vote(cast["staff_a"], motion, "against")
    db.session.rollback()
    assert _counts() == (1, 1, 0)


def test_no_vote_outside_the_window(db, cast):
    in_force()
    later = written(cast, opens_in=timedelta(hours=3), title="Later")
    with pytest.raises(Conflict, match="Voting opens on"):
        services.cast_vote(cast["lead_a"], later, "for")
    db.session.rollback()
    motion = written(cast)
    with clock_set_to(motion.closes_at + timedelta(seconds=1)), pytest.raises(
            Conflict, match="closed"):
        services.cast_vote(cast["lead_a"], db.session.get(Motion, motion.id), "for")
    db.session.rollback()
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(("change", "message"), [
    ({"seconder_office_id": None}, "needs a seconder"),
    ({"seconder_office_id": "same"}, "different office"),
    ({"title": "Letter\x00"}, "control characters"),
    ({"title": ""}, "Enter the title"),
    ({"decision_type": "tampered"}, "Choose the type"),
    ({"closes_at": "opens"}, "close after it opens"),
    ({"proposer_office_id": 2**31 - 1}, "proposer office"),
])
def test_bad_motions_are_refused_and_nothing_is_saved(db, cast, change, message):
    now = utcnow()
    data = {"title": "Letter", "text": "That we write.",
            "proposer_office_id": cast["office_a"].id,
            "seconder_office_id": cast["office_b"].id, "decision_type": "ordinary",
            "method": "written", "opens_at": now, "closes_at": now + timedelta(days=1)}
    data.update(change)
    if data["seconder_office_id"] == "same":
        data["seconder_office_id"] = cast["office_a"].id
    if data["closes_at"] == "opens":
        data["closes_at"] = now
    with pytest.raises(ValidationFailed, match=message):
        services.create_motion(cast["officer"], data)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Motion)) == 0


def test_a_member_proposes_only_for_its_own_office(db, cast):
    now = utcnow()
    data = {"title": "Letter", "text": "That we write.",
            "proposer_office_id": cast["office_b"].id,
            "seconder_office_id": cast["office_c"].id, "decision_type": "ordinary",
            "method": "written", "opens_at": now, "closes_at": now + timedelta(days=1)}
    with pytest.raises(ValidationFailed, match="Your office is the proposer"):
        services.create_motion(cast["lead_a"], data)
    db.session.rollback()
    motion = services.create_motion(cast["lead_a"], {**data,
                                                     "proposer_office_id": cast["office_a"].id})
    assert motion.status == MotionStatus.DRAFT


def test_a_declared_result_is_never_changed(db, cast):
    in_force()
    motion = written(cast)
    services.cast_vote(cast["lead_a"], motion, "for")
    services.close_vote(None, motion, motion.closes_at)
    db.session.commit()
    motion.result = {**motion.result, "carried": False}
    with pytest.raises(Conflict, match="never changed"):
        db.session.flush()
    db.session.rollback()
    vote = db.session.scalars(select(MotionVote)).one()
    vote.choice = "against"
    with pytest.raises(Conflict, match="never changed"):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(Conflict):
        services.withdraw_motion(cast["officer"], db.session.get(Motion, motion.id))


def test_open_motions_for_an_office_for_the_digest(db, cast):
    in_force()
    motion = written(cast)
    services.cast_vote(cast["lead_a"], motion, "for")
    db.session.commit()
    assert [(m.id, voted) for m, voted in tasks.open_motions_for_office(
        cast["office_a"].id)] == [(motion.id, True)]
    assert [(m.id, voted) for m, voted in tasks.open_motions_for_office(
        cast["office_b"].id)] == [(motion.id, False)]

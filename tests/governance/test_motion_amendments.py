"""A motion that puts an amendment: made, the amendment is put; carried by two-thirds of all
member offices, the amendment is adopted as a new version linked to the motion and decision;
not carried, it is rejected and the Constitution stays as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from network.db import utcnow
from network.errors import Conflict
from network.extensions import db
from network.governance.constitution import queries as cq
from network.governance.constitution import services as constitution
from network.governance.constitution.models import AmendmentStatus
from network.governance.motions import services
from network.governance.motions.models import Motion, MotionStatus
from tests.governance.constitution_factories import version_in_force

pytestmark = pytest.mark.cast(offices=6)


def _amendment_motion(cast):
    base = version_in_force(effective_from=date(2024, 6, 3))  # the demo rules: 2/3 of all
    amendment = constitution.draft_amendment(cast["officer"], title="Written procedure")
    constitution.add_change(cast["officer"], amendment, "amend", {
        "clause_key": "written-procedure", "heading": "Written procedure",
        "text": "Between meetings the Secretariat may put a motion in writing."})
    constitution.propose_amendment(cast["officer"], amendment)
    now = utcnow()
    motion = services.create_motion(cast["officer"], {
        "title": "Amend the written procedure", "text": "That the network adopts it.",
        "proposer_office_id": cast["office_a"].id, "seconder_office_id": cast["office_b"].id,
        "decision_type": "amendment", "method": "written", "amendment_id": amendment.id,
        "opens_at": now - timedelta(seconds=1), "closes_at": now + timedelta(days=3)})
    services.put_to_vote(cast["officer"], motion)
    db.session.commit()
    return base, amendment, motion


def _vote(cast, motion, choices):
    for entry, choice in zip(cast["offices"], choices, strict=False):
        services.cast_vote(entry["lead"], motion, choice)
        db.session.commit()
    services.close_vote(cast["officer"], db.session.get(Motion, motion.id), motion.closes_at)
    db.session.commit()
    return db.session.get(Motion, motion.id)


def test_carried_by_two_thirds_of_all_offices_adopts_a_new_version(db, cast):
    base, amendment, motion = _amendment_motion(cast)
    assert cq.amendment_with_changes(amendment.id).status == AmendmentStatus.PUT
    motion = _vote(cast, motion, ["for", "for", "for", "for", "against", "abstain"])
    assert motion.status == MotionStatus.CARRIED
    assert motion.result["sentence"] == ("4 For of 6 member offices (1 abstaining): "
                                         "two-thirds needed, 4 required: carried")
    amendment = cq.amendment_with_changes(amendment.id)
    assert amendment.status == AmendmentStatus.ADOPTED
    assert amendment.decision_id == motion.decision_id and amendment.motion_id == motion.id
    current = cq.version_in_force()
    assert current.id == amendment.adopted_version_id != base.id
    assert (current.motion_id, current.decision_id) == (motion.id, motion.decision_id)


def test_three_of_six_is_short_of_two_thirds_and_the_amendment_is_rejected(db, cast):
    base, amendment, motion = _amendment_motion(cast)
    motion = _vote(cast, motion, ["for", "for", "for", "against", "abstain"])
    assert motion.status == MotionStatus.NOT_CARRIED
    assert motion.result["required"] == 4
    assert cq.amendment_with_changes(amendment.id).status == AmendmentStatus.REJECTED
    assert cq.version_in_force().id == base.id


def test_an_amendment_is_put_to_one_motion_only(db, cast):
    _, amendment, _ = _amendment_motion(cast)
    now = utcnow()
    with pytest.raises(Conflict):
        services.create_motion(cast["officer"], {
            "title": "Again", "text": "That the network adopts it.",
            "proposer_office_id": cast["office_a"].id,
            "seconder_office_id": cast["office_b"].id, "decision_type": "amendment",
            "method": "written", "amendment_id": amendment.id, "opens_at": now,
            "closes_at": now + timedelta(days=1)})


def test_withdrawing_the_motion_lets_the_amendment_be_put_again(db, cast):
    _, amendment, motion = _amendment_motion(cast)
    services.withdraw_motion(cast["officer"], motion)
    db.session.commit()
    amendment = cq.amendment_with_changes(amendment.id)
    assert (amendment.status, amendment.motion_id) == (AmendmentStatus.PROPOSED, None)
    assert cq.amendment_ready_to_put(amendment) is None

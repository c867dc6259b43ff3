"""Motions' rules in the policy table: who sees, proposes, runs and votes on a motion."""

from __future__ import annotations

from sqlalchemy import false, or_, true

from network.governance.motions.models import Motion, MotionMethod, MotionStatus
from network.governance.voting.rules import is_office_voter, office_vote_reason
from network.members.policy import (
    MEMBERS,
    NETWORK,
    SECRETARIAT,
    Reason,
    explain,
    office_of,
    register,
    register_roles,
    role_of,
)
from network.time import show


def _own_draft(principal, motion) -> bool:
    return (role_of(principal) in MEMBERS and motion is not None
            and motion.status == MotionStatus.DRAFT
            and office_of(principal) in (motion.proposer_office_id, motion.seconder_office_id))


def _view(principal, motion) -> bool:
    """The secretariat; members see motions once put to the vote, and their own drafts."""
    if role_of(principal) in SECRETARIAT:
        return True
    return role_of(principal) in MEMBERS and motion is not None and (
        motion.status != MotionStatus.DRAFT or motion.put_at is not None
        or _own_draft(principal, motion))


def _view_clause(principal):
    if role_of(principal) in SECRETARIAT:
        return true()
    if role_of(principal) not in MEMBERS:
        return false()
    office_id = office_of(principal)
    return or_(Motion.status != MotionStatus.DRAFT.value, Motion.put_at.is_not(None),
               Motion.proposer_office_id == office_id, Motion.seconder_office_id == office_id)


def _edit(principal, motion) -> bool:
    """The secretariat, and the proposer or seconder office, while it is a draft."""
    if motion is None or motion.status != MotionStatus.DRAFT or motion.put_at is not None:
        return False
    return role_of(principal) in SECRETARIAT or _own_draft(principal, motion)


register_roles({"motion.list": NETWORK, "motion.propose": NETWORK,
                "motion.manage": SECRETARIAT})
register("motion.view", _view, _view_clause)
register("motion.edit", _edit)
register("motion.vote", is_office_voter,
         description="The office's designated voter or its substitute, for their own office")


def why_not_vote(principal, motion, office=None) -> Reason | None:
    """Why a member of `office` (the principal's own) cannot vote on this motion now."""
    if role_of(principal) not in MEMBERS or office is None or motion is None or (
            motion.method != MotionMethod.WRITTEN):
        return None
    if motion.status == MotionStatus.DRAFT and motion.put_at is not None:
        return Reason(f"Voting opens on {show(motion.opens_at)}.")
    if motion.status != MotionStatus.OPEN:
        return None
    return office_vote_reason(principal, office, "on this motion")


explain("motion.vote", why_not_vote)

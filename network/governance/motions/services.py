"""Motions: drafting, putting to the vote, votes in writing and by roll call, the declaration.

A vote opens with the rule for its decision type in force at that moment (at a meeting: when
the meeting began), kept on the motion with the version of the Constitution it came from and
the number of member offices, so a later amendment never changes an open vote. The result is
declared once, entered in the decisions register, and never edited; a motion on an amendment
adopts or rejects the amendment as it carries or not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from network import audit
from network.db import utcnow
from network.errors import Conflict, Forbidden, ValidationFailed
from network.extensions import db
from network.governance.constitution import queries as constitution
from network.governance.constitution.decision_rules import DecisionType, Recording
from network.governance.decisions.services import record_vote_decision
from network.governance.motions import arithmetic
from network.governance.motions.arithmetic import Choice
from network.governance.motions.models import (
    DECLARED,
    Motion,
    MotionMethod,
    MotionStatus,
)
from network.governance.voting import log as vote_log
from network.governance.voting import motion_box
from network.governance.voting.models import MotionRollEntry, MotionVote
from network.inputs import clean_text
from network.members import policy
from network.members.models import Office, OfficeStatus, Person
from network.time import local_date, show
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting
from network.workplan.minutes.models import Attendance
from network.workplan.minutes.services import PRESENT, RECORDABLE

S = MotionStatus
FIELDS = ["title", "text", "proposer_office_id", "seconder_office_id", "decision_type",
          "method", "item_id", "amendment_id", "opens_at", "closes_at"]
MAX_TEXT = 20_000


# --- drafting --------------------------------------------------------------------------------

def _text(value, field: str, what: str, limit: int) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(f"Enter {what}", field)
    if clean_text(text) != text or "\x00" in text:
        raise ValidationFailed(f"The {what.removeprefix('the ')} must not contain control "
                               "characters", field)
    if len(text) > limit:
        raise ValidationFailed(f"The {what.removeprefix('the ')} must be {limit} characters "
                               "or fewer", field)
    return text


def _active_office(office_id, field: str, what: str) -> Office:
    office = db.session.get(Office, office_id) if isinstance(office_id, int) else None
    if office is None or office.status != OfficeStatus.ACTIVE:
        raise ValidationFailed(f"Choose the {what} from the list of member offices in good "
                               "standing", field)
    return office


def _amendment(amendment_id):
    from network.governance.constitution.models import Amendment

    amendment = db.session.get(Amendment, amendment_id) if isinstance(amendment_id, int) else None
    if amendment is None:
        raise ValidationFailed("Choose the amendment from the list", "amendment_id")
    return amendment


def _checked(actor: Person, data: dict, motion: Motion | None = None) -> dict:
    clean = {"title": _text(data.get("title"), "title", "the title", 200),
             "text": _text(data.get("text"), "text", "the text of the motion", MAX_TEXT)}
    proposer = _active_office(data.get("proposer_office_id"), "proposer_office_id",
                              "proposer office")
    if data.get("seconder_office_id") in (None, ""):
        raise ValidationFailed("Choose the seconder office: a motion needs a seconder",
                               "seconder_office_id")
    seconder = _active_office(data.get("seconder_office_id"), "seconder_office_id",
                              "seconder office")
    if seconder.id == proposer.id:
        raise ValidationFailed("The seconder must be a different office from the proposer",
                               "seconder_office_id")
    if not policy.can(actor, "motion.manage") and proposer.id != actor.office_id:
        raise ValidationFailed("Your office is the proposer of the motions it proposes",
                               "proposer_office_id")
    try:
        clean["decision_type"] = DecisionType(data.get("decision_type"))
        clean["method"] = MotionMethod(data.get("method"))
    except ValueError:
        raise ValidationFailed("Choose the type of decision and how it is decided from the "
                               "lists", "decision_type") from None
    clean.update(proposer_office_id=proposer.id, seconder_office_id=seconder.id, item_id=None,
                 amendment_id=None, opens_at=None, closes_at=None)
    if clean["method"] == MotionMethod.MEETING:
        item = db.session.get(AgendaItem, data["item_id"]) if isinstance(
            data.get("item_id"), int) else None
        if item is None or not item.is_on_agenda:
            raise ValidationFailed("Choose the agenda item the meeting decides the motion on",
                                   "item_id")
        clean["item_id"] = item.id
    else:
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if not isinstance(opens, datetime) or not isinstance(closes, datetime):
            raise ValidationFailed("Enter when voting opens and closes", "opens_at")
        if closes <= opens:
            raise ValidationFailed("Voting must close after it opens", "closes_at")
        clean.update(opens_at=opens, closes_at=closes)
    if data.get("amendment_id") not in (None, ""):
        amendment = _amendment(data["amendment_id"])
        if clean["decision_type"] != DecisionType.AMENDMENT:
            raise ValidationFailed("A motion on an amendment is a constitutional amendment: "
                                   "choose that type of decision", "decision_type")
        other = db.session.scalar(select(Motion).where(
            Motion.amendment_id == amendment.id, Motion.status.not_in([S.WITHDRAWN.value]),
            Motion.id != (motion.id if motion else 0)).limit(1))
        if other is not None:
            raise Conflict(f"{amendment.reference} is already put in the motion "
                           f"‘{other.title}’", "amendment_id")
        clean["amendment_id"] = amendment.id
    return clean


def create_motion(actor: Person, data: dict) -> Motion:
    """Draft a motion: the secretariat for any offices, a member for its own office."""
    policy.require(actor, "motion.propose")
    clean = _checked(actor, data)
    motion = Motion(**clean, created_by_id=actor.id, status=S.DRAFT)
    db.session.add(motion)
    db.session.flush()
    if motion.amendment_id is not None:  # the amendment is now put to this motion
        from network.governance.constitution import services as constitution_services

        constitution_services.put_amendment(_amendment(motion.amendment_id),
                                            motion_id=motion.id, actor=actor)
    audit.record("motion.created", actor=actor, obj=motion, after=audit.changes(motion, FIELDS))
    return motion


def update_motion(actor: Person, motion: Motion, data: dict) -> Motion:
    """Change a draft that has not been put to the vote."""
    policy.require(actor, "motion.edit", motion)
    clean = _checked(actor, data, motion)
    if clean["amendment_id"] != motion.amendment_id:
        raise ValidationFailed("The amendment a motion puts cannot be changed: withdraw the "
                               "motion and draft a new one", "amendment_id")
    before = audit.changes(motion, FIELDS)
    for key, value in clean.items():
        setattr(motion, key, value)
    db.session.flush()
    audit.record("motion.updated", actor=actor, obj=motion, before=before,
                 after=audit.changes(motion, FIELDS))
    return motion


def withdraw_motion(actor: Person, motion: Motion) -> Motion:
    """Withdraw a motion before any office has voted on it."""
    if not (policy.can(actor, "motion.manage") or policy.can(actor, "motion.edit", motion)):
        raise Forbidden("You do not have permission to do that")
    if motion.status not in (S.DRAFT, S.OPEN) or motion_box.roll_count(motion.id):
        raise Conflict("A motion can be withdrawn only before any office has voted on it")
    motion.status, motion.withdrawn_at = S.WITHDRAWN, utcnow()
    audit.record("motion.withdrawn", actor=actor, obj=motion)
    if motion.amendment_id is not None:  # the amendment goes back to waiting for a motion
        from network.governance.constitution.models import AmendmentStatus

        amendment = _amendment(motion.amendment_id)
        if amendment.status == AmendmentStatus.PUT:
            amendment.status, amendment.motion_id = AmendmentStatus.PROPOSED, None
            audit.record("amendment.motion_withdrawn", actor=actor, obj=amendment,
                         label=amendment.reference, before={"status": "put"},
                         after={"status": "proposed"})
    if motion.opened_at:
        vote_log.motion_append(motion.id, "motion.withdrawn", {"by": actor.email})
    return motion


# --- opening ---------------------------------------------------------------------------------

def _membership() -> int:
    return db.session.scalar(select(func.count()).select_from(Office)
                             .where(Office.status == OfficeStatus.ACTIVE)) or 0


def meeting_of(motion: Motion) -> Meeting:
    """The meeting whose agenda item decides a motion at a meeting."""
    item = db.session.get(AgendaItem, motion.item_id)
    return db.session.get(Meeting, item.meeting_id)


def _open(motion: Motion, actor: Person | None, at: datetime) -> Motion:
    """Open the vote: keep the rule in force at `at`, its version and the membership."""
    rule = constitution.rules_in_force(motion.decision_type, at)
    version = constitution.version_in_force(local_date(at))
    motion.rule, motion.constitution_version_id = rule.to_dict(), version.id
    motion.membership = _membership()
    motion.status, motion.opened_at = S.OPEN, utcnow()
    flag_modified(motion, "status")  # a page may have shown it open already (queries.py)
    audit.record("motion.vote_opened", actor=actor, obj=motion,
                 actor_label="" if actor else "scheduler",
                 after={"rule": motion.rule, "constitution_version": version.number,
                        "membership": motion.membership})
    vote_log.motion_append(motion.id, "vote.opened", {
        "by": actor.email if actor else "scheduler", "rule": motion.rule,
        "constitution_version": version.number, "membership": motion.membership,
        "method": motion.method.value})
    return motion


def put_to_vote(actor: Person, motion: Motion) -> Motion:
    """Put a draft to the vote: at a held meeting the vote opens now, under the rules in force
    when the meeting began; in writing, at its opening time (now, if that has come)."""
    policy.require(actor, "motion.manage", motion)
    if motion.status != S.DRAFT or motion.put_at is not None:
        raise Conflict("This motion has already been put to the vote")
    now = utcnow()
    motion.put_at = now
    if motion.method == MotionMethod.MEETING:
        meeting = meeting_of(motion)
        if meeting.status not in RECORDABLE:
            raise Conflict("The vote at a meeting opens once the meeting is marked as held, "
                           "with its attendance recorded")
        return _open(motion, actor, meeting.starts_at)
    if motion.closes_at <= now:
        raise ValidationFailed("Voting would already have closed: change the closing time to "
                               "a time in the future", "closes_at")
    audit.record("motion.put_to_vote", actor=actor, obj=motion,
                 after={"opens_at": motion.opens_at.isoformat(),
                        "closes_at": motion.closes_at.isoformat()})
    if motion.opens_at <= now:
        _open(motion, actor, now)
    return motion


def sync_state(motion: Motion, now: datetime | None = None) -> Motion:
    """Open a written vote whose opening time has come (idempotent; closing is `close_vote`)."""
    now = now or utcnow()
    if (motion.method == MotionMethod.WRITTEN and motion.opened_at is None
            and motion.status in (S.DRAFT, S.OPEN)  # OPEN: as a page shows it, not yet stored
            and motion.put_at is not None and motion.opens_at <= now):
        _open(motion, None, motion.opens_at)
    return motion


# --- voting ----------------------------------------------------------------------------------

def _choice(choice) -> str:
    if choice not in Choice.ALL:
        raise ValidationFailed("Choose For, Against or Abstain", "choice")
    return choice


def cast_vote(actor: Person, motion: Motion, choice: str) -> str:
    """The office's one vote in writing, by its voter or substitute; returns the receipt.

    The roll entry and the vote go in together and the unique (motion, office) key refuses a
    second one, so voter and substitute voting at the same moment give exactly one vote."""
    sync_state(motion)
    if motion.method != MotionMethod.WRITTEN:
        raise Conflict("This motion is decided at a meeting, by roll call")
    now = utcnow()
    if motion.status != S.OPEN or not motion.opens_at <= now < motion.closes_at:
        when = (f"Voting opens on {show(motion.opens_at)}" if motion.opens_at
                and now < motion.opens_at else "Voting on this motion is closed")
        raise Conflict(f"{when}. A vote can be cast only while voting is open.")
    office = db.session.get(Office, actor.office_id) if actor.office_id else None
    if office is None or not policy.can(actor, "motion.vote", office):
        raise Forbidden("Only your office's designated voter or substitute can vote")
    if office.status != OfficeStatus.ACTIVE:
        raise Forbidden("Your office is not in good standing, so cannot vote")
    choice = _choice(choice)
    rule = motion.decision_rule
    secret = rule.recording == Recording.SECRET
    receipt = motion_box.record(motion.id, [motion_box.Cast(
        office.id, choice, is_casting=office.id == rule.casting_vote_office_id,
        by_substitute=office.voter_id != actor.id)], secret=secret)[office.id]
    shown = {"office": office.name} if secret else {"office": office.name, "choice": choice}
    audit.record("motion.vote_cast", actor=actor, obj=motion, after=shown)
    vote_log.motion_append(motion.id, "roll.voted", shown)
    return receipt


def present_offices(meeting: Meeting) -> dict[int, Office]:
    """The offices recorded as present (in person or online) at a meeting, by id."""
    rows = db.session.execute(select(Office).join(Attendance, Attendance.office_id == Office.id)
                              .where(Attendance.meeting_id == meeting.id,
                                     Attendance.status.in_(PRESENT))
                              .order_by(Office.name)).scalars()
    return {o.id: o for o in rows}


def record_roll_call(actor: Person, motion: Motion, votes: dict[int, str]) -> Motion:
    """The secretariat records each present office's vote (For, Against, Abstain; an office
    left out did not vote), checked against the meeting's attendance and quorum; the result
    is declared and minuted with the item at once."""
    policy.require(actor, "motion.manage", motion)
    if motion.method != MotionMethod.MEETING:
        raise Conflict("This motion is decided by written procedure")
    if motion.status != S.OPEN:
        raise Conflict("Open the vote before recording the roll call")
    meeting = meeting_of(motion)
    if meeting.status not in RECORDABLE:
        raise Conflict("The roll call is recorded while the meeting's minutes are drafted")
    present = present_offices(meeting)
    for office_id in votes:
        if office_id not in present:
            raise ValidationFailed("Only offices recorded as present can vote: record the "
                                   "meeting's attendance first", f"office-{office_id}")
    chosen = {office_id: _choice(c) for office_id, c in votes.items() if c}
    if not chosen:
        raise ValidationFailed("Record the vote of at least one office present",
                               f"office-{next(iter(present), 0)}")
    rule = motion.decision_rule
    needed = arithmetic.quorum_needed(rule, motion.membership)
    if rule.quorum_basis.value == "present" and len(present) < needed:
        raise Conflict(f"The meeting is not quorate for this decision: {len(present)} offices "
                       f"present, {needed} needed")
    motion_box.record(motion.id, [motion_box.Cast(
        office_id, choice, is_casting=office_id == rule.casting_vote_office_id,
        is_roll_call=True) for office_id, choice in chosen.items()], secret=False)
    names = {present[o].name: Choice.LABELS[c] for o, c in chosen.items()}
    audit.record("motion.roll_call_recorded", actor=actor, obj=motion, after=names)
    vote_log.motion_append(motion.id, "roll_call.recorded", {"by": actor.email, "votes": names,
                                                             "present": len(present)})
    motion.status, motion.closed_at = S.CLOSED, utcnow()
    return _declare(actor, motion, present=len(present), decided_on=local_date(meeting.starts_at))


# --- closing and the result ------------------------------------------------------------------

def close_vote(actor: Person | None, motion: Motion, now: datetime | None = None) -> Motion:
    """Close a written vote at its closing time (or once every member office has voted),
    open the box and declare the result. `actor` is None for the scheduler."""
    if actor is not None:
        policy.require(actor, "motion.manage", motion)
    now = now or utcnow()
    sync_state(motion, now)
    if motion.method != MotionMethod.WRITTEN or motion.status != S.OPEN:
        raise Conflict("Only an open vote in writing can be closed")
    everyone = motion_box.roll_count(motion.id) >= (motion.membership or 0)
    if now < motion.closes_at and not everyone:
        raise Conflict(f"Voting stays open until {show(motion.closes_at)}, unless every member "
                       "office has voted")
    motion.status, motion.closed_at = S.CLOSED, now
    vote_log.motion_append(motion.id, "vote.closed", {
        "by": actor.email if actor else "scheduler", "at": now.isoformat()})
    if motion.decision_rule.recording == Recording.SECRET:
        motion_box.open_box(motion.id)
    tally, _ = motion_box.tally(motion.id)
    return _declare(actor, motion, present=tally.voted, decided_on=local_date(now))


def _declare(actor: Person | None, motion: Motion, *, present: int, decided_on) -> Motion:
    tally, casting = motion_box.tally(motion.id)
    in_writing = motion.method == MotionMethod.WRITTEN
    outcome = arithmetic.decide(motion.decision_rule, tally, present=present,
                                membership=motion.membership, casting_vote=casting,
                                in_writing=in_writing)
    words = "Carried" if outcome.carried else "Not carried"
    # the register entry first: the motion's result is then written in one flush, once
    decision = record_vote_decision(
        actor, actor.id if actor else motion.created_by_id,
        f"{words}: the motion ‘{motion.title}’. {outcome.sentence[0].upper()}"
        f"{outcome.sentence[1:]}.", decided_on,
        item=db.session.get(AgendaItem, motion.item_id) if motion.item_id else None)
    motion.result = {"for": tally.votes_for, "against": tally.against,
                     "abstain": tally.abstain, "present": present,
                     "membership": motion.membership, **outcome.to_dict()}
    motion.status = S.CARRIED if outcome.carried else S.NOT_CARRIED
    motion.declared_at, motion.decision_id = utcnow(), decision.id
    db.session.flush()
    audit.record("motion.declared", actor=actor, obj=motion,
                 actor_label="" if actor else "scheduler",
                 after={"result": words, "sentence": outcome.sentence,
                        "decision": decision.reference})
    vote_log.motion_append(motion.id, "result.declared", {
        "result": words, "sentence": outcome.sentence, "decision": decision.reference,
        "tally": {"for": tally.votes_for, "against": tally.against, "abstain": tally.abstain}})
    if motion.amendment_id is not None:
        _settle_amendment(actor, motion, decision.id, carried=outcome.carried)
    return motion


def _settle_amendment(actor: Person | None, motion: Motion, decision_id: int, *,
                      carried: bool) -> None:
    from network.governance.constitution import services as constitution_services

    amendment = _amendment(motion.amendment_id)
    settle = (constitution_services.adopt_amendment if carried
              else constitution_services.reject_amendment)
    settle(amendment, decision_id=decision_id, motion_id=motion.id, actor=actor)


# --- declared results are never edited -------------------------------------------------------

@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, flush_context, instances) -> None:
    """A declared motion, and a vote once cast, are never changed or deleted."""
    for obj in session.dirty:
        if isinstance(obj, Motion):
            history = inspect(obj).attrs.status.history
            if (history.deleted or history.unchanged or [None])[0] in DECLARED:
                raise Conflict("A declared result is never changed")
        elif isinstance(obj, MotionRollEntry | MotionVote) and session.is_modified(obj):
            raise Conflict("A vote once cast is never changed")
    for obj in session.deleted:
        if isinstance(obj, Motion | MotionRollEntry | MotionVote):
            raise Conflict("A motion and its votes are never deleted")

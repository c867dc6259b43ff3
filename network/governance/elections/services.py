"""Elections: timetable, nominations, the count and the declaration."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from network import audit
from network.db import utcnow
from network.errors import Conflict, Forbidden, ValidationFailed
from network.extensions import db
from network.governance.elections import counting
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.governance.voting import box as ballot_box
from network.governance.voting import log as election_log
from network.governance.voting.models import BallotPaper
from network.members import policy
from network.members.models import Office, OfficeStatus, Person

S = ElectionStatus
ORDER = [S.DRAFT, S.NOMINATIONS_OPEN, S.NOMINATIONS_CLOSED, S.BALLOT_OPEN, S.BALLOT_CLOSED]
TIMETABLE = ["nominations_open_at", "nominations_close_at", "ballot_open_at", "ballot_close_at"]
ELECTION_FIELDS = ["position", "seats", "term", "method", "statement_word_limit", "term_limit",
                   *TIMETABLE, "scrutineer_office_id"]


def _check_timetable(data: dict) -> None:
    times = [data[k] for k in TIMETABLE]
    if any(t is None for t in times):
        raise ValidationFailed("Enter every date and time of the timetable", "nominations_open_at")
    labels = ["nominations open", "nominations close", "the ballot opens", "the ballot closes"]
    for i in range(3):
        if not times[i] < times[i + 1]:
            raise ValidationFailed(f"The time {labels[i + 1]} must be after the time "
                                   f"{labels[i]}", TIMETABLE[i + 1])
    if data["method"] == Method.IRV and data["seats"] != 1:
        raise ValidationFailed("The alternative vote elects one seat; use single transferable "
                               "vote for several", "seats")
    if not 1 <= data["seats"] <= 20:
        raise ValidationFailed("Seats must be between 1 and 20", "seats")


def _check_constitution(data: dict) -> None:
    """The method and term of the Constitution's rule for elections of officers, when a
    version is in force: a blank term takes the rule's; a term must begin with it (it may
    say when it starts); the method must be the rule's (for several seats, the alternative
    vote's form for several seats, the single transferable vote)."""
    from network.governance.constitution.decision_rules import DecisionType
    from network.governance.constitution.queries import rules_in_force

    try:
        rule = rules_in_force(DecisionType.ELECTION, utcnow())
    except Conflict:
        return  # no version in force: the election's own settings stand
    if rule.method:
        expected = Method(rule.method)
        if expected == Method.IRV and data["seats"] > 1:
            expected = Method.STV
        if data["method"] != expected:
            raise ValidationFailed(f"The Constitution in force elects officers by "
                                   f"{expected.label.lower()}: choose that method", "method")
    if rule.term:
        term = (data.get("term") or "").strip()
        if not term:
            data["term"] = rule.term
        elif not term.lower().startswith(rule.term.lower()):
            raise ValidationFailed(f"The Constitution in force sets the term of office: "
                                   f"{rule.term}. You may add when it starts, like "
                                   f"\u201c{rule.term} from May 2027\u201d", "term")


def create_election(actor: Person, data: dict) -> Election:
    """Set up an election in draft; the actor becomes its returning officer."""
    policy.require(actor, "election.manage")
    _check_timetable(data)
    _check_constitution(data)
    election = Election(**{k: data.get(k) for k in ELECTION_FIELDS},
                        returning_officer_id=actor.id, status=S.DRAFT)
    db.session.add(election)
    db.session.flush()
    snapshot = audit.changes(election, ELECTION_FIELDS)
    audit.record("election.created", actor=actor, obj=election, after=snapshot)
    election_log.append(election.id, "election.created", {"by": actor.email, **snapshot})
    return election


EDITABLE = (S.DRAFT, S.NOMINATIONS_OPEN, S.NO_CANDIDATES)


def update_election(actor: Person, election: Election, data: dict) -> Election:
    """Change the details and timetable while nominations have not closed; after a close with
    no valid nomination, a new timetable re-opens nominations."""
    policy.require(actor, "election.manage", election)
    if election.status not in EDITABLE:
        raise Conflict("The timetable cannot change once nominations have closed")
    _check_timetable(data)
    _check_constitution(data)
    reopening = election.status == S.NO_CANDIDATES
    if reopening and data["nominations_close_at"] <= utcnow():
        raise ValidationFailed("To re-open nominations, set a time nominations close that is "
                               "in the future", "nominations_close_at")
    before = audit.changes(election, ELECTION_FIELDS)
    for key in ELECTION_FIELDS:
        setattr(election, key, data.get(key))
    db.session.flush()
    after = audit.changes(election, ELECTION_FIELDS)
    audit.record("election.updated", actor=actor, obj=election, before=before, after=after)
    election_log.append(election.id, "timetable.changed", {"by": actor.email, "before": before,
                                                            "after": after})
    if reopening:
        election.status = S.DRAFT  # the new timetable moves it on from here
        election_log.append(election.id, "nominations.reopened", {"by": actor.email})
        sync_state(election)
    return election


def publish_election(actor: Person, election: Election) -> Election:
    """Publish a draft: from now on its timetable moves it from state to state."""
    policy.require(actor, "election.manage", election)
    if election.published_at is not None:
        raise Conflict("This election is already published")
    if election.nominations_close_at <= utcnow():
        raise ValidationFailed(
            "This timetable is in the past: nominations would already have closed, so nobody "
            "could stand. Change the timetable so that nominations close later, then publish")
    election.published_at = utcnow()
    audit.record("election.published", actor=actor, obj=election)
    election_log.append(election.id, "election.published", {"by": actor.email})
    return sync_state(election)


def _state_at(election: Election, now: datetime) -> ElectionStatus:
    if now >= election.ballot_close_at:
        return S.BALLOT_CLOSED
    if now >= election.ballot_open_at:
        return S.BALLOT_OPEN
    if now >= election.nominations_close_at:
        return S.NOMINATIONS_CLOSED
    if now >= election.nominations_open_at:
        return S.NOMINATIONS_OPEN
    return S.DRAFT


def state_now(election: Election, now: datetime | None = None,
              candidates: int | None = None) -> ElectionStatus:
    """The state a published election's timetable puts it in now (drafts and elections past
    the ballot keep their stored state); `candidates`, the count of valid nominations, when
    the caller has read it already (a list reads it in its own query)."""
    if election.published_at is None or election.status not in ORDER:
        return election.status
    target = max(election.status, _state_at(election, now or utcnow()), key=ORDER.index)
    if ORDER.index(election.status) < ORDER.index(S.NOMINATIONS_CLOSED) < ORDER.index(target):
        if candidates is None:
            candidates = len(valid_nominations(election))
        if candidates == 0:
            return S.NO_CANDIDATES
        if candidates <= election.seats:  # declared unopposed when the close is processed
            return S.NOMINATIONS_CLOSED
    return target


def sync_state(election: Election, now: datetime | None = None) -> Election:
    """Move a published election on to the state its timetable says (idempotent)."""
    if election.published_at is None or election.status not in ORDER:
        return election
    now = now or utcnow()
    target = _state_at(election, now)
    while election.status in ORDER and ORDER.index(election.status) < ORDER.index(target):
        step = ORDER[ORDER.index(election.status) + 1]
        election.status = step
        election_log.append(election.id, f"status.{step.value}", {"at": now.isoformat()})
        if step == S.NOMINATIONS_CLOSED:
            _close_nominations(election)
        if step == S.BALLOT_CLOSED:
            ballot_box.open_box(election.id)
    return election


def _close_nominations(election: Election) -> None:
    nominations = valid_nominations(election)
    invalid = [n for n in all_nominations(election) if not n.is_valid]
    election_log.append(election.id, "nominations.closed", {
        "valid": [n.candidate_name for n in nominations],
        "invalid": {n.candidate_name: n.problems for n in invalid}})
    if not nominations:  # never an empty declaration: the returning officer re-opens
        election.status = S.NO_CANDIDATES
        election_log.append(election.id, "nominations.none_valid", {})
    elif len(nominations) <= election.seats:
        elected = [n.candidate_name for n in nominations]
        election.is_unopposed = True
        election.status = S.DECLARED
        election.declared_at = utcnow()
        election.result = {"method": election.method.value, "seats": election.seats,
                           "quota": None, "elected": elected, "stages": [], "valid": 0,
                           "unopposed": True, "candidates": elected}
        election_log.append(election.id, "declared.unopposed", {"elected": elected})


def all_nominations(election: Election) -> list[Nomination]:
    """Every nomination of an election with its offices."""
    return list(db.session.scalars(
        select(Nomination).where(Nomination.election_id == election.id).order_by(Nomination.id)
        .options(selectinload(Nomination.candidate_office),
                 selectinload(Nomination.proposer_office),
                 selectinload(Nomination.seconder_office))))


def valid_nominations(election: Election) -> list[Nomination]:
    """The candidates standing, in ballot-paper order (alphabetical by name)."""
    return sorted((n for n in all_nominations(election) if n.is_valid),
                  key=lambda n: (n.candidate_name.split()[-1].lower(), n.candidate_name.lower()))


# --- nominations -----------------------------------------------------------------------------

def _active_office(office_id: int, field: str) -> Office:
    office = db.session.get(Office, office_id) if office_id else None
    if office is None or office.status != OfficeStatus.ACTIVE:
        raise ValidationFailed("Choose a member office in good standing", field)
    return office


def nominate(actor: Person, election: Election, proposer_id: int, seconder_id: int) -> Nomination:
    """An office nominates its own mayor, naming proposer and seconder offices."""
    sync_state(election)
    candidate_office = _active_office(actor.office_id, "proposer")
    policy.require(actor, "election.nominate", candidate_office)
    if election.status != S.NOMINATIONS_OPEN:
        raise Conflict("Nominations are not open")
    proposer = _active_office(proposer_id, "proposer")
    seconder = _active_office(seconder_id, "seconder")
    if proposer.id == seconder.id:
        raise ValidationFailed("The proposer and seconder must be different offices", "seconder")
    if candidate_office.id in (proposer.id, seconder.id):
        raise ValidationFailed("An office cannot propose or second its own mayor", "proposer")
    if not candidate_office.mayor_name:
        raise ValidationFailed("Your office has no mayor recorded; ask the secretariat",
                               "proposer")
    if election.term_limit is not None:
        held = terms_held(election, candidate_office)
        if held >= election.term_limit:
            raise ValidationFailed(
                f"{candidate_office.mayor_name} has held this position for {held} consecutive "
                f"term{'s' if held != 1 else ''}; the limit is {election.term_limit}", "proposer")
    exists = db.session.scalar(select(Nomination).where(
        Nomination.election_id == election.id,
        Nomination.candidate_office_id == candidate_office.id))
    if exists is not None:
        raise Conflict("Your office's mayor is already nominated in this election", "proposer")
    nomination = Nomination(election_id=election.id, candidate_office_id=candidate_office.id,
                            candidate_name=candidate_office.mayor_name,
                            proposer_office_id=proposer.id, seconder_office_id=seconder.id,
                            nominated_by_id=actor.id)
    db.session.add(nomination)
    db.session.flush()
    audit.record("nomination.made", actor=actor, obj=nomination,
                 after={"candidate": nomination.candidate_name, "proposer": proposer.name,
                        "seconder": seconder.name})
    election_log.append(election.id, "nomination.made", {
        "nomination": nomination.id, "candidate": nomination.candidate_name,
        "proposer": proposer.name, "seconder": seconder.name})
    return nomination


def terms_held(election: Election, office: Office) -> int:
    """Consecutive most recent declared elections to the same position won by the office's
    current mayor (matched by position title and the mayor's name)."""
    earlier = db.session.scalars(
        select(Election).where(Election.position == election.position,
                               Election.declared_at.is_not(None), Election.id != election.id)
        .order_by(Election.declared_at.desc())).all()
    held = 0
    for previous in earlier:
        if office.mayor_name not in (previous.result or {}).get("elected", []):
            break
        held += 1
    return held


def _open_nomination(nomination: Nomination) -> Election:
    election = db.session.get(Election, nomination.election_id)
    sync_state(election)
    if election.status != S.NOMINATIONS_OPEN:
        raise Conflict("Nominations have closed")
    if nomination.withdrawn_at:
        raise Conflict("This nomination was withdrawn")
    return election


def confirm_nomination(actor: Person, nomination: Nomination) -> Nomination:
    """The proposer's or seconder's office confirms its support."""
    election = _open_nomination(nomination)
    role = None
    if actor.office_id == nomination.proposer_office_id:
        role = "proposer"
    elif actor.office_id == nomination.seconder_office_id:
        role = "seconder"
    if role is None or not policy.can(actor, "nomination.support", nomination):
        raise Forbidden("Only the lead of the proposing or seconding office can confirm")
    setattr(nomination, f"{role}_confirmed_at", utcnow())
    audit.record(f"nomination.{role}_confirmed", actor=actor, obj=nomination)
    election_log.append(election.id, f"nomination.{role}_confirmed",
                        {"nomination": nomination.id, "office": actor.office_id})
    return nomination


def count_words(text: str) -> int:
    """Words in a statement, as a reader would count them."""
    return len(re.findall(r"\S+", text or ""))


def accept_nomination(actor: Person, nomination: Nomination, statement: str) -> Nomination:
    """The candidate's office accepts on the mayor's behalf and gives the statement."""
    election = _open_nomination(nomination)
    policy.require(actor, "nomination.accept", nomination)
    words = count_words(statement)
    if words > election.statement_word_limit:
        raise ValidationFailed(f"The statement must be {election.statement_word_limit} words "
                               f"or fewer (it has {words})", "statement")
    if not statement.strip():
        raise ValidationFailed("Enter the candidate's statement", "statement")
    nomination.statement = statement.strip()
    first = nomination.accepted_at is None
    nomination.accepted_at = nomination.accepted_at or utcnow()
    audit.record("nomination.accepted" if first else "nomination.statement_changed",
                 actor=actor, obj=nomination, after={"words": words})
    election_log.append(election.id, "nomination.accepted" if first else "statement.changed",
                        {"nomination": nomination.id, "words": words})
    return nomination


def withdraw_nomination(actor: Person, nomination: Nomination) -> Nomination:
    """The candidate's office withdraws before nominations close."""
    election = _open_nomination(nomination)
    policy.require(actor, "nomination.accept", nomination)
    nomination.withdrawn_at = utcnow()
    audit.record("nomination.withdrawn", actor=actor, obj=nomination)
    election_log.append(election.id, "nomination.withdrawn", {"nomination": nomination.id})
    return nomination


# --- count and declaration -------------------------------------------------------------------

def counting_input(election: Election) -> counting.Election:
    """The anonymised ballots as the counting library's input."""
    candidates = valid_nominations(election)
    index = {n.id: i for i, n in enumerate(candidates)}
    papers = db.session.scalars(select(BallotPaper.preferences)
                                .where(BallotPaper.election_id == election.id)
                                .order_by(BallotPaper.id)).all()
    ballots = [counting.Ballot(tuple(index[p] for p in prefs if p in index)) for prefs in papers]
    names = [n.candidate_name for n in candidates]
    names = [f"{name} ({n.candidate_office.name})" if names.count(name) > 1 else name
             for name, n in zip(names, candidates, strict=True)]
    return counting.Election(tuple(names), election.seats, tuple(ballots),
                             title=election.position)


def count_election(actor: Person, election: Election, seed: str | None) -> Election:
    """Count the closed ballot with a recorded seed for any lots (returning officer only)."""
    sync_state(election)
    policy.require(actor, "election.count", election)
    if election.status not in (S.BALLOT_CLOSED, S.COUNTED):
        raise Conflict("The ballot must close before the count")
    if ballot_box.sealed_count(election.id):  # closed before the box opened at the close
        ballot_box.open_box(election.id)
    seed = (seed or "").strip() or secrets.token_hex(8)
    if len(seed) > 100:
        raise ValidationFailed("The seed must be 100 characters or fewer", "seed")
    result = counting.count(counting_input(election), election.method.value, seed=seed)
    election.count_seed, election.result = seed, result.to_dict()
    election.status, election.counted_at = S.COUNTED, utcnow()
    audit.record("election.counted", actor=actor, obj=election,
                 after={"seed": seed, "elected": list(result.elected)})
    for lot in result.lots:
        election_log.append(election.id, "lot.drawn", lot.to_dict())
    election_log.append(election.id, "count.done", {"seed": seed, "valid": result.valid,
                                                    "elected": list(result.elected)})
    return election


def declare_result(actor: Person, election: Election) -> Election:
    """Declare the counted result; from now members see it, stage by stage."""
    policy.require(actor, "election.count", election)
    if election.status != S.COUNTED:
        raise Conflict("Count the ballots before declaring")
    election.status, election.declared_at = S.DECLARED, utcnow()
    audit.record("election.declared", actor=actor, obj=election,
                 after={"elected": election.result["elected"]})
    election_log.append(election.id, "result.declared", {"elected": election.result["elected"]})
    return election


def ballots_blt(election: Election) -> str:
    """The anonymised ballots of a closed election as a BLT file."""
    return counting.write_blt(counting_input(election))

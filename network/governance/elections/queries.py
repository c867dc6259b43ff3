"""Reads of elections: loaders for views, and the state an election is in now."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm.attributes import set_committed_value

from network.extensions import db
from network.governance.elections.models import Election, ElectionStatus, Nomination
from network.governance.elections.services import state_now
from network.members import policy
from network.web import parse_id
from network.workplan.forward.signals import ForwardEvent, forward_events


def valid_nominations_count():
    """An election's count of valid nominations (`Nomination.is_valid` in SQL), correlated to
    Election, for lists that show each election's state now in one query."""
    valid = and_(Nomination.withdrawn_at.is_(None), Nomination.proposer_confirmed_at.is_not(None),
                 Nomination.seconder_confirmed_at.is_not(None),
                 Nomination.accepted_at.is_not(None))
    return (select(func.count(Nomination.id)).where(Nomination.election_id == Election.id, valid)
            .correlate(Election).scalar_subquery())


# stored states of an election whose ballot has not closed (the timetable may be further on)
NOT_PAST_BALLOT = (ElectionStatus.DRAFT, ElectionStatus.NOMINATIONS_OPEN,
                   ElectionStatus.NOMINATIONS_CLOSED, ElectionStatus.BALLOT_OPEN)


def live_clause(moment, candidates):
    """Published elections whose nominations or ballot are open at `moment` by their
    timetable, leaving out one whose nominations closed with no valid nomination (`candidates`:
    valid_nominations_count()). The one rule of "in progress" for the dashboards and the list."""
    before_close = (ElectionStatus.DRAFT, ElectionStatus.NOMINATIONS_OPEN)
    closed_empty = and_(Election.status.in_(before_close),
                        Election.nominations_close_at <= moment, candidates == 0)
    return and_(Election.published_at.is_not(None), Election.nominations_open_at <= moment,
                Election.ballot_close_at > moment, Election.status.in_(NOT_PAST_BALLOT),
                ~closed_empty)


def show_current_state(election: Election, candidates: int | None = None) -> Election:
    """Show the state the timetable says the election is in now, without writing it: the
    scheduler moves the stored state on (and any change the person makes does so first).
    `candidates`: the count of valid nominations, if already read."""
    shown = state_now(election, candidates=candidates)
    if shown != election.status:
        set_committed_value(election, "status", shown)
    return election


def load_election(election_id) -> Election:
    """For views: an election the current user may see (drafts only to those who manage
    elections; 404 to others), in the state its timetable has it now."""
    election = db.session.get(Election, parse_id(election_id))
    if election is None:
        abort(404)
    policy.authorize("election.view", election)
    if election.published_at is None and not policy.can(current_user, "election.manage",
                                                         election):
        abort(404)
    return show_current_state(election)


def election_list(principal, published_only: bool = True, in_progress: bool = False,
                  moment=None) -> Select:
    """Elections the principal may see (the `election.view` rule as SQL), each with its count
    of valid nominations (as `candidates`), newest first (drafts too for those who set them
    up); `in_progress`: only those with nominations or the ballot open now, soonest closing
    first. Rows of (Election, candidates): see `in_state_now`."""
    candidates = valid_nominations_count()
    query = (select(Election, candidates.label("candidates"))
             .where(policy.clause(principal, "election.view")))
    if in_progress:
        from network.db import utcnow

        return (query.where(live_clause(moment or utcnow(), candidates))
                .order_by(Election.ballot_close_at, Election.id))
    if published_only:
        query = query.where(Election.published_at.is_not(None))
    return query.order_by(Election.ballot_close_at.desc(), Election.id.desc())


def in_state_now(rows) -> list[Election]:
    """Elections of `election_list` rows in the state their timetable has them now, from the
    count read with them (no query per election)."""
    return [show_current_state(election, candidates=n) for election, n in rows]


_MOMENTS = (("nominations_open_at", "nominations_open", "Nominations open"),
            ("nominations_close_at", "nominations_close", "Nominations close"),
            ("ballot_open_at", "ballot_open", "Voting opens"),
            ("ballot_close_at", "ballot_close", "Voting closes"))


@forward_events.connect
def election_moments(principal, starts, ends) -> list[ForwardEvent]:
    """For the forward agenda (workplan, below us): published elections' nominations and
    ballots opening or closing between `starts` and `ends`, for those who see elections. No
    ballot moments once nominations closed with no contest (unopposed, or no candidates)."""
    if not policy.can(principal, "election.list"):
        return []
    elections = db.session.scalars(select(Election).where(
        Election.published_at.is_not(None),
        or_(*(getattr(Election, column).between(starts, ends) for column, _k, _t in _MOMENTS)))
        .order_by(Election.id))
    found = []
    for election in elections:
        uncontested = election.is_unopposed or election.status == ElectionStatus.NO_CANDIDATES
        for column, kind, words in _MOMENTS:
            at = getattr(election, column)
            if not starts <= at < ends or (uncontested and kind.startswith("ballot")):
                continue
            found.append(ForwardEvent(at=at, title=f"{words}: {election.position}", kind=kind,
                                      uid=f"election-{election.id}-{kind}",
                                      endpoint="elections.detail",
                                      url_args=(("election_id", election.id),)))
    return found


def constitution_defaults() -> tuple[str | None, str]:
    """The method and term the Constitution in force sets for elections of officers (None
    and "" when no version is in force), for a new election's form."""
    from network.db import utcnow
    from network.errors import Conflict
    from network.governance.constitution.decision_rules import DecisionType
    from network.governance.constitution.queries import rules_in_force

    try:
        rule = rules_in_force(DecisionType.ELECTION, utcnow())
    except Conflict:
        return None, ""
    return rule.method, rule.term



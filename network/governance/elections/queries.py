"""Reads of elections: loaders for views, and the state an election is in now."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from network.extensions import db
from network.governance.elections.models import Election
from network.governance.elections.services import state_now
from network.members import policy
from network.web import parse_id


def show_current_state(election: Election) -> Election:
    """Show the state the timetable says the election is in now, without writing it: the
    scheduler moves the stored state on (and any change the person makes does so first)."""
    shown = state_now(election)
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


def listed_elections(principal, published_only: bool) -> list[Election]:
    """Elections newest first (drafts too for those who set them up), in their state now."""
    query = select(Election).order_by(Election.ballot_close_at.desc())
    if published_only:
        query = query.where(Election.published_at.is_not(None))
    return [show_current_state(e) for e in db.session.scalars(query)]

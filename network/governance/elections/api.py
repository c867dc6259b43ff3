"""/api/v1 elections: list, candidates, results, and casting the office's ballot."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_smorest import Blueprint

from network.api.auth import TokenPrincipal, api_authorize, api_principal, require_api_auth
from network.api.pagination import PAGE_HEADERS, PageArgsSchema, page_of_list, paginate
from network.extensions import db
from network.governance.elections import services as service
from network.governance.elections.models import Election
from network.governance.elections.queries import election_list, show_current_state
from network.governance.elections.schemas import (
    BallotSchema,
    CandidateSchema,
    ElectionSchema,
    ReceiptSchema,
    ResultSchema,
)
from network.governance.voting import services as ballots
from network.members.models import Office, Person
from network.members.policy import can

blp = Blueprint("api_elections", __name__, url_prefix="/elections",
                description="Network elections")
SECURITY = [{"bearerAuth": []}]


def _election(election_id: int) -> Election:
    election = db.session.get(Election, election_id)
    if election is None or election.published_at is None:
        abort(404)
    api_authorize("election.view", election)
    return show_current_state(election)


@blp.route("")
@require_api_auth
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, ElectionSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def list_elections(args):
    """Published elections, newest first, each in the state its timetable has it now, a
    page at a time (follow the Link header's rel="next")."""
    api_authorize("election.list")
    page = paginate(election_list(api_principal()), args, scalars=False)
    return page.response([show_current_state(election, candidates=n)
                          for election, n in page.rows])


@blp.route("/<int:election_id>/candidates")
@require_api_auth
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, CandidateSchema(many=True), headers=PAGE_HEADERS)
@blp.doc(security=SECURITY)
def candidates(args, election_id: int):
    """The candidates standing, in ballot-paper order (by surname), a page at a time like
    every list (at most one candidate an office, so the ballot paper is read whole)."""
    return page_of_list(service.valid_nominations(_election(election_id)), args).response()


@blp.route("/<int:election_id>/result")
@require_api_auth
@blp.response(200, ResultSchema)
@blp.doc(security=SECURITY)
def result(election_id: int):
    """The declared result, stage by stage, and the receipts; 403 until declared."""
    election = _election(election_id)
    api_authorize("election.results", election)
    return {"election": election, "result": election.result,
            "receipts": ballots.receipts(election)}


def _require_token_voter(view):
    """403 before any body checks unless a token of the office's voter or substitute calls."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        principal = api_principal()
        person = (db.session.get(Person, principal.token.created_by_id)
                  if isinstance(principal, TokenPrincipal) else None)
        office = db.session.get(Office, principal.office_id) if person else None
        if person is None or not person.is_active or not can(person, "election.vote", office):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


@blp.route("/<int:election_id>/ballot", methods=["POST"])
@require_api_auth
@_require_token_voter
@blp.arguments(BallotSchema)
@blp.response(201, ReceiptSchema)
@blp.doc(security=SECURITY)
def cast(args, election_id: int):
    """Cast the office's one ballot. With a token, it acts for the person who created it,
    who must be the office's designated voter or substitute."""
    election = _election(election_id)
    person = db.session.get(Person, api_principal().token.created_by_id)
    receipt = ballots.cast_ballot(person, election, args["ranking"])
    db.session.commit()
    return {"receipt": receipt}

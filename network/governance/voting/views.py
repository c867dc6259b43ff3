"""The ballot: rank the candidates (no JavaScript needed), check, cast, get a receipt."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request
from flask_login import current_user, login_required

from network.errors import Conflict
from network.extensions import db
from network.forms import ConfirmForm
from network.governance.elections.models import ElectionStatus
from network.governance.elections.queries import load_election
from network.governance.elections.services import valid_nominations
from network.governance.voting import services as ballots
from network.members import policy
from network.members.models import Office
from network.web import render_form, saved_form

bp = Blueprint("voting", __name__, url_prefix="/elections")


def _voter_office(election) -> Office:
    office = db.session.get(Office, current_user.office_id) if current_user.office_id else None
    if not policy.can(current_user, "election.vote", office) and (
            reason := policy.why_not(current_user, "election.vote", election, office=office)):
        abort(make_response(render_template("governance/voting/cannot_vote.html",
                                            election=election, reason=reason), 403))
    policy.authorize("election.vote", office)
    if election.status != ElectionStatus.BALLOT_OPEN:
        raise Conflict("The ballot is not open")
    return office


def _marks(candidates) -> dict[int, str]:
    return {n.id: (request.form.get(f"candidate-{n.id}") or "")[:5] for n in candidates}


@bp.route("/<election_id>/ballot", methods=["GET", "POST"])
@login_required
def ballot(election_id):
    """The ballot paper: a preference number per candidate; then a check page."""
    election = load_election(election_id)
    office = _voter_office(election)
    if ballots.has_voted(election, office.id):
        return render_template("governance/voting/already.html", election=election), 409
    candidates = valid_nominations(election)
    form = ConfirmForm()
    marks = _marks(candidates) if request.method == "POST" else {}
    # nothing is saved here: the check page comes next; saved_form shows a refusal on the page
    if ranking := saved_form(form, lambda: ballots.parse_ranking(election, candidates, marks),
                             page_shows_errors=True):
        by_id = {n.id: n for n in candidates}
        return render_template("governance/voting/check.html", election=election,
                               ranking=[by_id[i] for i in ranking], marks=marks, form=form)
    return render_form("governance/voting/ballot.html", form, election=election, office=office,
                       candidates=candidates, marks=marks,
                       error=getattr(form, "domain_error", None))


@bp.route("/<election_id>/ballot/cast", methods=["POST"])
@login_required
def cast(election_id):
    """Cast the checked ballot: once, for the office, for good."""
    election = load_election(election_id)
    _voter_office(election)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    candidates = valid_nominations(election)
    receipt = saved_form(form, lambda: ballots.cast_ballot(
        current_user, election, ballots.parse_ranking(election, candidates, _marks(candidates))),
        page_shows_errors=True)
    if not receipt:
        refusal = form.domain_error
        if isinstance(refusal, Conflict):  # the office has voted (or the ballot has closed)
            return render_template("governance/voting/already.html", election=election,
                                   message=refusal.message), 409
        return render_template("governance/voting/ballot.html", election=election,
                               candidates=candidates, marks=_marks(candidates), error=refusal,
                               form=form, office=None), 400
    return render_template("governance/voting/receipt.html", election=election, receipt=receipt)

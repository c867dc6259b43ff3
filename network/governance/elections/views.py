"""Elections: list, set up, timetable, nominations, count, declaration and results."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.governance.elections import charts
from network.governance.elections import services as service
from network.governance.elections.forms import AcceptForm, CountForm, ElectionForm, NominationForm
from network.governance.elections.models import Election, ElectionStatus, Method, Nomination
from network.governance.elections.queries import (
    constitution_defaults,
    election_list,
    in_state_now,
    load_election,
)
from network.governance.voting import log as election_log
from network.governance.voting import services as ballots
from network.members import policy, queries
from network.members.models import Office
from network.paging import paged
from network.time import local
from network.web import attachment, confirmed_change, get_or_404, render_form, saved_form

bp = Blueprint("elections", __name__, url_prefix="/elections")
PAGE_SIZE = 25


def _form_data(form: ElectionForm) -> dict:
    return {"position": form.position.data, "seats": form.seats.data, "term": form.term.data or "",
            "method": Method(form.method.data),
            "statement_word_limit": form.statement_word_limit.data,
            "term_limit": form.term_limit.data,
            "scrutineer_office_id": int(form.scrutineer_office_id.data)
            if form.scrutineer_office_id.data else None, **form.timetable()}


def _detail_url(election_id) -> str:
    return url_for("elections.detail", election_id=election_id)


@bp.route("/")
@login_required
def index():
    """Elections, newest first."""
    policy.authorize("election.list")
    in_progress = request.args.get("show") == "in-progress"
    elections = paged(election_list(
        current_user, published_only=not policy.can(current_user, "election.create"),
        in_progress=in_progress), PAGE_SIZE, scalars=False)
    elections.rows = in_state_now(elections.rows)
    return render_template("governance/elections/index.html", elections=elections,
                           in_progress=in_progress, args=dict(request.args.items()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Set up an election (you become its returning officer)."""
    policy.authorize("election.create")
    form = ElectionForm()
    form.scrutineer_office_id.choices = queries.active_office_choices("No scrutineer")
    if not form.is_submitted():
        method, term = constitution_defaults()
        form.method.data, form.term.data = method or form.method.data, term
    if election := saved_form(form, lambda: service.create_election(current_user,
                                                                      _form_data(form))):
        flash("Election saved as a draft. Publish it when the timetable is right.",
              "success")
        return redirect(url_for("elections.detail", election_id=election.id))
    return render_form("governance/elections/form.html", form, election=None)


@bp.route("/<election_id>/edit", methods=["GET", "POST"])
@login_required
def edit(election_id):
    """Change the details and timetable before nominations close."""
    election = load_election(election_id)
    policy.authorize("election.manage", election)
    form = ElectionForm(obj=election)
    form.scrutineer_office_id.choices = queries.active_office_choices("No scrutineer")
    if saved_form(form, lambda: service.update_election(current_user, election, _form_data(form))):
        flash("Election updated", "success")
        return redirect(url_for("elections.detail", election_id=election.id))
    elif not form.is_submitted():
        _fill_timetable(form, election)
    return render_form("governance/elections/form.html", form, election=election)


def _fill_timetable(form: ElectionForm, election: Election) -> None:
    form.method.data = election.method.value
    form.scrutineer_office_id.data = str(election.scrutineer_office_id or "")
    for name in ("nominations_open", "nominations_close", "ballot_open", "ballot_close"):
        local_time = local(getattr(election, f"{name}_at"))
        getattr(form, f"{name}_on").data = local_time.date()
        getattr(form, f"{name}_time").data = local_time.strftime("%H:%M")


@bp.route("/<election_id>")
@login_required
def detail(election_id):
    """The election: timetable, candidates, your office's part, and the result if declared."""
    election = load_election(election_id)
    nominations = service.all_nominations(election)
    mine = current_user.office_id
    my_office = db.session.get(Office, mine) if mine else None
    return render_template(
        "governance/elections/detail.html", election=election, nominations=nominations,
        my_office=my_office,
        standing=[n for n in nominations if n.is_valid],
        my_nomination=next((n for n in nominations if n.candidate_office_id == mine), None),
        to_support=[n for n in nominations if mine and not n.withdrawn_at and (
            (n.proposer_office_id == mine and not n.proposer_confirmed_at)
            or (n.seconder_office_id == mine and not n.seconder_confirmed_at))],
        has_voted=ballots.has_voted(election, mine),
        turnout=ballots.turnout(election) if policy.can(current_user, "election.turnout",
                                                        election) else None,
        confirm=ConfirmForm(), S=ElectionStatus,
        scrutineer=db.session.get(Office, election.scrutineer_office_id)
        if election.scrutineer_office_id else None)


@bp.route("/<election_id>/publish", methods=["POST"])
@login_required
def publish(election_id):
    """Publish a draft election."""
    election = load_election(election_id)
    policy.authorize("election.manage", election)
    return confirmed_change(lambda: service.publish_election(current_user, election),
                            "Election published", _detail_url(election_id))


@bp.route("/<election_id>/nominate", methods=["GET", "POST"])
@login_required
def nominate(election_id):
    """Nominate your office's mayor."""
    election = load_election(election_id)
    office = db.session.get(Office, current_user.office_id) if current_user.office_id else None
    policy.authorize("election.nominate", office)
    form = NominationForm()
    others = [(value, name) for value, name in queries.active_office_choices()
              if value != str(office.id)]
    form.proposer.choices = form.seconder.choices = [("", "Choose an office")] + others
    if saved_form(form, lambda: service.nominate(current_user, election, int(form.proposer.data),
                                                 int(form.seconder.data))):
        flash(f"{office.mayor_name} is nominated. The proposer and seconder offices now "
              "confirm, and you accept with a statement.", "success")
        return redirect(url_for("elections.detail", election_id=election.id))
    return render_form("governance/elections/nominate.html", form, election=election, office=office)


def _nomination(election: Election, nomination_id) -> Nomination:
    nomination = get_or_404(Nomination, nomination_id)
    if nomination.election_id != election.id:
        abort(404)
    return nomination


@bp.route("/<election_id>/nominations/<nomination_id>/support", methods=["POST"])
@login_required
def support(election_id, nomination_id):
    """Your office confirms it proposes or seconds a nomination."""
    election = load_election(election_id)
    nomination = _nomination(election, nomination_id)
    policy.authorize("nomination.support", nomination)
    return confirmed_change(lambda: service.confirm_nomination(current_user, nomination),
                            f"Your office's support for {nomination.candidate_name} is "
                            "confirmed", _detail_url(election_id))


@bp.route("/<election_id>/nominations/<nomination_id>/accept", methods=["GET", "POST"])
@login_required
def accept(election_id, nomination_id):
    """Accept your mayor's nomination and write the statement."""
    election = load_election(election_id)
    nomination = _nomination(election, nomination_id)
    policy.authorize("nomination.accept", nomination)
    form = AcceptForm(obj=nomination)
    if saved_form(form, lambda: service.accept_nomination(current_user, nomination,
                                                          form.statement.data)):
        flash("Nomination accepted and statement saved", "success")
        return redirect(url_for("elections.detail", election_id=election.id))
    return render_form("governance/elections/accept.html", form, election=election,
                       nomination=nomination)


@bp.route("/<election_id>/nominations/<nomination_id>/withdraw", methods=["POST"])
@login_required
def withdraw(election_id, nomination_id):
    """Withdraw your mayor's nomination before nominations close."""
    election = load_election(election_id)
    nomination = _nomination(election, nomination_id)
    policy.authorize("nomination.accept", nomination)
    return confirmed_change(lambda: service.withdraw_nomination(current_user, nomination),
                            "Nomination withdrawn", _detail_url(election_id))


@bp.route("/<election_id>/count", methods=["GET", "POST"])
@login_required
def count(election_id):
    """The returning officer counts the closed ballot, then declares."""
    election = load_election(election_id)
    policy.authorize("election.count", election)
    form = CountForm()
    if saved_form(form, lambda: service.count_election(current_user, election, form.seed.data)):
        flash("Counted. Check the stages, then declare the result.", "success")
        return redirect(url_for("elections.count", election_id=election.id))
    return render_form("governance/elections/count.html", form, election=election,
                       confirm=ConfirmForm(), turnout=ballots.turnout(election),
                       chart=charts.result_chart(election.result))


@bp.route("/<election_id>/declare", methods=["POST"])
@login_required
def declare(election_id):
    """Declare the counted result."""
    election = load_election(election_id)
    policy.authorize("election.count", election)
    return confirmed_change(lambda: service.declare_result(current_user, election),
                            "Result declared", _detail_url(election_id))


@bp.route("/<election_id>/results")
@login_required
def results(election_id):
    """The declared result, stage by stage, with receipts and the ballots to download."""
    election = load_election(election_id)
    policy.authorize("election.results", election)
    return render_template("governance/elections/results.html", election=election,
                           receipts=ballots.receipts(election),
                           chart=charts.result_chart(election.result))


@bp.route("/<election_id>/ballots.blt")
@login_required
def ballots_blt(election_id):
    """The anonymised ballots as a BLT file, for anyone to re-count."""
    election = load_election(election_id)
    policy.authorize("election.results", election)
    if election.is_unopposed:
        abort(404)
    body = service.ballots_blt(election)
    return attachment(body, "text/plain", f"election-{election.id}.blt")


@bp.route("/<election_id>/log")
@login_required
def log(election_id):
    """The hash-chained election log and whether the chain is intact."""
    election = load_election(election_id)
    policy.authorize("election.results", election)
    ok, message = election_log.verify(election.id)
    return render_template("governance/elections/log.html", election=election,
                           entries=election_log.entries(election.id), ok=ok, message=message,
                           request_args=request.args)

"""Motions: the list, a motion and its result, drafting, putting to the vote, the office's
vote in writing and the roll call at a meeting."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from network.errors import Conflict
from network.extensions import db
from network.forms import ConfirmForm
from network.governance.motions import queries as mq
from network.governance.motions import services as service
from network.governance.motions.arithmetic import Choice
from network.governance.motions.forms import MotionFilterForm, MotionForm, VoteForm
from network.governance.motions.models import MotionMethod, MotionStatus
from network.governance.voting import log as vote_log
from network.governance.voting import motion_box
from network.members import policy
from network.members.models import Office
from network.members.queries import active_office_choices
from network.paging import paged
from network.time import local
from network.web import confirmed_change, render_form, saved_form

bp = Blueprint("motions", __name__, url_prefix="/motions")
PAGE_SIZE = 25


def _detail_url(motion_id) -> str:
    return url_for("motions.detail", motion_id=motion_id)


@bp.route("/")
@login_required
def index():
    """Motions, newest first, filtered by status; 25 to a page."""
    policy.authorize("motion.list")
    form = MotionFilterForm(request.args)
    valid = form.validate() if request.args.get("status") else True
    status = MotionStatus(form.status.data) if valid and form.status.data else None
    motions = paged(mq.listed(current_user, status), PAGE_SIZE)
    page, has_next = motions.number, motions.has_next
    motions.rows = [mq.show_current_state(m) for m in motions.rows]
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("governance/motions/index.html", form=form,
                           motions=motions, page=page,
                           has_next=has_next, args=args), 200 if valid else 400


def _choices(form: MotionForm, motion=None) -> None:
    form.proposer_office_id.choices = active_office_choices("Choose an office")
    form.seconder_office_id.choices = active_office_choices("Choose an office")
    form.item_id.choices = [("", "None")] + mq.item_choices(motion.item_id if motion else None)
    form.amendment_id.choices = [("", "None")] + mq.amendment_choices(
        motion.amendment_id if motion else None)
    if not policy.can(current_user, "motion.manage"):  # a member proposes for its own office
        form.proposer_office_id.choices = [c for c in form.proposer_office_id.choices
                                           if c[0] == str(current_user.office_id)]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Draft a motion (the secretariat), or propose one for your office with a seconder."""
    policy.authorize("motion.propose")
    form = MotionForm()
    _choices(form)
    if not form.is_submitted():
        _preset(form)
    if motion := saved_form(form, lambda: service.create_motion(current_user,
                                                                form.data_for_service())):
        flash("Motion saved as a draft", "success")
        return redirect(_detail_url(motion.id))
    return render_form("governance/motions/form.html", form, motion=None)


@bp.route("/<motion_id>/edit", methods=["GET", "POST"])
@login_required
def edit(motion_id):
    """Change a draft before it is put to the vote."""
    motion = mq.load_motion(motion_id)
    policy.authorize("motion.edit", motion)
    form = MotionForm(obj=motion)
    _choices(form, motion)
    if not form.is_submitted():
        _fill(form, motion)
    if saved_form(form, lambda: service.update_motion(current_user, motion,
                                                      form.data_for_service())):
        flash("Motion updated", "success")
        return redirect(_detail_url(motion.id))
    return render_form("governance/motions/form.html", form, motion=motion)


def _preset(form: MotionForm) -> None:
    """A new form: the member's own office proposes; ?amendment_id= puts that amendment."""
    if current_user.office_id:
        form.proposer_office_id.data = str(current_user.office_id)
    chosen = request.args.get("amendment_id", "")
    amendment = next((a for a in mq.proposed_amendments() if str(a.id) == chosen), None)
    if amendment is not None:
        form.amendment_id.data, form.decision_type.data = str(amendment.id), "amendment"
        form.title.data = f"{amendment.reference}: {amendment.title}"
        form.text.data = (f"That the network adopts {amendment.reference} to the "
                          f"Constitution, ‘{amendment.title}’.")
        for field, office_id in (("proposer_office_id", amendment.proposer_office_id),
                                 ("seconder_office_id", amendment.seconder_office_id)):
            if office_id:
                getattr(form, field).data = str(office_id)


def _fill(form: MotionForm, motion) -> None:
    form.decision_type.data, form.method.data = motion.decision_type.value, motion.method.value
    for field in ("proposer_office_id", "seconder_office_id", "item_id", "amendment_id"):
        getattr(form, field).data = str(getattr(motion, field) or "")
    for name in ("opens", "closes"):
        if moment := getattr(motion, f"{name}_at"):
            getattr(form, f"{name}_on").data = local(moment).date()
            getattr(form, f"{name}_time").data = local(moment).strftime("%H:%M")


@bp.route("/<motion_id>")
@login_required
def detail(motion_id):
    """A motion: who proposed it, how it is decided, the rule, the votes and the result."""
    motion = mq.load_motion(motion_id)
    office = db.session.get(Office, current_user.office_id) if current_user.office_id else None
    shown_votes = motion_box.votes_by_name(motion.id) if motion.is_declared or (
        motion.method == MotionMethod.MEETING) else []
    ok, chain = vote_log.motion_verify(motion.id) if motion.opened_at else (True, "")
    return render_template(
        "governance/motions/detail.html", motion=motion, my_office=office,
        has_voted=motion_box.has_voted(motion.id, office.id if office else None),
        roll=motion_box.roll_count(motion.id), votes=shown_votes, labels=Choice.LABELS,
        yet_to_vote=mq.offices_yet_to_vote(motion) if policy.can(current_user, "motion.manage")
        and motion.status == MotionStatus.OPEN else [],
        amendment=mq.amendment_of(motion), log_ok=ok, log_message=chain,
        entries=vote_log.motion_entries(motion.id) if motion.opened_at else [],
        confirm=ConfirmForm(), S=MotionStatus, M=MotionMethod)


@bp.route("/<motion_id>/put", methods=["POST"])
@login_required
def put(motion_id):
    """Put a draft to the vote (the vote opens now at a held meeting, else at its time)."""
    motion = mq.load_motion(motion_id)
    policy.authorize("motion.manage", motion)
    return confirmed_change(lambda: service.put_to_vote(current_user, motion),
                            "Motion put to the vote", _detail_url(motion_id))


@bp.route("/<motion_id>/withdraw", methods=["POST"])
@login_required
def withdraw(motion_id):
    """Withdraw a motion no office has voted on yet."""
    motion = mq.load_motion(motion_id)
    if not (policy.can(current_user, "motion.manage")
            or policy.can(current_user, "motion.edit", motion)):
        abort(403)
    return confirmed_change(lambda: service.withdraw_motion(current_user, motion),
                            "Motion withdrawn", _detail_url(motion_id))


@bp.route("/<motion_id>/close", methods=["POST"])
@login_required
def close(motion_id):
    """Close a vote in writing (at its time, or once every office has voted) and declare."""
    motion = mq.load_motion(motion_id)
    policy.authorize("motion.manage", motion)
    return confirmed_change(lambda: service.close_vote(current_user, motion),
                            "Voting closed and the result declared", _detail_url(motion_id))


def _voter_office(motion) -> Office:
    office = db.session.get(Office, current_user.office_id) if current_user.office_id else None
    if not policy.can(current_user, "motion.vote", office) and (
            reason := policy.why_not(current_user, "motion.vote", motion, office=office)):
        abort(make_response(render_template("governance/motions/cannot_vote.html",
                                            motion=motion, reason=reason), 403))
    policy.authorize("motion.vote", office)
    return office


@bp.route("/<motion_id>/vote", methods=["GET", "POST"])
@login_required
def vote(motion_id):
    """Your office's vote in writing: For, Against or Abstain, once."""
    motion = mq.load_motion(motion_id)
    office = _voter_office(motion)
    if motion_box.has_voted(motion.id, office.id):
        return render_template("governance/motions/already.html", motion=motion), 409
    if motion.method != MotionMethod.WRITTEN or motion.status != MotionStatus.OPEN:
        raise Conflict("Voting on this motion is not open")
    form = VoteForm()
    receipt = saved_form(form, lambda: service.cast_vote(current_user, motion, form.choice.data))
    if receipt:
        return render_template("governance/motions/receipt.html", motion=motion,
                               receipt=receipt)
    refusal = getattr(form, "domain_error", None)
    if isinstance(refusal, Conflict):  # the office voted a moment ago, or voting closed
        return render_template("governance/motions/already.html", motion=motion,
                               message=refusal.message), 409
    return render_form("governance/motions/vote.html", form, motion=motion, office=office)


@bp.route("/<motion_id>/roll-call", methods=["GET", "POST"])
@login_required
def roll_call(motion_id):
    """Record each present office's vote at the meeting; the result is declared at once."""
    motion = mq.load_motion(motion_id)
    policy.authorize("motion.manage", motion)
    if motion.method != MotionMethod.MEETING or motion.status != MotionStatus.OPEN:
        raise Conflict("A roll call is recorded for a motion at a meeting, once its vote is open")
    present = list(service.present_offices(service.meeting_of(motion)).values())
    form = ConfirmForm()
    marks = {o.id: (request.form.get(f"office-{o.id}") or "")[:10] for o in present} \
        if request.method == "POST" else {}
    if saved_form(form, lambda: service.record_roll_call(current_user, motion, marks),
                  page_shows_errors=True):
        flash("Roll call recorded and the result declared", "success")
        return redirect(_detail_url(motion.id))
    if request.method == "POST":  # refused and rolled back: load afresh
        motion = mq.load_motion(motion_id)
    return render_form("governance/motions/roll_call.html", form, motion=motion,
                       present=present, marks=marks, labels=Choice.LABELS, choices=Choice.ALL,
                       error=getattr(form, "domain_error", None))

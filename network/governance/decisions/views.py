"""The decisions register: search and filter; record a decision on an item; supersede one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.governance.constitution.queries import version_adopted_by
from network.governance.decisions import queries as dq
from network.governance.decisions import services as service
from network.governance.decisions.forms import DecisionFilterForm, DecisionForm, SupersedeForm
from network.governance.motions.queries import motion_of_decision
from network.members import policy
from network.paging import paged
from network.web import parse_id, render_form, saved_form
from network.workplan.items.queries import load_item
from network.workplan.meetings.models import MeetingKind
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("decisions", __name__, url_prefix="/decisions")
PAGE_SIZE = 50


def load_decision(decision_id):
    """A decision the current user may read (404 otherwise)."""
    policy.authorize("decision.list")
    decision = dq.decision_with_links(parse_id(decision_id))
    if decision is None or not policy.can(current_user, "decision.view", decision):
        abort(404)
    return decision


@bp.route("/")
@login_required
def index():
    """The register, newest first, searchable and filterable; 50 to a page."""
    policy.authorize("decision.list")
    form = DecisionFilterForm(request.args)
    form.kind.choices = [("", "Any type")] + [(k.value, k.label) for k in MeetingKind]
    form.workstream.choices = workstream_choices("Any workstream")
    valid = form.validate() if request.args else True
    filters = dq.DecisionFilters()
    if valid:
        filters = dq.DecisionFilters(
            text=(form.q.data or "").strip(), date_from=form.date_from.data,
            date_to=form.date_to.data, kind=MeetingKind(form.kind.data) if form.kind.data
            else None, workstream_id=int(form.workstream.data) if form.workstream.data else None)
    decisions = paged(dq.register(current_user, filters), PAGE_SIZE)
    page, has_next = decisions.number, decisions.has_next
    ids = [d.id for d in decisions]
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "governance/decisions/index.html", form=form, decisions=decisions, page=page,
        has_next=has_next, args=args, workstreams=dq.workstream_names(decisions),
        replaced=service.superseded_ids(ids)), 200 if valid else 400


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Record a decision on an agenda item of a held meeting (?item_id=)."""
    policy.authorize("decision.record")
    item_id = request.args.get("item_id")
    if not item_id:
        abort(404)
    item = load_item(item_id)
    form = DecisionForm()
    form.workstream.choices = workstream_choices("None")
    if not form.is_submitted():
        form.workstream.data = str(item.workstream_id or item.meeting.workstream_id or "")
    if decision := saved_form(form, lambda: service.record_decision(
                current_user, item, form.text.data,
                int(form.workstream.data) if form.workstream.data else None)):
        flash(f"Decision {decision.reference} recorded", "success")
        return redirect(url_for("decisions.detail", decision_id=decision.id))
    if form.errors:  # the failed change was rolled back: load afresh
        item = load_item(item_id)
    return render_form("governance/decisions/form.html", form, item=item)


@bp.route("/<decision_id>")
@login_required
def detail(decision_id):
    """A decision, what it replaced and what replaced it."""
    decision = load_decision(decision_id)
    earlier = dq.decision_with_links(decision.supersedes_id) if decision.supersedes_id else None
    later = service.superseded_ids([decision.id]).get(decision.id)
    return render_template("governance/decisions/detail.html", decision=decision,
                           earlier=earlier, later=later,
                           motion=motion_of_decision(decision.id),
                           constitution_version=version_adopted_by(decision.id),
                           workstreams=dq.workstream_names([decision]))


@bp.route("/<decision_id>/supersede", methods=["GET", "POST"])
@login_required
def supersede(decision_id):
    """Record a new decision that replaces this one (this one is kept as it was)."""
    decision = load_decision(decision_id)
    policy.authorize("decision.record")
    form = SupersedeForm()
    if new_decision := saved_form(form, lambda: service.supersede_decision(
            current_user, decision, form.text.data, form.reason.data)):
        flash(f"Decision {new_decision.reference} recorded; it replaces "
              f"{decision.reference}", "success")
        return redirect(url_for("decisions.detail", decision_id=new_decision.id))
    if form.errors:  # the failed change was rolled back: load afresh
        decision = load_decision(decision_id)
    return render_form("governance/decisions/supersede.html", form, decision=decision)

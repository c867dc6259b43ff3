"""Workstreams: the list, one page with everything linked to it, set up and edit (secretariat),
status updates, milestones and risks (secretariat and the lead offices' leads)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from network.extensions import db
from network.forms import grouped_choices
from network.members import policy
from network.members import queries as member_queries
from network.members.models import Person, Role
from network.paging import paged
from network.time import today
from network.web import confirmed_change, render_form, saved_form
from network.workplan.workstreams import queries as wq
from network.workplan.workstreams import services as service
from network.workplan.workstreams.forms import (
    MilestoneForm,
    RiskForm,
    StatusUpdateForm,
    WorkstreamFilterForm,
    WorkstreamForm,
)
from network.workplan.workstreams.models import RAG_CHOICES, WorkstreamStatus

bp = Blueprint("workstreams", __name__, url_prefix="/workstreams")
PAGE_SIZE = 25


def _number(field) -> int | None:
    return int(field.data) if field.data else None


@bp.route("/")
@login_required
def index():
    """Workstreams, filtered by status and lead office, a page at a time."""
    policy.authorize("workstream.list")
    form = WorkstreamFilterForm(request.args)
    form.status.choices = [("", "Any status")] + [(s.value, s.label) for s in WorkstreamStatus]
    form.lead_office.choices = member_queries.active_office_choices("Any lead office")
    valid = form.validate() if request.args else True
    filters = wq.WorkstreamFilters()
    if valid:
        filters = wq.WorkstreamFilters(
            status=WorkstreamStatus(form.status.data) if form.status.data else None,
            lead_office_id=_number(form.lead_office))
    streams = paged(wq.workstream_list(current_user, filters), PAGE_SIZE)
    page, has_next = streams.number, streams.has_next
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("workplan/workstreams/index.html", form=form, streams=streams,
                           page=page, has_next=has_next, args=args), 200 if valid else 400


def _workstream_choices(form: WorkstreamForm) -> None:
    form.lead_office.choices = member_queries.active_office_choices("Choose the lead office")
    offices = [(int(v), label) for v, label in member_queries.active_office_choices(None)]
    form.co_lead_offices.choices = offices
    form.participating_offices.choices = offices
    form.secretariat_lead.choices = [("", "Not yet assigned")] + [
        (str(p.id), p.name) for p in db.session.scalars(
            select(Person).where(Person.role.in_([Role.SECRETARIAT, Role.SECRETARIAT_ADMIN]),
                                 Person.is_active.is_(True)).order_by(Person.name))]


def _workstream_data(form: WorkstreamForm) -> dict:
    return {"name": form.name.data, "description": form.description.data,
            "objectives": form.objectives.data, "lead_office_id": _number(form.lead_office),
            "co_lead_office_ids": form.co_lead_offices.data or [],
            "participating_office_ids": form.participating_offices.data or [],
            "secretariat_lead_id": _number(form.secretariat_lead), "ends_on": form.ends_on.data}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Set up a workstream (secretariat)."""
    policy.authorize("workstream.create")
    form = WorkstreamForm()
    _workstream_choices(form)
    if saved := saved_form(form, lambda: service.create_workstream(current_user,
                                                                   _workstream_data(form))):
        flash("Workstream set up", "success")
        return redirect(url_for("workstreams.detail", workstream_id=saved.id))
    return render_form("workplan/workstreams/form.html", form, workstream=None)


@bp.route("/<workstream_id>")
@login_required
def detail(workstream_id):
    """The workstream: status and its history, milestones, risks, and what is linked to it."""
    workstream = wq.load_workstream(workstream_id)
    return render_template("workplan/workstreams/detail.html", workstream=workstream,
                           linked=wq.linked_to(workstream, current_user), today=today(),
                           limit=wq.LINKED_LIMIT)


@bp.route("/<workstream_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workstream_id):
    """Change a workstream's details and offices (secretariat)."""
    workstream = wq.load_workstream(workstream_id)
    policy.authorize("workstream.edit", workstream)
    form = WorkstreamForm(obj=workstream)
    _workstream_choices(form)
    if not form.is_submitted():
        form.lead_office.data = str(workstream.lead_office_id or "")
        form.secretariat_lead.data = str(workstream.secretariat_lead_id or "")
        form.co_lead_offices.data = [o.id for o in workstream.co_lead_offices]
        form.participating_offices.data = [o.id for o in workstream.participating_offices]
    if saved_form(form, lambda: service.update_workstream(current_user, workstream,
                                                          _workstream_data(form))):
        flash("Workstream saved", "success")
        return redirect(url_for("workstreams.detail", workstream_id=workstream.id))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
    return render_form("workplan/workstreams/form.html", form, workstream=workstream)


@bp.route("/<workstream_id>/status", methods=["GET", "POST"])
@login_required
def update_status(workstream_id):
    """Post a RAG status update with its commentary (lead offices' leads, secretariat)."""
    workstream = wq.load_workstream(workstream_id)
    policy.authorize("workstream.update_status", workstream)
    form = StatusUpdateForm()
    may_close = policy.can(current_user, "workstream.edit", workstream)
    form.status.choices = RAG_CHOICES + ([(WorkstreamStatus.CLOSED.value, "Closed")]
                                         if may_close else [])
    if not form.is_submitted() and not workstream.is_closed:
        form.status.data = workstream.status.value
    if saved_form(form, lambda: service.post_status_update(
            current_user, workstream, form.status.data, form.commentary.data)):
        flash("Status update posted", "success")
        return redirect(url_for("workstreams.detail", workstream_id=workstream.id))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
    return render_form("workplan/workstreams/status.html", form, workstream=workstream)


# --- milestones ----------------------------------------------------------------------------

def _milestone_data(form: MilestoneForm) -> dict:
    return {"title": form.title.data, "due_on": form.due_on.data, "status": form.status.data,
            "evidence_url": form.evidence_url.data}


def _back(workstream, fragment: str) -> str:
    return url_for("workstreams.detail", workstream_id=workstream.id) + fragment


@bp.route("/<workstream_id>/milestones/new", methods=["GET", "POST"])
@login_required
def new_milestone(workstream_id):
    """Add a milestone."""
    workstream = wq.load_workstream(workstream_id)
    policy.authorize("workstream.manage_milestones", workstream)
    form = MilestoneForm()
    if saved_form(form, lambda: service.add_milestone(current_user, workstream,
                                                      _milestone_data(form))):
        flash("Milestone added", "success")
        return redirect(_back(workstream, "#milestones"))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
    return render_form("workplan/workstreams/milestone.html", form, workstream=workstream,
                       milestone=None)


@bp.route("/<workstream_id>/milestones/<milestone_id>/edit", methods=["GET", "POST"])
@login_required
def edit_milestone(workstream_id, milestone_id):
    """Change a milestone: its date, status or evidence."""
    workstream = wq.load_workstream(workstream_id)
    milestone = wq.load_milestone(workstream, milestone_id)
    policy.authorize("workstream.manage_milestones", workstream)
    form = MilestoneForm(obj=milestone)
    if not form.is_submitted():
        form.status.data = milestone.status.value
    if saved_form(form, lambda: service.update_milestone(current_user, workstream, milestone,
                                                         _milestone_data(form))):
        flash("Milestone saved", "success")
        return redirect(_back(workstream, "#milestones"))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
        milestone = wq.load_milestone(workstream, milestone_id)
    return render_form("workplan/workstreams/milestone.html", form, workstream=workstream,
                       milestone=milestone)


@bp.route("/<workstream_id>/milestones/<milestone_id>/done", methods=["POST"])
@login_required
def milestone_done(workstream_id, milestone_id):
    """Mark a milestone done today."""
    workstream = wq.load_workstream(workstream_id)
    milestone = wq.load_milestone(workstream, milestone_id)
    policy.authorize("workstream.manage_milestones", workstream)
    return confirmed_change(
        lambda: service.mark_milestone_done(current_user, workstream, milestone),
        "Milestone marked as done", _back(workstream, "#milestones"))


# --- risks ---------------------------------------------------------------------------------

def _risk_choices(form: RiskForm) -> None:
    form.owner_office.choices = member_queries.active_office_choices("No office")
    # a group per office, not one select of everyone in the network (issue 14)
    form.owner_person.choices = grouped_choices(member_queries.people_choice_groups(),
                                                empty="No one in particular")


def _risk_data(form: RiskForm) -> dict:
    return {"description": form.description.data, "likelihood": form.likelihood.data,
            "impact": form.impact.data, "mitigation": form.mitigation.data,
            "owner_office_id": _number(form.owner_office),
            "owner_person_id": _number(form.owner_person), "review_on": form.review_on.data}


@bp.route("/<workstream_id>/risks/new", methods=["GET", "POST"])
@login_required
def new_risk(workstream_id):
    """Add a risk."""
    workstream = wq.load_workstream(workstream_id)
    policy.authorize("workstream.manage_risks", workstream)
    form = RiskForm()
    _risk_choices(form)
    if saved_form(form, lambda: service.add_risk(current_user, workstream, _risk_data(form))):
        flash("Risk added", "success")
        return redirect(_back(workstream, "#risks"))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
        _risk_choices(form)
    return render_form("workplan/workstreams/risk.html", form, workstream=workstream, risk=None)


@bp.route("/<workstream_id>/risks/<risk_id>/edit", methods=["GET", "POST"])
@login_required
def edit_risk(workstream_id, risk_id):
    """Change an open risk: rescore it, its mitigation, owner or review date."""
    workstream = wq.load_workstream(workstream_id)
    risk = wq.load_risk(workstream, risk_id)
    policy.authorize("workstream.manage_risks", workstream)
    if not risk.is_open:
        abort(404)
    form = RiskForm(obj=risk)
    _risk_choices(form)
    if not form.is_submitted():
        form.likelihood.data, form.impact.data = str(risk.likelihood), str(risk.impact)
        form.owner_office.data = str(risk.owner_office_id or "")
        form.owner_person.data = str(risk.owner_person_id or "")
    if saved_form(form, lambda: service.update_risk(current_user, workstream, risk,
                                                    _risk_data(form))):
        flash("Risk saved", "success")
        return redirect(_back(workstream, "#risks"))
    if form.errors:
        workstream = wq.load_workstream(workstream_id)
        risk = wq.load_risk(workstream, risk_id)
        _risk_choices(form)
    return render_form("workplan/workstreams/risk.html", form, workstream=workstream, risk=risk)


@bp.route("/<workstream_id>/risks/<risk_id>/close", methods=["POST"])
@login_required
def close_risk(workstream_id, risk_id):
    """Close a risk (it stays on the record)."""
    workstream = wq.load_workstream(workstream_id)
    risk = wq.load_risk(workstream, risk_id)
    policy.authorize("workstream.manage_risks", workstream)
    return confirmed_change(lambda: service.close_risk(current_user, workstream, risk),
                            "Risk closed", _back(workstream, "#risks"))

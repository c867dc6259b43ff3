"""The policy tracker's pages: the filtered list, one development, record and change one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.members import policy
from network.paging import paged
from network.web import parse_id, render_form, saved_form, visible_or_404
from network.workplan.desk_inputs import secretariat_choices
from network.workplan.tracker import queries as tq
from network.workplan.tracker import services as service
from network.workplan.tracker.forms import (
    KIND_CHOICES,
    STATUS_CHOICES,
    PolicyEntryForm,
    PolicyFilterForm,
)
from network.workplan.tracker.models import PolicyKind, PolicyStatus
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("tracker", __name__, url_prefix="/policy-tracker")
PAGE_SIZE = 25


def load_entry(entry_id):
    """An entry the current user may see (404 otherwise: no guessing ids)."""
    policy.authorize("policy_entry.list")
    return visible_or_404(tq.entry_with_links(parse_id(entry_id)), "policy_entry.view")


def _filters() -> tuple[PolicyFilterForm, tq.PolicyFilters, bool]:
    form = PolicyFilterForm(request.args)
    form.status.choices = [("", "Any status")] + STATUS_CHOICES
    form.kind.choices = [("", "Opportunities and risks")] + KIND_CHOICES
    form.workstream.choices = workstream_choices("Any workstream")
    if request.args and not form.validate():
        return form, tq.PolicyFilters(), False
    return form, tq.PolicyFilters(
        status=PolicyStatus(form.status.data) if form.status.data else None,
        kind=PolicyKind(form.kind.data) if form.kind.data else None,
        workstream_id=int(form.workstream.data) if form.workstream.data else None), True


@bp.route("/")
@login_required
def index():
    """National policy developments, newest first, filtered by status, workstream and kind."""
    policy.authorize("policy_entry.list")
    form, filters, valid = _filters()
    entries = paged(tq.entry_list(current_user, filters), PAGE_SIZE)
    page, has_next = entries.number, entries.has_next
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("workplan/tracker/index.html", form=form, entries=entries,
                           page=page, has_next=has_next, args=args), 200 if valid else 400


def _choices(form: PolicyEntryForm) -> None:
    form.owner.choices = secretariat_choices("Choose an owner")
    form.workstreams.choices = [(int(v), t) for v, t in workstream_choices("")[1:]]


def _data(form: PolicyEntryForm) -> dict:
    return {"title": form.title.data, "source_url": form.source_url.data,
            "published_on": form.published_on.data, "summary": form.summary.data,
            "kind": form.kind.data, "workstream_ids": form.workstreams.data or [],
            "suggested_action": form.suggested_action.data,
            "owner_id": int(form.owner.data) if form.owner.data else None,
            "status": form.status.data}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Record a national policy development (secretariat)."""
    policy.authorize("policy_entry.create")
    form = PolicyEntryForm()
    _choices(form)
    if not form.is_submitted():
        form.owner.data = str(current_user.id)
    if entry := saved_form(form, lambda: service.create_entry(current_user, _data(form))):
        flash("Policy development recorded", "success")
        return redirect(url_for("tracker.detail", entry_id=entry.id))
    if form.errors:  # the failed change was rolled back: load afresh
        _choices(form)
    return render_form("workplan/tracker/form.html", form, entry=None)


@bp.route("/<entry_id>")
@login_required
def detail(entry_id):
    """One development: what it is, why it matters, who follows it up."""
    return render_template("workplan/tracker/detail.html", entry=load_entry(entry_id))


@bp.route("/<entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id):
    """Change a development's details, workstreams, owner or status (secretariat)."""
    entry = load_entry(entry_id)
    policy.authorize("policy_entry.edit", entry)
    form = PolicyEntryForm(obj=None if request.method == "POST" else entry)
    _choices(form)
    if not form.is_submitted():
        form.kind.data, form.status.data = entry.kind.value, entry.status.value
        form.owner.data = str(entry.owner_id)
        form.workstreams.data = [w.id for w in entry.workstreams]
    if saved_form(form, lambda: service.update_entry(current_user, entry, _data(form))):
        flash("Policy development updated", "success")
        return redirect(url_for("tracker.detail", entry_id=entry.id))
    if form.errors:
        entry = load_entry(entry_id)
        _choices(form)
    return render_form("workplan/tracker/form.html", form, entry=entry)

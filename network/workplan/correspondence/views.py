"""The correspondence log's pages: the filtered log, one record, log and change one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.members import policy
from network.members import queries as member_queries
from network.paging import paged
from network.time import today
from network.web import parse_id, render_form, saved_form, visible_or_404
from network.workplan.correspondence import queries as cq
from network.workplan.correspondence import services as service
from network.workplan.correspondence.forms import (
    STATUS_CHOICES,
    CorrespondenceFilterForm,
    CorrespondenceForm,
)
from network.workplan.correspondence.models import CorrespondenceStatus
from network.workplan.desk_inputs import secretariat_choices
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("correspondence", __name__, url_prefix="/correspondence")
PAGE_SIZE = 25


def load_correspondence(correspondence_id):
    """A record the current user may see (404 otherwise: no guessing ids)."""
    policy.authorize("correspondence.list")
    return visible_or_404(cq.correspondence_with_links(parse_id(correspondence_id)),
                          "correspondence.view")


def _offices(empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(o.id), o.name) for o in member_queries.offices()]


def _filters() -> tuple[CorrespondenceFilterForm, cq.CorrespondenceFilters, bool]:
    form = CorrespondenceFilterForm(request.args)
    form.status.choices = [("", "Any status")] + STATUS_CHOICES
    form.owner.choices = secretariat_choices("Anyone")
    form.office.choices = _offices("Any sender")
    if request.args and not form.validate():
        return form, cq.CorrespondenceFilters(), False

    def number(field):
        return int(field.data) if field.data else None

    return form, cq.CorrespondenceFilters(
        status=CorrespondenceStatus(form.status.data) if form.status.data else None,
        owner_id=number(form.owner), office_id=number(form.office),
        is_overdue=bool(form.overdue.data)), True


@bp.route("/")
@login_required
def index():
    """The queries and correspondence log (a member office sees what came from it)."""
    policy.authorize("correspondence.list")
    form, filters, valid = _filters()
    items = paged(cq.correspondence_log(current_user, filters), PAGE_SIZE)
    page, has_next = items.number, items.has_next
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("workplan/correspondence/index.html", form=form, items=items,
                           page=page, has_next=has_next, args=args,
                           today=today()), 200 if valid else 400


def _choices(form: CorrespondenceForm) -> None:
    form.from_office.choices = _offices("Not a member office")
    form.owner.choices = secretariat_choices("Choose an owner")
    form.workstream.choices = workstream_choices("None")
    form.meeting.choices = cq.meeting_choices("None")


def _data(form: CorrespondenceForm) -> dict:
    def number(field):
        return int(field.data) if field.data else None

    return {"kind": form.kind.data, "from_office_id": number(form.from_office),
            "from_organisation": form.from_organisation.data,
            "from_person": form.from_person.data, "received_on": form.received_on.data,
            "subject": form.subject.data, "summary": form.summary.data,
            "owner_id": number(form.owner), "due_on": form.due_on.data,
            "status": form.status.data, "replied_on": form.replied_on.data,
            "workstream_id": number(form.workstream), "meeting_id": number(form.meeting)}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Log a query or letter that has come in (secretariat)."""
    policy.authorize("correspondence.create")
    form = CorrespondenceForm()
    _choices(form)
    if not form.is_submitted():
        form.owner.data = str(current_user.id)
        form.received_on.data = today()
    if item := saved_form(form, lambda: service.log_correspondence(current_user, _data(form))):
        flash("Logged", "success")
        return redirect(url_for("correspondence.detail", correspondence_id=item.id))
    if form.errors:
        _choices(form)
    return render_form("workplan/correspondence/form.html", form, item=None)


@bp.route("/<correspondence_id>")
@login_required
def detail(correspondence_id):
    """One query or letter: from whom, about what, who answers it and by when."""
    return render_template("workplan/correspondence/detail.html",
                           item=load_correspondence(correspondence_id), today=today())


@bp.route("/<correspondence_id>/edit", methods=["GET", "POST"])
@login_required
def edit(correspondence_id):
    """Change a logged query or letter: record the reply, the status, a new owner."""
    item = load_correspondence(correspondence_id)
    policy.authorize("correspondence.edit", item)
    form = CorrespondenceForm()
    _choices(form)
    if not form.is_submitted():
        form.kind.data, form.status.data = item.kind.value, item.status.value
        form.from_office.data = str(item.from_office_id or "")
        form.from_organisation.data, form.from_person.data = (item.from_organisation,
                                                              item.from_person)
        form.received_on.data, form.due_on.data = item.received_on, item.due_on
        form.replied_on.data = item.replied_on
        form.subject.data, form.summary.data = item.subject, item.summary
        form.owner.data = str(item.owner_id)
        form.workstream.data = str(item.workstream_id or "")
        form.meeting.data = str(item.meeting_id or "")
    if saved_form(form, lambda: service.update_correspondence(current_user, item, _data(form))):
        flash("Changes saved", "success")
        return redirect(url_for("correspondence.detail", correspondence_id=item.id))
    if form.errors:
        item = load_correspondence(correspondence_id)
        _choices(form)
    return render_form("workplan/correspondence/form.html", form, item=item)

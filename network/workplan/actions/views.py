"""The action log: filter, export, what my office owes; record actions and their updates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import grouped_choices
from network.inputs import MAX_INT
from network.members import policy
from network.members import queries as member_queries
from network.paging import paged
from network.time import today
from network.web import attachment, parse_id, render_form, saved_form
from network.workplan.actions import exports as action_exports
from network.workplan.actions import queries as aq
from network.workplan.actions import services as service
from network.workplan.actions.forms import ActionFilterForm, ActionForm, ActionUpdateForm
from network.workplan.actions.models import ActionStatus
from network.workplan.items.queries import load_item
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("actions", __name__, url_prefix="/actions")
PAGE_SIZE = 25
STATUS_CHOICES = [(s.value, s.label) for s in ActionStatus]


def load_action(action_id):
    """An action the current user may see (404 otherwise: no guessing ids)."""
    policy.authorize("action.list")
    action = aq.action_with_history(parse_id(action_id))
    if action is None or not policy.can(current_user, "action.view", action):
        abort(404)
    return action


def _linked_meeting(value: str | None):
    """The meeting a filter link names by id (None when it names none); False when the id is
    not a meeting the person may see, so the form can say so."""
    if not value:
        return None
    ident = int(value) if value.isascii() and value.isdigit() and len(value) <= 10 else None
    meeting = aq.visible_meeting(current_user, ident) if ident and ident <= MAX_INT else None
    return meeting if meeting is not None else False


def _filter_form() -> tuple[ActionFilterForm, aq.ActionFilters, bool]:
    form = ActionFilterForm(request.args)
    form.office.choices = member_queries.active_office_choices("Any office")
    form.status.choices = [("", "Any status")] + STATUS_CHOICES
    form.workstream.choices = workstream_choices("Any workstream")
    valid = form.validate() if request.args else True
    meeting, arising = _linked_meeting(form.meeting.data), _linked_meeting(form.arising.data)
    if meeting is False or arising is False:
        form.meeting_text.errors = [*form.meeting_text.errors,
                                    "The meeting in the web address was not found: search "
                                    "for it by its title or date"]
        valid = False
    form.linked_meeting, form.arising_at = meeting or None, arising or None
    if not valid:
        return form, aq.ActionFilters(), False

    def number(field):
        return int(field.data) if field.data else None

    return form, aq.ActionFilters(
        office_id=number(form.office), meeting_id=meeting.id if meeting else None,
        workstream_id=number(form.workstream), is_overdue=bool(form.overdue.data),
        is_open=bool(form.open.data), meeting_text=form.meeting_text.data or "",
        arising_at=arising or None,
        status=ActionStatus(form.status.data) if form.status.data else None), True


@bp.route("/")
@login_required
def index():
    """The action log, filtered, a page at a time; on the first page, the most urgent of what a
    member office owes, with a link to all of it."""
    policy.authorize("action.list")
    form, filters, valid = _filter_form()
    actions = paged(aq.action_log(current_user, filters), PAGE_SIZE)
    owed = aq.owed_by_office(current_user)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "workplan/actions/index.html", form=form, actions=actions, page=actions.number,
        args=args, today=today(),
        owes=aq.most_urgent(owed) if owed is not None and actions.number == 1 else None,
        ), 200 if valid else 400


def _export(kind: str):
    policy.authorize("action.list")
    form, filters, valid = _filter_form()
    if not valid:
        abort(400)
    day = today()
    actions = list(db.session.scalars(aq.action_log(current_user, filters)))
    name = f"actions-{day.isoformat()}.{kind}"
    if kind == "csv":
        body, mimetype = action_exports.to_csv(actions, day), "text/csv; charset=utf-8"
    else:
        body = action_exports.to_xlsx(actions, day)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return attachment(body, mimetype, name)


@bp.route("/export.csv")
@login_required
def export_csv():
    """The filtered action log as CSV."""
    return _export("csv")


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    """The filtered action log as an Excel workbook."""
    return _export("xlsx")


def _new_form_choices(form: ActionForm) -> None:
    form.owner_office.choices = member_queries.active_office_choices("No office")
    # a group per office, not one select of everyone in the network (issue 14)
    form.owner_person.choices = grouped_choices(member_queries.people_choice_groups(),
                                                empty="No one in particular")
    form.workstream.choices = workstream_choices("None")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Record an action, on its own or from a meeting item (?item_id=)."""
    policy.authorize("action.create")
    item_id = request.args.get("item_id")
    item = load_item(item_id) if item_id else None
    form = ActionForm()
    _new_form_choices(form)
    if not form.is_submitted() and item is not None:
        form.workstream.data = str(item.workstream_id or "")
    def change():
        def chosen(field):
            return int(field.data) if field.data else None

        return service.create_action(current_user, {
            "description": form.description.data, "due_on": form.due_on.data,
            "owner_office_id": chosen(form.owner_office),
            "owner_person_id": chosen(form.owner_person),
            "workstream_id": chosen(form.workstream), "item_id": item.id if item else None,
            "is_recorded_late": bool(form.is_recorded_late.data),
            "recorded_late_reason": form.recorded_late_reason.data})

    if action := saved_form(form, change):
        flash("Action recorded", "success")
        return redirect(url_for("actions.detail", action_id=action.id))
    if form.errors:  # the failed change was rolled back: load afresh
        item = load_item(item_id) if item_id else None
        _new_form_choices(form)
    return render_form("workplan/actions/form.html", form, item=item)


@bp.route("/<action_id>")
@login_required
def detail(action_id):
    """An action and its dated updates."""
    action = load_action(action_id)
    return render_template("workplan/actions/detail.html", action=action,
                           today=today())


@bp.route("/<action_id>/update", methods=["GET", "POST"])
@login_required
def update(action_id):
    """Add a dated note and set the status (secretariat or the owner office)."""
    action = load_action(action_id)
    policy.authorize("action.update", action)
    form = ActionUpdateForm()
    form.status.choices = STATUS_CHOICES
    if not form.is_submitted():
        form.status.data = action.status.value
    if saved_form(form, lambda: service.update_action(current_user, action, form.status.data,
                                                      form.note.data)):
        flash("Update saved", "success")
        return redirect(url_for("actions.detail", action_id=action.id))
    if form.errors:  # the failed change was rolled back: load afresh
        action = load_action(action_id)
    return render_form("workplan/actions/update.html", form, action=action)


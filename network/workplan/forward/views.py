"""The forward agenda (paged, print and .ics), plan entries, and the annual workplan with its
Excel and PDF exports."""

from __future__ import annotations

import io

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.forms import ConfirmForm
from network.inputs import query_int
from network.members import policy
from network.members import queries as member_queries
from network.paging import DEFAULT_PAGE_SIZE as PAGE_SIZE
from network.paging import page_number
from network.time import today
from network.web import confirmed_change, render_form, saved_form
from network.workplan.forward import annual, exports
from network.workplan.forward import calendar as forward_calendar
from network.workplan.forward import queries as fq
from network.workplan.forward import services as service
from network.workplan.forward.forms import ConvertForm, ForwardFilterForm, PlanEntryForm
from network.workplan.forward.models import PlanStatus
from network.workplan.items.models import ItemPurpose
from network.workplan.items.rules import deadline_passed
from network.workplan.meetings.models import Meeting, MeetingKind
from network.workplan.workstreams.queries import workstream_choices

bp = Blueprint("forward", __name__, url_prefix="/forward-agenda")
workplan_bp = Blueprint("annual", __name__, url_prefix="/workplan")


def _filters() -> tuple[ForwardFilterForm, fq.Filters, bool]:
    form = ForwardFilterForm(request.args)
    form.kind.choices = ([("", "Any type")] + [(k.value, k.label) for k in MeetingKind]
                         + [(fq.ELECTIONS, "Elections and votes")])
    form.workstream.choices = workstream_choices("Any workstream")
    # observers are not shown the member offices (as on /offices/)
    form.office.choices = (member_queries.active_office_choices("Any office")
                           if policy.can(current_user, "office.list") else [("", "Any office")])
    if request.args and not form.validate():
        return form, fq.Filters(), False
    return form, fq.Filters.chosen(
        form.kind.data, int(form.workstream.data) if form.workstream.data else None,
        int(form.office.data) if form.office.data else None), True


@bp.route("/")
@login_required
def index():
    """The next twelve months, a page of meetings at a time: meetings, items, deadlines, and
    the elections and votes in the part of the twelve months the page covers."""
    policy.authorize("forward.view")
    form, filters, valid = _filters()
    agenda = fq.forward_agenda_page(current_user, filters, page_number(), PAGE_SIZE,
                                    counted=True)
    # the filters the page links keep: none when they were refused (the page shows everything)
    args = {k: v for k, v in request.args.items()
            if valid and k in ("kind", "workstream", "office")}
    return render_template("workplan/forward/index.html", form=form, agenda=agenda, args=args,
                           today=today(), filtered=bool(args)), 200 if valid else 400


@bp.route("/forward-agenda.ics")
@login_required
def calendar_ics():
    """The forward agenda (with the same filters) as a calendar file: the whole twelve months,
    not a page (a calendar is not read a page at a time; the window bounds it)."""
    policy.authorize("forward.view")
    _form, filters, _valid = _filters()
    agenda = fq.forward_agenda(current_user, filters)
    return Response(forward_calendar.forward_ics(agenda, today()), headers={
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'attachment; filename="forward-agenda.ics"',
        "Cache-Control": "private, no-store"})


# --- plan entries ------------------------------------------------------------------------

def _entry_choices(form: PlanEntryForm, current: Meeting | None = None) -> None:
    meetings = fq.target_meetings()
    if current is not None and current not in meetings:
        meetings.insert(0, current)
    form.meeting_id.choices = [("", "Select a meeting")] + [
        (str(m.id), f"{m.title} ({m.starts_at:%-d %b %Y})") for m in meetings]
    form.workstream.choices = workstream_choices("None")
    form.lead_office.choices = member_queries.active_office_choices("No lead office yet")


def _entry_data(form: PlanEntryForm) -> tuple[Meeting | None, dict]:
    raw = form.meeting_id.data or ""
    meeting = db.session.get(Meeting, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    return meeting, {
        "title": form.title.data, "purpose": ItemPurpose(form.purpose.data),
        "notes": form.notes.data or "", "minutes_planned": form.minutes_planned.data,
        "workstream_id": int(form.workstream.data) if form.workstream.data else None,
        "lead_office_id": int(form.lead_office.data) if form.lead_office.data else None}


@bp.route("/plan/new", methods=["GET", "POST"])
@login_required
def new_entry():
    """Plan an item for a future meeting before anyone submits it."""
    policy.authorize("plan.manage")
    form = PlanEntryForm()
    _entry_choices(form)
    if not form.is_submitted() and request.args.get("meeting_id", "").isdigit():
        form.meeting_id.data = request.args["meeting_id"]
    saved = saved_form(form, lambda: service.plan_item(current_user, *_entry_data(form)))
    if saved:
        flash("Item planned", "success")
        return redirect(url_for("forward.entry", entry_id=saved.id))
    return render_form("workplan/forward/entry_form.html", form, entry=None)


@bp.route("/plan/<entry_id>")
@login_required
def entry(entry_id):
    """A plan entry and its history (planned, moved, changed, put on the agenda)."""
    found = fq.load_entry(entry_id)
    return render_template("workplan/forward/entry.html", entry=found, confirm=ConfirmForm(),
                           S=PlanStatus)


@bp.route("/plan/<entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id):
    """Change a plan entry or move it to another meeting."""
    found = fq.load_entry(entry_id)
    policy.authorize("plan.manage", found)
    form = PlanEntryForm()
    _entry_choices(form, found.meeting)
    if not form.is_submitted():
        form.title.data, form.notes.data = found.title, found.notes
        form.minutes_planned.data = found.minutes_planned
        form.meeting_id.data = str(found.meeting_id)
        form.purpose.data = found.purpose.value
        form.workstream.data = str(found.workstream_id or "")
        form.lead_office.data = str(found.lead_office_id or "")
    saved = saved_form(form, lambda: service.update_entry(current_user, found,
                                                          *_entry_data(form)))
    if saved:
        flash("Plan entry saved", "success")
        return redirect(url_for("forward.entry", entry_id=found.id))
    if form.errors:  # a refused change was rolled back: load afresh
        found = fq.load_entry(entry_id)
    return render_form("workplan/forward/entry_form.html", form, entry=found)


@bp.route("/plan/<entry_id>/convert", methods=["GET", "POST"])
@login_required
def convert(entry_id):
    """The paper has arrived: put the planned item on its meeting's agenda."""
    found = fq.load_entry(entry_id)
    policy.authorize("plan.manage", found)
    form = ConvertForm()
    if not form.is_submitted():
        form.summary.data = found.notes
    saved = saved_form(form, lambda: service.convert_to_item(
        current_user, found, found.meeting, form.summary.data, form.late_reason.data or ""))
    if saved:
        flash("The planned item is on the agenda", "success")
        return redirect(url_for("items.detail", item_id=saved.id))
    if form.errors:  # a refused change was rolled back: load afresh
        found = fq.load_entry(entry_id)
    return render_form("workplan/forward/convert.html", form, entry=found,
                       deadline_passed=deadline_passed(found.meeting))


@bp.route("/plan/<entry_id>/drop", methods=["POST"])
@login_required
def drop(entry_id):
    """Take a planned item off the plan (it keeps its history)."""
    found = fq.load_entry(entry_id)
    policy.authorize("plan.manage", found)
    return confirmed_change(lambda: service.drop_entry(current_user, found),
                            "Taken off the plan", url_for("forward.entry", entry_id=found.id))


# --- the annual workplan -----------------------------------------------------------------

def _year() -> int:
    return query_int("year", annual.current_year(), minimum=2000, maximum=2100,
                     label="The year")


@workplan_bp.route("/", endpoint="index")
@login_required
def workplan_index():
    """A financial year by quarter and by workstream."""
    policy.authorize("workplan.view")
    plan = annual.annual_workplan(current_user, _year())
    return render_template("workplan/forward/workplan.html", plan=plan)


@workplan_bp.route("/workplan.xlsx")
@login_required
def export_xlsx():
    """The year's workplan as an Excel workbook."""
    policy.authorize("workplan.view")
    plan = annual.annual_workplan(current_user, _year())
    return _download(exports.to_xlsx(plan), f"workplan-{plan.year}-{plan.year + 1}.xlsx",
                     exports.XLSX)


@workplan_bp.route("/workplan.pdf")
@login_required
def export_pdf():
    """The year's workplan as an A4 landscape PDF."""
    policy.authorize("workplan.view")
    plan = annual.annual_workplan(current_user, _year())
    return _download(exports.to_pdf(plan), f"workplan-{plan.year}-{plan.year + 1}.pdf",
                     "application/pdf")


def _download(data: bytes, name: str, mimetype: str):
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

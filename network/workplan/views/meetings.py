"""Meetings: list, create, change, open for items, publish, hold, cancel; the agenda page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from network.errors import DomainError
from network.extensions import db
from network.members import policy
from network.members import queries as member_queries
from network.members.forms import ConfirmForm
from network.members.models import Office, OfficeStatus, Person, Role
from network.web import attach_error, confirmed_change, parse_id, saved_form
from network.workplan import queries
from network.workplan.actions_queries import matters_arising
from network.workplan.forms import CancelForm, MeetingForm
from network.workplan.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.services import meetings as service
from network.workplan.services.items import deadline_passed

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
LONDON = ZoneInfo("Europe/London")


def load_meeting(meeting_id) -> Meeting:
    """A meeting the current user is invited to (404 for others: no guessing ids)."""
    meeting = queries.meeting_with_agenda(parse_id(meeting_id))
    if meeting is None or not policy.can(current_user, "meeting.view", meeting):
        abort(404)
    return meeting


def _choices(form: MeetingForm) -> None:
    form.secretariat_lead.choices = [("", "Not yet assigned")] + [
        (str(p.id), p.name) for p in db.session.scalars(
            select(Person).where(Person.role.in_([Role.SECRETARIAT, Role.SECRETARIAT_ADMIN]),
                                 Person.is_active.is_(True)).order_by(Person.name))]
    form.workstream.choices = queries.workstream_choices("None")
    form.offices.choices = [(o.id, o.name) for o in member_queries.offices(OfficeStatus.ACTIVE)]
    form.observers.choices = [(p.id, f"{p.name} ({p.job_title})") for p in db.session.scalars(
        select(Person).where(Person.role == Role.OBSERVER, Person.is_active.is_(True))
        .order_by(Person.name))]


def _data(form: MeetingForm) -> tuple[dict, list[Office], list[Person]]:
    from network.governance.forms import london_datetime

    starts = london_datetime(form.day.data, form.start_time.data)
    ends = london_datetime(form.day.data, form.end_time.data)
    data = {"title": form.title.data, "kind": MeetingKind(form.kind.data), "starts_at": starts,
            "ends_at": ends, "venue": form.venue.data or "", "room": form.room.data or "",
            "online_link": form.online_link.data or "", "chair": form.chair.data or "",
            "logistics_notes": form.logistics_notes.data or "",
            "is_all_offices": bool(form.is_all_offices.data),
            "workstream_id": int(form.workstream.data) if form.workstream.data else None,
            "secretariat_lead_id": int(form.secretariat_lead.data)
            if form.secretariat_lead.data else None}
    offices = [db.session.get(Office, i) for i in form.offices.data or []]
    observers = [db.session.get(Person, i) for i in form.observers.data or []]
    return data, offices, observers


@bp.route("/")
@login_required
def index():
    """Upcoming and past meetings the user is invited to."""
    policy.authorize("meeting.list")
    return render_template("workplan/meetings/index.html",
                           upcoming=queries.visible_meetings(current_user, upcoming=True),
                           past=queries.visible_meetings(current_user, upcoming=False)[:20])


def _save(form: MeetingForm, meeting: Meeting | None):
    data, offices, observers = _data(form)
    try:
        if meeting is None:
            meeting = service.create_meeting(current_user, data, offices, observers)
        else:
            service.update_meeting(current_user, meeting, data, offices, observers)
    except DomainError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return None
    db.session.commit()
    flash("Meeting saved", "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Create a meeting; standing items and deadlines are added for you."""
    policy.authorize("meeting.create")
    form = MeetingForm()
    _choices(form)
    if form.validate_on_submit() and (done := _save(form, None)):
        return done
    return render_template("workplan/meetings/form.html", form=form, meeting=None), (
        400 if form.errors else 200)


@bp.route("/<meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    """Change a meeting (calendars get the update)."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = MeetingForm(obj=meeting)
    _choices(form)
    if form.validate_on_submit() and (done := _save(form, meeting)):
        return done
    if not form.is_submitted():
        local_start, local_end = (meeting.starts_at.astimezone(LONDON),
                                  meeting.ends_at.astimezone(LONDON))
        form.kind.data = meeting.kind.value
        form.day.data = local_start.date()
        form.start_time.data, form.end_time.data = (local_start.strftime("%H:%M"),
                                                    local_end.strftime("%H:%M"))
        form.secretariat_lead.data = str(meeting.secretariat_lead_id or "")
        form.workstream.data = str(meeting.workstream_id or "")
        form.offices.data = [o.id for o in meeting.offices]
        form.observers.data = [p.id for p in meeting.observers]
    return render_template("workplan/meetings/form.html", form=form, meeting=meeting), (
        400 if form.errors else 200)


@bp.route("/<meeting_id>")
@login_required
def detail(meeting_id):
    """The meeting: logistics, deadlines, agenda and papers, submissions."""
    meeting = load_meeting(meeting_id)
    return render_template(
        "workplan/meetings/detail.html", meeting=meeting,
        agenda=queries.agenda(meeting, current_user),
        submissions=queries.submissions(meeting, current_user),
        deadline_passed=deadline_passed(meeting), confirm=ConfirmForm(),
        matters=matters_arising(meeting) if policy.can(current_user, "action.list") else [],
        S=MeetingStatus, now=datetime.now(LONDON))


def _transition(meeting_id, change, message: str):
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    return confirmed_change(lambda: change(meeting), message,
                            url_for("meetings.detail", meeting_id=meeting.id))


@bp.route("/<meeting_id>/open", methods=["POST"])
@login_required
def open_for_items(meeting_id):
    """Open the meeting for item submissions."""
    return _transition(meeting_id, lambda m: service.open_for_items(current_user, m),
                       "Member offices can now submit items")


@bp.route("/<meeting_id>/held", methods=["POST"])
@login_required
def held(meeting_id):
    """Record that the meeting took place."""
    return _transition(meeting_id, lambda m: service.mark_held(current_user, m),
                       "Meeting marked as held")


@bp.route("/<meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id):
    """Cancel the meeting with a reason."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = CancelForm()
    if saved_form(form, lambda: service.cancel_meeting(current_user, meeting, form.reason.data)):
        flash("Meeting cancelled; invitees are being told", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template("workplan/meetings/cancel.html", form=form, meeting=meeting), (
        400 if form.errors else 200)

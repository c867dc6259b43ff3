"""The record of a meeting: RSVPs, attendance, declarations and the minutes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from network.errors import ValidationFailed
from network.extensions import db
from network.forms import ConfirmForm
from network.members import policy
from network.members.models import Office, OfficeStatus
from network.web import attachment, confirmed_change, render_form, saved_form
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import MeetingStatus
from network.workplan.meetings.queries import load_managed_meeting, load_meeting
from network.workplan.meetings.services import invitees
from network.workplan.minutes import documents
from network.workplan.minutes import queries as minute_queries
from network.workplan.minutes import services as service
from network.workplan.minutes.forms import (
    DeclarationForm,
    MinuteForm,
    RecirculateForm,
    RevisionForm,
    RsvpForm,
)
from network.workplan.minutes.models import (
    Attendance,
    AttendanceStatus,
    Declaration,
    RsvpResponse,
)

bp = Blueprint("minutes", __name__, url_prefix="/meetings")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _agenda_item(meeting, item_id):
    item = next((i for i in meeting.items if str(i.id) == str(item_id)), None)
    if item is None or not item.is_on_agenda or not policy.can(current_user, "item.view", item):
        abort(404)
    return item


@bp.route("/<meeting_id>/minutes")
@login_required
def show(meeting_id):
    """The minutes (marked draft until approved), item by item, with attendance."""
    meeting = _readable_minutes(meeting_id)
    return render_template(
        "workplan/minutes/show.html", meeting=meeting,
        record=documents.minutes_record(meeting, current_user),
        revisions=service.revisions(meeting), earlier=service.previous_meeting(meeting),
        confirm=ConfirmForm(), S=MeetingStatus,
        editable=policy.can(current_user, "meeting.manage", meeting)
        and meeting.status in service.DRAFTING)


def _readable_minutes(meeting_id):
    meeting = load_meeting(meeting_id)
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED,
                              MeetingStatus.MINUTES_APPROVED):
        abort(404)
    return meeting


def _minutes_file(meeting_id, render, extension: str, mimetype: str) -> Response:
    meeting = _readable_minutes(meeting_id)
    body = render(documents.minutes_record(meeting, current_user))
    return attachment(body, mimetype, f"minutes-{meeting.id}.{extension}")


@bp.route("/<meeting_id>/minutes.pdf")
@login_required
def minutes_pdf(meeting_id):
    """The minutes as a PDF (draft until approved)."""
    return _minutes_file(meeting_id, documents.minutes_pdf, "pdf", "application/pdf")


@bp.route("/<meeting_id>/minutes.docx")
@login_required
def minutes_docx(meeting_id):
    """The minutes as a Word document (draft until approved)."""
    return _minutes_file(meeting_id, documents.minutes_docx, "docx", DOCX)


@bp.route("/<meeting_id>/minutes/items/<item_id>", methods=["GET", "POST"])
@login_required
def edit_item(meeting_id, item_id):
    """Write the minute of one item."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    item = _agenda_item(meeting, item_id)
    form = MinuteForm(obj=None)
    if saved_form(form, lambda: service.save_minute(current_user, meeting, item,
                                                    form.text.data or "")):
        flash(f"Minute of '{item.title}' saved", "success")
        return redirect(url_for("minutes.show", meeting_id=meeting.id) + f"#item-{item.id}")
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
        item = _agenda_item(meeting, item_id)
    elif not form.is_submitted():
        form.text.data = item.minute_text
    return render_form("workplan/minutes/edit_item.html", form, meeting=meeting, item=item)


@bp.route("/<meeting_id>/minutes/recirculate", methods=["GET", "POST"])
@login_required
def recirculate(meeting_id):
    """Send changed draft minutes round again, with a note of what changed."""
    meeting = load_managed_meeting(meeting_id)
    form = RecirculateForm()
    if saved_form(form, lambda: service.recirculate(current_user, meeting, form.changes.data)):
        flash("Revised draft minutes circulated", "success")
        return redirect(url_for("minutes.show", meeting_id=meeting.id))
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_managed_meeting(meeting_id)
    return render_form("workplan/minutes/recirculate.html", form, meeting=meeting,
                       rounds=service.circulations(meeting))


@bp.route("/<meeting_id>/minutes/circulate", methods=["POST"])
@login_required
def circulate(meeting_id):
    """Send the draft minutes to the invitees."""
    meeting = load_managed_meeting(meeting_id)
    return confirmed_change(lambda: service.circulate(current_user, meeting),
                            "Draft minutes circulated",
                            url_for("minutes.show", meeting_id=meeting.id))


@bp.route("/<meeting_id>/minutes/approve-previous", methods=["POST"])
@login_required
def approve_previous(meeting_id):
    """At this meeting, approve the minutes of the previous one; they lock."""
    meeting = load_managed_meeting(meeting_id)
    return confirmed_change(lambda: service.approve(current_user, meeting),
                            "The previous meeting's minutes are approved and locked",
                            url_for("minutes.show", meeting_id=meeting.id))


@bp.route("/<meeting_id>/minutes/items/<item_id>/correct", methods=["GET", "POST"])
@login_required
def correct(meeting_id, item_id):
    """Correct an approved minute; the earlier text and the reason are kept."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    item = _agenda_item(meeting, item_id)
    form = RevisionForm()
    if saved_form(form, lambda: service.revise(current_user, meeting, item, form.text.data,
                                               form.reason.data)):
        flash("Correction saved; the earlier text is kept in the history", "success")
        return redirect(url_for("minutes.show", meeting_id=meeting.id) + f"#item-{item.id}")
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
        item = _agenda_item(meeting, item_id)
    elif not form.is_submitted():
        form.text.data = item.minute_text
    return render_form("workplan/minutes/correct.html", form, meeting=meeting, item=item)


attendance_bp = Blueprint("attendance", __name__, url_prefix="/meetings")


@attendance_bp.route("/<meeting_id>/rsvp", methods=["GET", "POST"])
@login_required
def rsvp(meeting_id):
    """Say how you will attend, or send apologies or a substitute."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.rsvp", meeting)
    form = RsvpForm()
    form.response.choices = [(r.value, r.label) for r in RsvpResponse
                             if r != RsvpResponse.ONLINE or meeting.online_link]
    current = minute_queries.reply_of(meeting, current_user)
    if saved_form(form, lambda: service.rsvp(
            current_user, meeting, RsvpResponse(form.response.data),
            form.substitute_name.data or "", form.needs.data or "")):
        flash("Reply saved", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
    elif not form.is_submitted() and current is not None:
        form.response.data = current.response.value
        form.substitute_name.data = current.substitute_name
        form.needs.data = current.dietary_or_access_needs
    return render_form("workplan/minutes/rsvp.html", form, meeting=meeting)


def _offices(meeting) -> list[Office]:
    if meeting.is_all_offices:
        return list(db.session.scalars(select(Office).where(Office.status == OfficeStatus.ACTIVE)
                                       .order_by(Office.name)))
    return sorted(meeting.offices, key=lambda o: o.name)


@attendance_bp.route("/<meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def record(meeting_id):
    """Record attendance per office and see whether the meeting is quorate."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    offices = _offices(meeting)
    recorded = {a.office_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    replies = minute_queries.replies(meeting)
    by_office = minute_queries.office_replies(replies)
    expected = {o.id: minute_queries.expected_attendance(by_office.get(o.id)) for o in offices}
    office_counts = minute_queries.reply_counts([o.id for o in offices], by_office)
    form = ConfirmForm()  # the CSRF token; one select and one box per office come as they are

    def change():
        statuses = {}
        for office in offices:
            raw = request.form.get(f"office-{office.id}", "")
            try:
                status = AttendanceStatus(raw)
            except ValueError as exc:
                raise ValidationFailed(f"Select the attendance of {office.name}",
                                       f"office-{office.id}") from exc
            statuses[office.id] = (status, request.form.get(f"by-{office.id}", "")[:300])
        return service.record_attendance(current_user, meeting, statuses)

    if saved_form(form, change, page_shows_errors=True):
        flash("Attendance saved", "success")
        return redirect(url_for("attendance.record", meeting_id=meeting.id))
    if getattr(form, "domain_error", None):  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
    return render_form(
        "workplan/minutes/attendance.html", form, meeting=meeting, offices=offices,
        recorded=recorded, replies=replies, by_office=by_office, expected=expected,
        office_counts=office_counts, quorum=service.quorum(meeting),
        error=getattr(form, "domain_error", None), statuses=AttendanceStatus,
        form_values=request.form, catering=service.catering(meeting, len(invitees(meeting))))


@attendance_bp.route("/<meeting_id>/declarations", methods=["GET", "POST"])
@login_required
def declarations(meeting_id):
    """Record declarations of interest made at the meeting."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = DeclarationForm()
    form.item.choices = [(str(i.id), i.title) for i in meeting.items if i.is_on_agenda]
    def change():
        item = db.session.get(AgendaItem, int(form.item.data))
        return service.declare_interest(current_user, meeting, item, form.declared_by.data,
                                        form.interest.data)

    if saved_form(form, change):
        flash("Declaration recorded", "success")
        return redirect(url_for("attendance.declarations", meeting_id=meeting.id))
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
    made = db.session.scalars(select(Declaration).where(Declaration.meeting_id == meeting.id)
                              .order_by(Declaration.id)).all()
    titles = {i.id: i.title for i in meeting.items}
    return render_form("workplan/minutes/declarations.html", form, meeting=meeting,
                       declarations=made, titles=titles)

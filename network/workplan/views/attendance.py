"""RSVPs, attendance with quorum, and declarations of interest."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from network.errors import DomainError, ValidationFailed
from network.extensions import db
from network.members import policy
from network.members.models import Office, OfficeStatus
from network.web import attach_error, saved_form
from network.workplan.forms import DeclarationForm, RsvpForm
from network.workplan.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    Rsvp,
    RsvpResponse,
)
from network.workplan.services import attendance as service
from network.workplan.services.meetings import invitees
from network.workplan.views.meetings import load_meeting

bp = Blueprint("attendance", __name__, url_prefix="/meetings")


@bp.route("/<meeting_id>/rsvp", methods=["GET", "POST"])
@login_required
def rsvp(meeting_id):
    """Say how you will attend, or send apologies or a substitute."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.rsvp", meeting)
    form = RsvpForm()
    form.response.choices = [(r.value, r.label) for r in RsvpResponse
                             if r != RsvpResponse.ONLINE or meeting.online_link]
    current = db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == meeting.id,
                                                   Rsvp.person_id == current_user.id))
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
    return render_template("workplan/attendance/rsvp.html", form=form, meeting=meeting), (
        400 if form.errors else 200)


def _offices(meeting) -> list[Office]:
    if meeting.is_all_offices:
        return list(db.session.scalars(select(Office).where(Office.status == OfficeStatus.ACTIVE)
                                       .order_by(Office.name)))
    return sorted(meeting.offices, key=lambda o: o.name)


@bp.route("/<meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def record(meeting_id):
    """Record attendance per office and see whether the meeting is quorate."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    offices = _offices(meeting)
    recorded = {a.office_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    replies = db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id)
                                 .options(db.joinedload(Rsvp.person))).all()
    error = None
    if request.method == "POST":
        try:
            statuses = {}
            for office in offices:
                raw = request.form.get(f"office-{office.id}", "")
                try:
                    status = AttendanceStatus(raw)
                except ValueError as exc:
                    raise ValidationFailed(f"Select the attendance of {office.name}",
                                           f"office-{office.id}") from exc
                statuses[office.id] = (status, request.form.get(f"by-{office.id}", "")[:300])
            service.record_attendance(current_user, meeting, statuses)
        except DomainError as exc:
            db.session.rollback()
            meeting = load_meeting(meeting_id)
            error = exc
        else:
            db.session.commit()
            flash("Attendance saved", "success")
            return redirect(url_for("attendance.record", meeting_id=meeting.id))
    return render_template(
        "workplan/attendance/record.html", meeting=meeting, offices=offices, recorded=recorded,
        replies=replies, quorum=service.quorum(meeting), error=error, statuses=AttendanceStatus,
        form_values=request.form, catering=service.catering(meeting, len(invitees(meeting))),
        confirm_token=True), 400 if error else 200


@bp.route("/<meeting_id>/declarations", methods=["GET", "POST"])
@login_required
def declarations(meeting_id):
    """Record declarations of interest made at the meeting."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = DeclarationForm()
    form.item.choices = [(str(i.id), i.title) for i in meeting.items if i.is_on_agenda]
    if form.validate_on_submit():
        try:
            item = db.session.get(AgendaItem, int(form.item.data))
            service.declare_interest(current_user, meeting, item, form.declared_by.data,
                                     form.interest.data)
        except DomainError as exc:
            db.session.rollback()
            meeting = load_meeting(meeting_id)
            attach_error(form, exc)
        else:
            db.session.commit()
            flash("Declaration recorded", "success")
            return redirect(url_for("attendance.declarations", meeting_id=meeting.id))
    made = db.session.scalars(select(Declaration).where(Declaration.meeting_id == meeting.id)
                              .order_by(Declaration.id)).all()
    titles = {i.id: i.title for i in meeting.items}
    return render_template("workplan/attendance/declarations.html", form=form, meeting=meeting,
                           declarations=made, titles=titles), 400 if form.errors else 200

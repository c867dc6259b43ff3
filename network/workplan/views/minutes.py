"""Minutes: draft per item, circulate, approve at the next meeting, correct with a reason."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network.members import policy
from network.members.forms import ConfirmForm
from network.web import confirmed_change, saved_form
from network.workplan import minutes_documents as documents
from network.workplan.forms import MinuteForm, RevisionForm
from network.workplan.models import MeetingStatus
from network.workplan.services import minutes as service
from network.workplan.views.meetings import load_meeting

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


@bp.route("/<meeting_id>/minutes.pdf")
@login_required
def minutes_pdf(meeting_id):
    """The minutes as a PDF (draft until approved)."""
    meeting = _readable_minutes(meeting_id)
    body = documents.minutes_pdf(documents.minutes_record(meeting, current_user))
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="minutes-{meeting.id}.pdf"'})


@bp.route("/<meeting_id>/minutes.docx")
@login_required
def minutes_docx(meeting_id):
    """The minutes as a Word document (draft until approved)."""
    meeting = _readable_minutes(meeting_id)
    body = documents.minutes_docx(documents.minutes_record(meeting, current_user))
    return Response(body, mimetype=DOCX, headers={
        "Content-Disposition": f'attachment; filename="minutes-{meeting.id}.docx"'})


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
    return render_template("workplan/minutes/edit_item.html", form=form, meeting=meeting,
                           item=item), 400 if form.errors else 200


def _transition(meeting_id, change, message: str):
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    return confirmed_change(lambda: change(meeting), message,
                            url_for("minutes.show", meeting_id=meeting_id))


@bp.route("/<meeting_id>/minutes/circulate", methods=["POST"])
@login_required
def circulate(meeting_id):
    """Send the draft minutes to the invitees."""
    return _transition(meeting_id, lambda m: service.circulate(current_user, m),
                       "Draft minutes circulated")


@bp.route("/<meeting_id>/minutes/approve-previous", methods=["POST"])
@login_required
def approve_previous(meeting_id):
    """At this meeting, approve the minutes of the previous one; they lock."""
    return _transition(meeting_id, lambda m: service.approve(current_user, m),
                       "The previous meeting's minutes are approved and locked")


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
    return render_template("workplan/minutes/correct.html", form=form, meeting=meeting,
                           item=item), 400 if form.errors else 200

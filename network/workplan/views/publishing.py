"""Publishing the agenda, and the agenda pack (PDF) and agenda (Word) downloads."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from network.members import policy
from network.members.forms import ConfirmForm
from network.web import saved_form
from network.workplan import documents, storage
from network.workplan.services import publishing as service
from network.workplan.services.meetings import invitees
from network.workplan.views.meetings import load_meeting

bp = Blueprint("publishing", __name__, url_prefix="/meetings")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/<meeting_id>/publish", methods=["GET", "POST"])
@login_required
def publish(meeting_id):
    """Check, then publish the agenda: packs built, invitees emailed."""
    meeting = load_meeting(meeting_id)
    policy.authorize("meeting.manage", meeting)
    form = ConfirmForm()
    if saved_form(form, lambda: service.publish_agenda(current_user, meeting)):
        flash("Agenda published; invitees are being emailed a link", "success")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    if form.errors:  # the failed change was rolled back: load afresh
        meeting = load_meeting(meeting_id)
    rows = documents.pack_rows(meeting, with_confidential=True)
    return render_template(
        "workplan/meetings/publish.html", form=form, meeting=meeting, rows=rows,
        waiting=service.untriaged(meeting), late=service.is_late(meeting),
        invited=len(invitees(meeting)), publishable=meeting.status in service.PUBLISHABLE,
    ), 400 if form.errors else 200


def _published(meeting_id):
    meeting = load_meeting(meeting_id)
    if meeting.agenda_published_at is None or meeting.pack_sha256 is None:
        abort(404)
    return meeting, policy.can(current_user, "meeting.confidential", meeting)


@bp.route("/<meeting_id>/pack.pdf")
@login_required
def pack(meeting_id):
    """The agenda pack: members' with confidential items, observers' without."""
    meeting, with_confidential = _published(meeting_id)
    sha = service.pack_sha(meeting, with_confidential)
    if not sha or not storage.exists(sha):
        current_app.logger.error("meeting %s: agenda pack %s missing", meeting.id, sha)
        abort(404)
    suffix = "" if with_confidential else "-observers"
    response = send_file(storage.path_for(sha), mimetype="application/pdf", as_attachment=True,
                         download_name=f"agenda-pack-{meeting.starts_at:%Y-%m-%d}{suffix}.pdf",
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<meeting_id>/agenda.docx")
@login_required
def agenda_docx(meeting_id):
    """The agenda as a Word document, as the reader may see it."""
    import io

    meeting, with_confidential = _published(meeting_id)
    data = documents.agenda_docx(meeting, with_confidential)
    response = send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                         download_name=f"agenda-{meeting.starts_at:%Y-%m-%d}.docx", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response

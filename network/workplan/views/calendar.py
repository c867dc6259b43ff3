"""Calendar files: one per meeting, and a personal feed with a secret, revocable address."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network.extensions import db
from network.members import policy
from network.members.forms import ConfirmForm
from network.workplan import calendar, queries
from network.workplan.views.meetings import load_meeting

bp = Blueprint("calendar", __name__)
ICS = "text/calendar; charset=utf-8"


@bp.route("/meetings/<meeting_id>/calendar.ics")
@login_required
def meeting_ics(meeting_id):
    """Add one meeting to a calendar."""
    meeting = load_meeting(meeting_id)
    return Response(calendar.meeting_ics(meeting), mimetype="text/calendar", headers={
        "Content-Type": ICS,
        "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The personal feed (no sign-in: the secret address is the credential)."""
    if len(token) > 100:
        abort(404)
    person = calendar.person_for_feed(token)
    if person is None:
        abort(404)
    meetings = [m for m in queries.visible_meetings(person)
                if policy.can(person, "meeting.view", m)]
    response = Response(calendar.feed_ics(person, meetings), headers={"Content-Type": ICS})
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def manage():
    """Create, replace or stop your personal calendar feed."""
    policy.authorize("calendar.feed")
    form = ConfirmForm()
    address = None
    if form.validate_on_submit():
        from flask import request

        if request.form.get("action") == "revoke":
            calendar.revoke_feeds(current_user)
            db.session.commit()
            flash("Your calendar feed address no longer works", "success")
            return redirect(url_for("calendar.manage"))
        token = calendar.create_feed(current_user)
        db.session.commit()
        from flask import current_app

        address = (current_app.config["SERVER_NAME_FOR_EMAIL"].rstrip("/")
                   + url_for("calendar.feed", token=token))
    return render_template("workplan/calendar/manage.html", form=form, address=address,
                           has_feed=calendar.has_feed(current_user))

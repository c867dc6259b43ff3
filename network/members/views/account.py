"""My account: details, change password, re-enrol TOTP, end other sessions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from network import audit
from network.extensions import db
from network.forms import ConfirmForm
from network.members import auth, policy
from network.members.forms import ChangePasswordForm, ReauthForm
from network.members.services import signin
from network.members.views.auth import enrolment_page
from network.web import render_form, saved_form

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/")
@login_required
def index():
    """Your details and live sessions."""
    policy.authorize("account.manage")
    return render_template("account/index.html", sessions=signin.live_sessions(current_user),
                           this_session=auth.current_session(), confirm=ConfirmForm(),
                           office_accounts=signin.signs_in_through_office(current_user))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password (asks for the current one); other sessions end. Not for people
    whose office signs in with its own accounts: a portal password would not sign them in."""
    policy.authorize("account.manage")
    if signin.signs_in_through_office(current_user):
        flash(signin.OFFICE_KEEPS_IT)
        return redirect(url_for("account.index"))
    form = ChangePasswordForm()
    if saved_form(form, lambda: signin.change_password(
            auth.current_session(), form.current_password.data, form.password.data),
            keep_audit_on_error=True):
        flash("Your password is changed. Your other sessions have ended.", "success")
        return redirect(url_for("account.index"))
    return render_form("account/password.html", form)


@bp.route("/security-codes", methods=["GET", "POST"])
@login_required
def reenrol_totp():
    """Set up a new authenticator app: confirm your password first, then a new code."""
    policy.authorize("account.manage")
    row = auth.current_session()
    if not signin.recently_reauthenticated(row):
        form = ReauthForm()
        if saved_form(form, lambda: signin.reauthenticate(row, form.current_password.data),
                      keep_audit_on_error=True):
            return redirect(url_for("account.reenrol_totp"))
        return render_form("account/reauth.html", form)
    return enrolment_page(current_user, "reenrol_secret", url_for("account.index"),
                          _reenrolled)


def _reenrolled():
    db.session.commit()
    flash("Your new authenticator app is set up", "success")
    return redirect(url_for("account.index"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    """Sign out every other browser."""
    policy.authorize("account.manage")
    if ConfirmForm().validate_on_submit():
        ended = signin.end_all_sessions(current_user, "ended_by_user",
                                        keep=auth.current_session())
        audit.record("sessions.ended_others", actor=current_user, obj=current_user,
                     after={"ended": ended})
        db.session.commit()
        flash(f"{ended} other session{'s' if ended != 1 else ''} ended", "success")
    return redirect(url_for("account.index"))

"""Sign-in, TOTP enrolment and check, sign-out, forgotten password, invitations."""

from __future__ import annotations

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from network import audit
from network.errors import DomainError, TooManyAttempts
from network.extensions import db
from network.inputs import clean_text
from network.members import auth, totp
from network.members.forms import ForgottenPasswordForm, SetPasswordForm, SignInForm, TotpForm
from network.members.models import Person, SignInAttempt
from network.members.services import oidc_signin, signin
from network.web import attach_error, client_ip, render_form, saved_form

bp = Blueprint("auth", __name__)
PENDING_MAX_AGE = 300  # seconds between password and TOTP


def finish_sign_in(person: Person, provider_id: int | None = None):
    """Open the session of a fully signed-in person (through an office's identity provider
    when `provider_id` is given, remembered for the sign-out) and go where they were going."""
    agent = clean_text(request.user_agent.string)  # a header, so not cleaned with the form
    raw = signin.start_session(person, client_ip(), agent)
    next_url = auth.safe_next(session.get("next"))
    db.session.commit()
    auth.establish(raw)
    if provider_id is not None:
        session[auth.PROVIDER_KEY] = provider_id
    return redirect(next_url)


def ask_for_security_code(person: Person, next_url: str | None, provider_id: int | None = None):
    """Between the first step of signing in and the session: the TOTP check (or set-up)."""
    db.session.commit()
    session.clear()
    session[auth.PENDING_KEY] = {"id": person.id, "at": time.time(), "provider": provider_id}
    session["next"] = next_url
    return redirect(url_for("auth.verify" if person.totp_secret else "auth.enrol"))


def _pending_provider() -> int | None:
    provider = (session.get(auth.PENDING_KEY) or {}).get("provider")
    return provider if isinstance(provider, int) else None


def _pending_person() -> Person | None:
    pending = session.get(auth.PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        return None
    person = db.session.get(Person, pending.get("id"))
    return person if person is not None and person.is_active else None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Email and password; secretariat roles go on to TOTP."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            person = signin.authenticate(form.email.data, form.password.data, client_ip())
        except TooManyAttempts as exc:
            db.session.commit()
            attach_error(form, exc)
            return render_template("auth/sign_in.html", form=form), 429
        except signin.UseOfficeSignIn as exc:
            db.session.commit()
            attach_error(form, exc)
            return render_template("auth/sign_in.html", form=form, office_sign_in=True), 400
        if person is None:
            db.session.commit()
            attach_error(form, DomainError(signin.BAD_CREDENTIALS, "email"))
            return render_template("auth/sign_in.html", form=form), 400
        next_url = request.args.get("next")
        if person.needs_totp:
            return ask_for_security_code(person, next_url)
        session["next"] = next_url
        return finish_sign_in(person)
    return render_form("auth/sign_in.html", form)


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
def verify():
    """The TOTP check for an enrolled secretariat person."""
    person = _pending_person()
    if person is None or person.totp_secret is None:
        flash("Sign in again to continue")
        return redirect(url_for("auth.sign_in"))
    form = TotpForm()
    if form.validate_on_submit():
        try:
            signin.check_throttle(person.email, client_ip())
        except TooManyAttempts as exc:
            attach_error(form, exc)
            return render_template("auth/verify.html", form=form), 429
        if signin.check_totp(person, form.code.data):
            return finish_sign_in(person, _pending_provider())
        db.session.add(SignInAttempt(email=person.email, ip_address=client_ip(), succeeded=False))
        db.session.commit()
        attach_error(form, DomainError("The security code is not correct or was already used",
                                       "code"))
    return render_form("auth/verify.html", form)


@bp.route("/sign-in/set-up-security-codes", methods=["GET", "POST"])
def enrol():
    """First sign-in of a secretariat person: enrol an authenticator app."""
    person = _pending_person()
    if person is None or person.totp_secret is not None:
        flash("Sign in again to continue")
        return redirect(url_for("auth.sign_in"))
    provider_id = _pending_provider()
    return enrolment_page(person, "enrol_secret", url_for("auth.sign_in"),
                          lambda: finish_sign_in(person, provider_id))


def enrolment_page(person: Person, session_key: str, cancel_url: str, done):
    """The set-up-security-codes page: a new secret kept in the session until the person's
    app shows the right code, then `done()` answers (sign-in, or back to the account)."""
    secret = session.setdefault(session_key, totp.new_secret())
    form = TotpForm()
    if saved_form(form, lambda: signin.confirm_totp_enrolment(person, secret, form.code.data),
                  keep_audit_on_error=True):
        session.pop(session_key, None)
        return done()
    uri = totp.provisioning_uri(secret, person.email)
    return render_form("auth/enrol.html", form, secret=secret, qr=totp.qr_svg(uri),
                       cancel_url=cancel_url)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """End this session (the form carries the CSRF token)."""
    row = auth.current_session()
    provider_id = session.get(auth.PROVIDER_KEY) if row is not None else None
    if row is not None:
        signin.end_session(row, "signed_out")
        db.session.commit()
    session.clear()
    provider_sign_out = oidc_signin.end_session_url(provider_id)
    if provider_sign_out:
        return render_template("auth/signed_out.html", provider_sign_out=provider_sign_out)
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/forgotten-password", methods=["GET", "POST"])
def forgotten_password():
    """Ask for a password reset link; the answer never says whether the account exists."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        signin.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_form("auth/forgotten_password.html", form)


def _set_password_page(token: str, purpose: str, template: str):
    try:
        link = signin.find_link(token, purpose)
    except DomainError as exc:
        return render_template("auth/link_problem.html", message=exc.message), 400
    person = link.person
    form = SetPasswordForm()

    def change():
        signin.use_link(token, purpose, form.password.data)
        audit.record(f"{purpose}.accepted", actor=person, obj=person)

    if not saved_form(form, change):
        return render_form(template, form, person=person)
    session.clear()
    if purpose != signin.INVITATION:
        flash("Your password is set. Sign in with it now.", "success")
        return redirect(url_for("auth.sign_in"))
    # The invitation link proved the email address and the password is new: sign the person
    # in, through security-code set-up first for the secretariat.
    if person.needs_totp:
        session[auth.PENDING_KEY] = {"id": person.id, "at": time.time()}
        flash("Your password is set. Now set up security codes for signing in.", "success")
        return redirect(url_for("auth.enrol"))
    signed_in = finish_sign_in(person)  # a new session: the message goes in after it
    flash("Your password is set and you are signed in.", "success")
    return signed_in


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept an invitation by choosing a password."""
    return _set_password_page(token, signin.INVITATION, "auth/accept_invitation.html")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through a reset link."""
    return _set_password_page(token, signin.RESET, "auth/reset_password.html")

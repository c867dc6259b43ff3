"""Signing in through one's office's own identity provider (OpenID Connect): choose the office
or type the email address, go to the provider, come back to the callback."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from network.errors import DomainError
from network.extensions import db
from network.members import auth
from network.members.forms import OfficeAccountChoiceForm, OfficeAccountEmailForm
from network.members.models import IdentityProvider
from network.members.services import oidc_signin
from network.members.views.auth import ask_for_security_code, finish_sign_in
from network.web import attach_error, client_ip, public_address

bp = Blueprint("oidc", __name__, url_prefix="/sign-in/office-account")
NO_PROVIDER = ("Your office does not sign in to the portal through its own accounts. Sign in "
               "with your email address and password instead.")


def _redirect_uri() -> str:
    return public_address() + url_for("oidc.callback")


def _name(provider: IdentityProvider) -> str:
    return provider.office.name if provider.office else "The secretariat"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _page(email_form, choice_form, status: int = 200, problem: str = ""):
    providers = oidc_signin.providers()
    # the forms' answers redirect to a provider: the page's CSP must allow that as form-action
    g.form_action_origins = sorted({_origin(p.authorization_endpoint) for p in providers})
    choice_form.provider.choices = [(str(p.id), _name(p)) for p in providers]
    shown = choice_form if choice_form.errors else email_form
    return render_template("auth/office_account.html", form=shown, email_form=email_form,
                           choice_form=choice_form, has_providers=bool(providers),
                           problem=problem), status


def _choice_form() -> OfficeAccountChoiceForm:
    form = OfficeAccountChoiceForm(prefix="choose")
    form.provider.choices = [(str(p.id), _name(p)) for p in oidc_signin.providers()]
    return form


def _go(provider: IdentityProvider, email_form, choice_form):
    """Open a login with the provider and send the browser there."""
    try:
        outgoing = oidc_signin.start(provider, _redirect_uri(), request.args.get("next") or "",
                                     client_ip())
    except DomainError as exc:
        db.session.commit()  # the refusal's audit entry and attempt stay
        return _page(email_form, choice_form, exc.status_code if exc.status_code == 429
                     else 502, problem=exc.message)
    db.session.commit()
    session[auth.OIDC_STATE_KEY] = outgoing.state
    return redirect(outgoing.url)


@bp.route("", methods=["GET", "POST"])
def choose():
    """Find the office's provider from the email address typed, then go there."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    email_form, choice_form = OfficeAccountEmailForm(), _choice_form()
    if not email_form.validate_on_submit():
        return _page(email_form, choice_form, 400 if email_form.errors else 200)
    provider = oidc_signin.provider_for_email(email_form.email.data)
    if provider is None:
        attach_error(email_form, DomainError(NO_PROVIDER, "email"))
        return _page(email_form, choice_form, 400)
    return _go(provider, email_form, choice_form)


@bp.route("/office", methods=["POST"])
def chosen():
    """Go to the provider of the office chosen from the list."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    email_form, choice_form = OfficeAccountEmailForm(formdata=None), _choice_form()
    if not choice_form.validate_on_submit():
        return _page(email_form, choice_form, 400)
    provider = db.session.get(IdentityProvider, int(choice_form.provider.data))
    if provider is None:  # removed since the page was shown
        attach_error(choice_form, DomainError(NO_PROVIDER, "provider"))
        return _page(email_form, choice_form, 400)
    return _go(provider, email_form, choice_form)


@bp.route("/callback")
def callback():
    """The provider sends the browser back here with a code (or an error)."""
    expected = session.pop(auth.OIDC_STATE_KEY, None)
    try:
        done = oidc_signin.finish(request.args, expected, _redirect_uri(), client_ip())
    except DomainError as exc:
        db.session.commit()  # the used-up state, the refusal's audit entry and attempt stay
        return render_template("auth/office_account_problem.html", message=exc.message), (
            429 if exc.status_code == 429 else 400)
    next_url = done.next_url or None
    if done.person.needs_totp and not done.multi_factor:
        return ask_for_security_code(done.person, next_url, done.provider.id)
    session["next"] = next_url
    return finish_sign_in(done.person, done.provider.id)

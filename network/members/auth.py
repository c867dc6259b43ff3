"""Wiring Flask-Login to server-side sessions: the browser holds only a random session id."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import g, redirect, request, session, url_for
from flask_login import LoginManager, current_user

from network.members.services import signin

SESSION_KEY = "sid"
PENDING_KEY = "pending_person"
PROVIDER_KEY = "oidc_provider"  # the identity provider this session was signed in through
OIDC_STATE_KEY = "oidc_state"


def init_login(login_manager: LoginManager) -> None:
    """Load the current person from the server-side session on each request."""
    login_manager.request_loader(_load_from_session)
    login_manager.unauthorized_handler(_unauthorized)


def _load_from_session(_request):
    row = signin.load_session(session.get(SESSION_KEY))
    if row is None:
        session.pop(SESSION_KEY, None)
        return None
    g.user_session = row
    return row.person


def _unauthorized():
    if request.path.startswith("/api/"):
        from network.api.errors import error_response

        return error_response(401, "Sign in or send a valid API token")
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def current_session():
    """The server-side session row of the signed-in person (loading them if not yet done)."""
    if current_user.is_authenticated:
        return g.get("user_session")
    return None


def establish(raw_session_id: str) -> None:
    """Put a new session id in the cookie, dropping anything from before sign-in."""
    session.clear()
    session[SESSION_KEY] = raw_session_id
    session.permanent = True


def safe_next(target: str | None) -> str:
    """A same-site path to go to after sign-in, never an outside address."""
    if not target:
        return url_for("pages.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    if "\\" in target or any(ch.isspace() or not ch.isprintable() for ch in target):
        return url_for("pages.home")  # browsers drop tabs and newlines: "/\t/x" is "//x"
    return target

"""Who is calling the API: an office token (Authorization: Bearer) or a signed-in browser."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, g, request
from flask_login import current_user

from network.members.models import ApiToken, Role


@dataclass
class TokenPrincipal:
    """An office's system acting through an API token, with a staff member's reach."""

    token: ApiToken

    is_authenticated = True
    role = Role.MEMBER_STAFF

    @property
    def id(self) -> None:
        """A token is no person."""
        return None

    @property
    def office_id(self) -> int:
        """The office the token belongs to."""
        return self.token.office_id


def api_principal():
    """The token principal, or the signed-in person for safe (read) requests, else None."""
    if "api_principal" in g:
        return g.api_principal
    from network.members.services.tokens import authenticate_api_token

    principal = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        token = authenticate_api_token(value.strip()) if scheme.lower() == "bearer" else None
        principal = TokenPrincipal(token) if token else None
    elif request.method in ("GET", "HEAD") and current_user.is_authenticated:
        principal = current_user._get_current_object()
    g.api_principal = principal
    return principal


def require_api_auth(view):
    """Refuse (401) API calls without a valid token or session."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if api_principal() is None:
            abort(401)
        return view(*args, **kwargs)

    return wrapper


def api_authorize(action: str, obj=None) -> None:
    """403 unless the API principal may do `action`."""
    from network.members.policy import can

    if not can(api_principal(), action, obj):
        abort(403)


def api_actor():
    """The person a write acts as: a token's creator, within their current rights."""
    from network.members.services.tokens import creator_stands_behind

    principal = api_principal()
    if not isinstance(principal, TokenPrincipal):
        abort(401)
    person = principal.token.created_by
    if not creator_stands_behind(person, principal.token):
        abort(403)
    return person

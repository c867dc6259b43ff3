"""Who may do what: one table from action name to rule, asked by views, API, services and
templates alike.

Each domain registers its own rules (in the `rules.py` beside its models) so that the layers
hold: this module knows nothing of meetings or elections. A rule is a predicate on the
principal and the object and, for actions that decide what a list shows, the same rule as an
SQL clause, kept side by side so that a list and an object check cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import false, true

from network.errors import Forbidden
from network.members.models import Role

ADMIN = frozenset({Role.SECRETARIAT_ADMIN})
SECRETARIAT = frozenset({Role.SECRETARIAT_ADMIN, Role.SECRETARIAT})
MEMBERS = frozenset({Role.MEMBER_LEAD, Role.MEMBER_STAFF})
NETWORK = SECRETARIAT | MEMBERS  # everyone but observers
EVERYONE = frozenset(Role)

Check = Callable[[Any, Any], bool]
Clause = Callable[[Any], Any]


@dataclass(frozen=True)
class Rule:
    """An action's rule: who may (`check`), and for lists the same rule in SQL (`clause`)."""

    action: str
    check: Check
    clause: Clause | None = None
    description: str = ""


RULES: dict[str, Rule] = {}


@dataclass(frozen=True)
class Reason:
    """Why someone cannot do a thing they might expect to do, and what to do instead: a
    sentence, and optionally a link (an endpoint and its arguments) to the way forward."""

    text: str
    link_text: str = ""
    endpoint: str = ""
    link_args: tuple[tuple[str, Any], ...] = ()


Explainer = Callable[..., "Reason | None"]
EXPLAINERS: dict[str, Explainer] = {}


def _unproxied(principal):
    """The person behind flask-login's `current_user` (every attribute read through that proxy
    looks the user up again: a list page's hundreds of checks did so thousands of times)."""
    get = getattr(type(principal), "_get_current_object", None)
    return principal._get_current_object() if get is not None else principal


def role_of(principal) -> Role | None:
    """The principal's role, or None for the signed out."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return None
    return principal.role


def office_of(principal) -> int | None:
    """The principal's office id (None for the secretariat and observers)."""
    return getattr(principal, "office_id", None)


def person_of(principal) -> int | None:
    """The principal's person id (an API token acts for its creator)."""
    return getattr(principal, "id", None)


def is_lead_of(principal, office) -> bool:
    """Whether the principal is a member lead of this office."""
    return (office is not None and role_of(principal) == Role.MEMBER_LEAD
            and office_of(principal) == office.id)


def register(action: str, check: Check, clause: Clause | None = None,
             description: str = "") -> None:
    """Add an action's rule to the table; an action is registered once."""
    if action in RULES:
        raise ValueError(f"the rule for {action!r} is registered twice")
    RULES[action] = Rule(action, check, clause, description or (check.__doc__ or "").strip())


def roles(allowed: Iterable[Role], description: str = "") -> Check:
    """A check that depends on the role alone."""
    allowed = frozenset(allowed)

    def check(principal, obj=None) -> bool:
        return role_of(principal) in allowed

    check.__doc__ = description or "roles: " + ", ".join(sorted(r.value for r in allowed))
    return check


def register_roles(table: dict[str, Iterable[Role]]) -> None:
    """Register several role-only actions (their list clause is all or nothing)."""
    for action, allowed in table.items():
        allowed = frozenset(allowed)
        register(action, roles(allowed),
                 clause=lambda principal, allowed=allowed: (
                     true() if role_of(principal) in allowed else false()))


def explain(action: str, explainer: Explainer) -> None:
    """Register the reason-giver of an action: (principal, obj, **context) -> Reason or None.
    Its object is what the page is about (the election for `election.vote`)."""
    if action in EXPLAINERS:
        raise ValueError(f"the reason for {action!r} is registered twice")
    EXPLAINERS[action] = explainer


def why_not(principal, action: str, obj: Any = None, **context) -> Reason | None:
    """Why the principal cannot do `action` now (None if they can, or would not expect to):
    pages show it beside where the button would be, services raise it as their refusal."""
    principal = _unproxied(principal)
    if role_of(principal) is None:
        return None
    return EXPLAINERS[action](principal, obj, **context)


def template_why_not(action: str, obj: Any = None, **context) -> Reason | None:
    """`why_not` for templates, for the current user."""
    return why_not(current_user, action, obj, **context)


def _rule(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}: register its rule beside the models of "
                       "its domain (rules.py)") from None


def can(principal, action: str, obj: Any = None) -> bool:
    """Whether the principal (a person, an API token principal or None) may do `action`."""
    rule = _rule(action)
    principal = _unproxied(principal)
    if role_of(principal) is None:
        return False
    return bool(rule.check(principal, obj))


def require(principal, action: str, obj: Any = None) -> None:
    """Raise Forbidden unless the principal may do `action` (services, views and the API)."""
    if not can(principal, action, obj):
        raise Forbidden("You do not have permission to do that")


def clause(principal, action: str):
    """The SQL form of `action`'s rule for this principal, to filter a list query."""
    rule = _rule(action)
    if rule.clause is None:
        raise KeyError(f"the rule for {action!r} has no list clause")
    principal = _unproxied(principal)
    if role_of(principal) is None:
        return false()
    return rule.clause(principal)


def authorize(action: str, obj: Any = None) -> None:
    """For views: 401 for the signed out, 403 unless the current user may do `action`."""
    if not current_user.is_authenticated:
        abort(401)
    try:
        require(current_user, action, obj)
    except Forbidden:
        abort(403)


def template_can(action: str, obj: Any = None) -> bool:
    """`can` for templates, for the current user."""
    return can(current_user, action, obj)


def assignable_roles(principal) -> list[Role]:
    """The roles this principal may give to someone."""
    role = role_of(principal)
    if role in ADMIN:
        return list(Role)
    if role == Role.MEMBER_LEAD:
        return [Role.MEMBER_STAFF, Role.MEMBER_LEAD]
    return []

"""The home page by role: the secretariat's desk, a member office's dashboard, an observer's
meetings. `network.pages.home` authorizes and calls `home_panels` (imported lazily, so the
site-wide pages module does not depend on this package at import time)."""

from __future__ import annotations

from datetime import timedelta

from network.dashboards import queries as dq
from network.db import utcnow
from network.time import today


def _counted(panels: dict) -> dict:
    """The panels with their totals, counted together in one statement."""
    dq.count_all(panels.values())
    return panels


def secretariat_panels(person) -> dict:
    """Item 8: what needs the secretariat's attention across the network."""
    upcoming, window_end = dq.deadlines(person)
    return _counted({
        "kind": "secretariat",
        "triage": dq.awaiting_triage(),
        "deadlines": upcoming, "deadlines_until": window_end,
        "overdue_by_office": dq.overdue_actions_by_office(),
        "workstreams_at_risk": dq.workstreams_at_risk(),
        "milestones": dq.milestones_due(),
        "overdue_queries": dq.overdue_queries(person),
        "elections": dq.elections_in_progress(),
        "failed_emails": dq.failed_emails(),
        "limit": dq.LIMIT,
    })


def member_panels(person, this_session_id: int | None) -> dict:
    """Item 9: the office's own work, meetings, papers, votes and workstreams."""
    office_id = person.office_id
    since = dq.last_visit(person, this_session_id)
    since_last_visit = since is not None
    if since is None:
        since = utcnow() - timedelta(days=dq.PAPERS_FALLBACK_DAYS)
    led = dq.led_workstreams(office_id)
    return _counted({
        "kind": "member", "today": today(),
        "submissions": dq.office_submissions(office_id),
        "owes": dq.office_owes(office_id),
        "meetings": dq.upcoming_meetings(person),
        "papers": dq.papers_since(person, since), "papers_since": since,
        "since_last_visit": since_last_visit,
        "fallback_days": dq.PAPERS_FALLBACK_DAYS,
        "votes": dq.votes_not_cast(office_id),
        "led": led, "risks": dq.open_risks([w.id for w in led]),
        "limit": dq.LIMIT,
    })


def observer_panels(person) -> dict:
    """Observers: the meetings they are invited to."""
    return {"kind": "observer", "meetings": dq.upcoming_meetings(person), "limit": dq.LIMIT}


def home_panels(person, this_session_id: int | None) -> dict:
    """The panels of the person's home page, by role."""
    if person.role.is_secretariat:
        return secretariat_panels(person)
    if person.role.is_member and person.office_id:
        return member_panels(person, this_session_id)
    return observer_panels(person)

"""Session touches and token use, committed once at the end of the request, never by a service.

Loading a session (`signin.load_session`) or a token (`tokens.authenticate_api_token`) changes
bookkeeping columns on the request's database session and leaves them there. A view that
commits takes them along; otherwise `commit_usage` commits them after the view, but only when
the transaction holds nothing else: a change a view left uncommitted (a bug, or on purpose) is
never committed on its behalf, and is rolled back at teardown as before.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import event, inspect
from sqlalchemy.exc import SQLAlchemyError

from network.extensions import db
from network.members.models import ApiToken, UserSession

# What reading a session or a token may change
BOOKKEEPING = {UserSession: frozenset({"last_seen_at", "ended_at", "end_reason"}),
               ApiToken: frozenset({"last_used_at"})}
USAGE, OTHER = "usage_pending", "other_changes_pending"


def init_usage(app: Flask) -> None:
    """Watch the database session for what it holds, and commit usage after each request."""
    for name, listener in (("before_flush", _watch_flush), ("do_orm_execute", _watch_execute),
                           ("after_transaction_end", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    app.after_request(commit_usage)


def commit_usage(response):
    """After the view: commit a session touch, an idle ending or a token's last use, once."""
    if response.status_code >= 500:
        return response
    session = db.session
    dirty = [obj for obj in session.dirty if _changed(obj)]
    usage = session.info.get(USAGE) or any(_only_usage(obj) for obj in dirty)
    if not usage or session.info.get(OTHER) or session.new or session.deleted:
        return response
    if not all(_only_usage(obj) for obj in dirty):
        return response
    try:
        session.commit()
    except SQLAlchemyError:  # last seen / last used must never break the page
        session.rollback()
        current_app.logger.exception("recording session or token use failed")
    return response


def _changed(obj) -> set[str]:
    return {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}


def _only_usage(obj) -> bool:
    allowed = BOOKKEEPING.get(type(obj), frozenset())
    changed = _changed(obj)
    return bool(changed) and changed <= allowed


def _watch_flush(session, _context, _instances) -> None:
    for obj in session.dirty:
        if _only_usage(obj):
            session.info[USAGE] = True
        elif _changed(obj):
            session.info[OTHER] = True
    if session.new or session.deleted:
        session.info[OTHER] = True


def _watch_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[OTHER] = True


def _forget(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: commit or rollback
        session.info.pop(USAGE, None)
        session.info.pop(OTHER, None)

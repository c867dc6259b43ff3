"""Counting the SQL statements a block or a page sends, for the query-count tests.

A request made inside a counting block is counted as production runs it, so a count holds
what the page needs and nothing that depends on the test's history or timing:

- it reads afresh: test requests share the test's database session (Flask reuses the test's
  pushed app context), whose identity map would otherwise hand a request, free of SQL, what the
  test or an earlier request loaded; production gives each request a session of its own;
- it writes no bookkeeping: a session's last-seen time is written at most once a minute and a
  token's last use at most every five, so whether a counted request wrote one depended on the
  clock. Each counted request starts with the sessions and tokens just used (as after the
  request before), written before counting starts.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, request_started
from sqlalchemy import event, update

from network.db import utcnow
from network.extensions import db
from network.members.models import ApiToken, UserSession


@contextmanager
def counting_queries():
    """Count SQL statements sent to the database inside the block; each request in it starts
    afresh and just after the last use of its session or token (see the module's note)."""
    statements: list[str] = []
    paused = False

    def before(conn, cursor, statement, parameters, context, executemany):
        if not paused:
            statements.append(statement)

    def afresh(sender, **extra):
        nonlocal paused
        paused = True
        try:
            _start_afresh()
        finally:
            paused = False

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        with request_started.connected_to(afresh):
            yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def query_counts(client, paths) -> dict[str, int]:
    """The statements each page sends, by path (each must answer 200)."""
    counts = {}
    for path in paths:
        with counting_queries() as statements:
            assert client.get(path).status_code == 200, path
        counts[path] = len(statements)
    return counts


def _start_afresh() -> None:
    """Mark every live session and token as just used, commit, and forget what the shared
    database session holds, before a counted request runs."""
    session = db.session
    pending = session.new or session.deleted or any(
        session.is_modified(obj) for obj in session.dirty)
    assert not pending, "commit what the test changed before counting a request"
    now = utcnow()
    idle_since = now - current_app.config["SESSION_IDLE_TIMEOUT"]
    # an idle session is left to end, as the request would end it
    session.execute(update(UserSession)
                    .where(UserSession.ended_at.is_(None), UserSession.last_seen_at > idle_since)
                    .values(last_seen_at=now).execution_options(synchronize_session=False))
    session.execute(update(ApiToken).where(ApiToken.revoked_at.is_(None))
                    .values(last_used_at=now).execution_options(synchronize_session=False))
    session.commit()
    session.expire_all()

"""Services never commit (issue 7 item 6): reading a session or a token leaves its touch in the
database session, and one after-request hook (members/usage.py) commits it, only when nothing
else is pending."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Response
from sqlalchemy import event, insert, select, update

from network.db import utcnow
from network.members import usage
from network.members.models import ApiToken, Office, OfficeKind, UserSession
from network.members.services import signin, tokens
from tests.conftest import sign_in_client

ROOT = Path(__file__).resolve().parent.parent.parent


@contextmanager
def _counting_commits(db):
    commits: list[int] = []
    session = db.session()
    listener = lambda _session: commits.append(1)  # noqa: E731
    event.listen(session, "after_commit", listener)
    try:
        yield commits
    finally:
        event.remove(session, "after_commit", listener)


def _stored(db, column, where):
    """A value as another connection sees it: only what has been committed."""
    with db.engine.connect() as conn:
        return conn.execute(select(column).where(where)).scalar_one()


def _age_sessions(db, minutes: int) -> None:
    db.session.execute(update(UserSession).values(
        last_seen_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def test_no_service_or_api_module_commits():
    modules = [*(ROOT / "network/members/services").glob("*.py"),
               *(ROOT / "network/api").glob("*.py")]
    assert modules
    committing = [m.name for m in modules if re.search(r"\.commit\(", m.read_text())]
    assert committing == [], "services flush; the view or the request's end commits"


def test_loading_a_session_touches_it_without_committing(app, db, people):
    with app.test_request_context():
        raw = signin.start_session(people["member_staff"])
        db.session.commit()
        _age_sessions(db, 5)
        with _counting_commits(db) as commits:
            row = signin.load_session(raw)
        assert commits == []
        assert row is not None and utcnow() - row.last_seen_at < timedelta(minutes=1)
        assert row in db.session.dirty
        db.session.rollback()
        assert utcnow() - _stored(db, UserSession.last_seen_at, UserSession.id == row.id) \
            > timedelta(minutes=4)


def test_an_idle_session_is_ended_without_committing(app, db, people):
    with app.test_request_context():
        raw = signin.start_session(people["member_staff"])
        db.session.commit()
        _age_sessions(db, 31)
        with _counting_commits(db) as commits:
            assert signin.load_session(raw) is None
        assert commits == []
        assert any(row.end_reason == "idle" for row in db.session.dirty)
        db.session.rollback()
        assert _stored(db, UserSession.end_reason, UserSession.ended_at.is_(None)) == ""


def test_using_a_token_records_its_use_without_committing(app, db, people, office):
    with app.test_request_context():
        _token, raw = tokens.create_api_token(people["member_lead"], office, "CRM")
        db.session.commit()
        with _counting_commits(db) as commits:
            token = tokens.authenticate_api_token(raw)
        assert commits == []
        assert token is not None and token.last_used_at is not None
        db.session.rollback()
        assert _stored(db, ApiToken.last_used_at, ApiToken.id == token.id) is None


def test_the_request_end_commits_the_session_touch_and_the_idle_ending(app, db, people):
    client = sign_in_client(app, people["member_staff"])
    _age_sessions(db, 5)
    assert client.get("/").status_code == 200
    seen = _stored(db, UserSession.last_seen_at, UserSession.person_id == people[
        "member_staff"].id)
    assert utcnow() - seen < timedelta(minutes=1), "activity is recorded"
    _age_sessions(db, 31)
    assert client.get("/").status_code == 302
    assert _stored(db, UserSession.end_reason, UserSession.person_id == people[
        "member_staff"].id) == "idle"


def test_the_request_end_commits_a_tokens_last_use_shown_to_the_lead(app, db, clients,
                                                                     people, office):
    with app.test_request_context():
        token, raw = tokens.create_api_token(people["member_lead"], office, "CRM")
        db.session.commit()
    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert _stored(db, ApiToken.last_used_at, ApiToken.id == token.id) is not None
    page = clients["member_lead"].get("/my-office/")
    assert page.status_code == 200 and b"Never" not in page.data


@pytest.mark.parametrize("how", ["added", "flushed", "executed"])
def test_the_request_end_never_commits_what_a_view_left_pending(app, db, people, how):
    """A view that changes something and does not commit has it rolled back, touch or not."""
    with app.test_request_context():
        raw = signin.start_session(people["member_staff"])
        db.session.commit()
        _age_sessions(db, 5)
        assert signin.load_session(raw) is not None
        if how == "executed":
            db.session.execute(insert(Office).values(
                name="Never Saved", slug="never-saved", kind=OfficeKind.MCA,
                joined_on=utcnow().date(), created_at=utcnow(), updated_at=utcnow()))
        else:
            db.session.add(Office(name="Never Saved", slug="never-saved", kind=OfficeKind.MCA,
                                  joined_on=utcnow().date()))
        if how == "flushed":
            db.session.flush()
        with _counting_commits(db) as commits:
            usage.commit_usage(Response("ok"))
        assert commits == []
        db.session.rollback()
    with db.engine.connect() as conn:
        assert conn.execute(select(Office.id).where(Office.slug == "never-saved")).first() \
            is None
    assert utcnow() - _stored(db, UserSession.last_seen_at, UserSession.person_id == people[
        "member_staff"].id) > timedelta(minutes=4)


def test_bookkeeping_names_only_columns_that_exist():
    for model, columns in usage.BOOKKEEPING.items():
        assert columns <= set(model.__table__.columns.keys())

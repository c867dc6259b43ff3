"""Shared fixtures: the app on a migrated database (SQLite, or PostgreSQL from
TEST_DATABASE_URL in a throwaway database), a clean database per test, clients per role."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from network import create_app
from network.extensions import db as _db
from network.scale.databases import throwaway_postgres

ROLES = ["secretariat_admin", "secretariat", "member_lead", "member_staff", "observer"]


class IsolatedClient(FlaskClient):
    """A test client whose every request starts with empty `g`, as in production, where each
    request gets its own app context (the test's pushed context would otherwise be shared)."""

    def open(self, *args, **kwargs):
        if has_app_context():
            for key in list(vars(g)):
                delattr(g, key)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The database the suite runs on, created for this run and dropped after it."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url, drop = throwaway_postgres(base, "ukmn_test")
        yield url
        drop()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The app under test, with the schema built by the migrations (never create_all)."""
    from flask_migrate import upgrade

    instance = tmp_path_factory.mktemp("instance")
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "UPLOAD_FOLDER": str(instance / "uploads"),
                      "SERVER_NAME_FOR_EMAIL": "http://portal.test"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    yield app
    with app.app_context():
        _db.engine.dispose()


def _clean(app):
    with app.app_context():
        _db.session.remove()
        tables = list(reversed(_db.metadata.sorted_tables))
        statistics = 0
        with _db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(text("PRAGMA foreign_keys=OFF"))
                for table in tables:
                    conn.execute(table.delete())
                conn.execute(text("PRAGMA foreign_keys=ON"))
                statistics = conn.execute(text(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
                if statistics:
                    conn.execute(text("DELETE FROM sqlite_stat1"))
        if statistics:
            # SQLite keeps the statistics a connection read in memory: a test that ran
            # ANALYZE (the demo, the planner's tests) must not leave its plans to the next
            _db.engine.dispose()


@pytest.fixture
def db(app):
    """An app context over an empty database; cleaned after the test."""
    ctx = app.app_context()
    ctx.push()
    try:
        yield _db
    finally:
        _db.session.remove()
        ctx.pop()
        _clean(app)


@pytest.fixture
def client(app, db):
    """A test client (signed out)."""
    return app.test_client()


def sign_in_client(app, person):
    """A test client holding a live server-side session for `person` (TOTP already passed)."""
    from network.members.auth import SESSION_KEY
    from network.members.services.signin import start_session

    raw = start_session(person, "127.0.0.1", "pytest")
    _db.session.commit()
    test_client = app.test_client()
    with test_client.session_transaction() as sess:
        sess[SESSION_KEY] = raw
        sess.permanent = True
    test_client.person = person
    return test_client


def pytest_configure(config):
    config.addinivalue_line("markers", "cast(offices=N): build the cast with N member offices")


@pytest.fixture
def cast(request, db):
    """The offices and people of the test, built once (see tests/cast.py for the keys); two
    member offices unless the test is marked `@pytest.mark.cast(offices=N)`."""
    from tests.cast import build_cast

    marker = request.node.get_closest_marker("cast")
    return build_cast(**(marker.kwargs if marker else {}))


@pytest.fixture
def office(cast):
    """Member office `a` of the cast."""
    return cast["office_a"]


@pytest.fixture
def people(cast):
    """One person per role of ROLES, from the cast; member roles belong to `office`."""
    return {role: cast.person(role) for role in ROLES}


@pytest.fixture
def clients(app, people):
    """A signed-in client per role, and None for signed out."""
    made = {role: sign_in_client(app, person) for role, person in people.items()}
    made["anonymous"] = app.test_client()
    return made


@pytest.fixture
def client_request(app, cast):
    """Fetch pages by endpoint as someone of the cast and check every page it renders (one
    <h1>, a <title> of its own, unique ids, the CSP nonce on scripts): see tests/pages.py."""
    from tests.pages import ClientRequest

    return ClientRequest(app, cast, sign_in_client)

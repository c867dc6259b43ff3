"""`network users add` and `network demo` from the command line."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import func, select

from network import create_app
from network.audit import AuditEntry
from network.members import passwords
from network.members.models import Office, Person, Role
from tests.factories import OfficeFactory, PersonFactory

GOOD_PASSWORD = "lantern orchard quietly 77"

# The English mayoral authorities PRODUCT.md names for the demo, abbreviations spelled out.
PRODUCT_OFFICES = {
    "Greater London Authority",
    "Greater Manchester Combined Authority",
    "Liverpool City Region Combined Authority",
    "West Midlands Combined Authority",
    "West Yorkshire Combined Authority",
    "South Yorkshire Mayoral Combined Authority",
    "North East Combined Authority",
    "Tees Valley Combined Authority",
    "West of England Mayoral Combined Authority",
    "Cambridgeshire and Peterborough Combined Authority",
    "York and North Yorkshire Combined Authority",
    "East Midlands Combined County Authority",
    "Greater Lincolnshire Combined County Authority",
    "Hull and East Yorkshire Combined Authority",
}


def _counts(db) -> tuple[int, int, int]:
    db.session.expire_all()
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Office, Person, AuditEntry))


def _add(app, *args, password=GOOD_PASSWORD):
    return app.test_cli_runner().invoke(args=["users", "add", *args],
                                        env={"NETWORK_PASSWORD": password})


def test_users_add_secretariat_prints_a_working_totp_uri(app, db):
    result = _add(app, "New.Admin@Example.org", "--name", "Nia Admin",
                  "--role", "secretariat_admin", "--job-title", "Head of Secretariat")
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.email == "new.admin@example.org"))
    assert person.role == Role.SECRETARIAT_ADMIN and person.office_id is None
    assert person.is_active and person.job_title == "Head of Secretariat"
    assert passwords.verify_password(person.password_hash, GOOD_PASSWORD)
    uri = next(line for line in result.output.splitlines() if line.startswith("otpauth://"))
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    assert secret == person.totp_secret
    assert pyotp.TOTP(secret).now() == pyotp.TOTP(person.totp_secret).now()
    assert GOOD_PASSWORD not in result.output
    assert db.session.scalar(select(AuditEntry.action)
                             .where(AuditEntry.object_id == str(person.id))) == (
        "person.added_by_cli")


def test_users_add_member_joins_the_office_and_needs_no_totp(app, db, office):
    result = _add(app, "staff@example.org", "--name", "Sam Staff", "--role", "member_staff",
                  "--office", office.slug)
    assert result.exit_code == 0, result.output
    assert "otpauth://" not in result.output
    person = db.session.scalar(select(Person).where(Person.email == "staff@example.org"))
    assert person.office_id == office.id and person.totp_secret is None


def test_users_add_then_sign_in_works(app, db, office):
    assert _add(app, "lead@example.org", "--name", "Lee Lead", "--role", "member_lead",
                "--office", office.slug).exit_code == 0
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "lead@example.org",
                                             "password": GOOD_PASSWORD})
    assert response.status_code == 302 and client.get("/").status_code == 200


@pytest.mark.parametrize("args, password, message", [
    (["--role", "chief_wizard"], GOOD_PASSWORD, "Unknown role"),
    (["--role", "member_staff", "--office", "atlantis"], GOOD_PASSWORD, "No office with slug"),
    (["--role", "member_staff"], GOOD_PASSWORD, "need --office"),
    (["--role", "observer", "--office", "{office}"], GOOD_PASSWORD, "Only member roles"),
    (["--role", "observer"], "short", "12 characters"),
    (["--role", "observer"], "password1234", "common"),
    (["--role", "observer"], "x" * 65, "64 characters"),
])
def test_users_add_refuses_bad_input_and_writes_nothing(app, db, office, args, password,
                                                        message):
    before = _counts(db)
    args = [a.replace("{office}", office.slug) for a in args]
    result = _add(app, "someone@example.org", "--name", "Some One", *args, password=password)
    assert result.exit_code != 0
    assert "Error:" in result.output and message.lower() in result.output.lower(), (
        result.output)
    assert "Traceback" not in result.output
    assert _counts(db) == before


def test_users_add_refuses_a_duplicate_email_whatever_the_case(app, db, office):
    PersonFactory(role=Role.OBSERVER, email="taken@example.org")
    db.session.commit()
    before = _counts(db)
    result = _add(app, "  TAKEN@example.org ", "--name", "Second", "--role", "observer")
    assert result.exit_code != 0
    assert "already has an account" in result.output
    assert _counts(db) == before


def test_demo_loads_the_fourteen_offices_and_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = _counts(db)
    names = set(db.session.scalars(select(Office.name)))
    assert names == PRODUCT_OFFICES
    assert after_first[0] == 14
    assert {p.role for p in db.session.scalars(select(Person))} == set(Role)
    assert "admin@ukmayors.example" in first.output

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert _counts(db) == after_first
    gm = db.session.scalar(select(Office).where(Office.slug ==
                                                "greater-manchester-combined-authority"))
    assert gm.voter_id is not None and gm.substitute_id is not None


def test_demo_adds_only_what_is_missing(app, db):
    OfficeFactory(name="Greater London Authority", slug="greater-london-authority")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert _counts(db)[0] == 14


def test_demo_refuses_production(database_url, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    prod = create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": database_url,
                       "SECRET_KEY": "p" * 48, "SERVER_NAME_FOR_EMAIL": "https://portal.test"})
    try:
        result = prod.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code != 0 and "not loaded in production" in result.output
    finally:
        with prod.app_context():
            from network.extensions import db as _db

            _db.engine.dispose()

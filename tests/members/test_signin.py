"""Sign-in journeys through the pages: password, TOTP enrolment and check, invitations,
password reset, password change and TOTP re-enrolment."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.email import OutboxEmail
from network.members.models import Person, Role, SignInAttempt, UserSession
from tests.factories import PASSWORD, PersonFactory


def _post_sign_in(client, email, password=PASSWORD):
    return client.post("/sign-in", data={"email": email, "password": password})


def _link_from_outbox(db, email: str, path: str) -> str:
    row = db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == email)
                             .order_by(OutboxEmail.id.desc())).first()
    assert row is not None, "no email queued"
    match = re.search(rf"http://portal\.test(/{path}/[^\s]+)", row.text_body)
    assert match, row.text_body
    return match.group(1)


def test_member_signs_in_with_password_and_sees_home(client, db, office):
    person = PersonFactory(role=Role.MEMBER_LEAD, office=office, email="Lead@Example.org")
    db.session.commit()
    response = _post_sign_in(client, "  LEAD@example.ORG ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert person.name.encode() in home.data and office.name.encode() in home.data
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "sign_in.success" in actions


def test_wrong_password_is_refused_with_error_summary_and_audited(client, db, office):
    PersonFactory(role=Role.MEMBER_STAFF, office=office, email="staff@example.org")
    db.session.commit()
    response = _post_sign_in(client, "staff@example.org", "not the password at all")
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.data
    assert b"Enter a correct email address and password" in response.data
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SignInAttempt)
                             .where(SignInAttempt.succeeded.is_(False))) == 1
    assert "sign_in.failed" in db.session.scalars(select(AuditEntry.action)).all()


def test_unknown_email_and_deactivated_person_cannot_sign_in(client, db, office):
    PersonFactory(role=Role.MEMBER_STAFF, office=office, email="gone@example.org",
                  is_active=False)
    db.session.commit()
    assert _post_sign_in(client, "nobody@example.org").status_code == 400
    assert _post_sign_in(client, "gone@example.org").status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"email": "", "password": ""}, b"Enter an email address"),
    ({"email": "not-an-email", "password": "x"}, b"correct format"),
    ({"email": "a@b.org", "password": ""}, b"Enter your password"),
    ({"email": "<script>alert(1)</script>@x.org", "password": "x"}, b"correct format"),
    ({"email": "x" * 400 + "@example.org", "password": "x"}, b"320 characters"),
])
def test_sign_in_form_bad_input(client, data, message):
    response = client.post("/sign-in", data=data)
    assert response.status_code == 400
    assert message in response.data
    assert b"<script>alert(1)</script>" not in response.data


def test_secretariat_enrols_totp_on_first_sign_in_then_needs_a_code(client, db):
    person = PersonFactory(role=Role.SECRETARIAT, email="officer@example.org", totp_secret=None)
    db.session.commit()
    response = _post_sign_in(client, "officer@example.org")
    assert response.headers["Location"] == "/sign-in/set-up-security-codes"
    assert client.get("/").status_code == 302, "no session before TOTP"
    page = client.get("/sign-in/set-up-security-codes")
    assert b"<svg" in page.data
    secret = re.search(rb'id="totp-secret">([A-Z2-7]+)<', page.data).group(1).decode()
    bad = client.post("/sign-in/set-up-security-codes", data={"code": "000000"})
    assert bad.status_code == 400 and b"6-digit code" in bad.data
    ok = client.post("/sign-in/set-up-security-codes", data={"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    db.session.refresh(person)
    assert person.totp_secret == secret

    other = client.application.test_client()
    assert _post_sign_in(other, "officer@example.org").headers["Location"] == (
        "/sign-in/security-code")
    wrong = other.post("/sign-in/security-code", data={"code": "12345"})
    assert wrong.status_code == 400 and b"must be 6 digits" in wrong.data


def test_totp_code_is_accepted_once(app, db):
    person = PersonFactory(role=Role.SECRETARIAT_ADMIN, email="admin@example.org",
                           totp_secret=pyotp.random_base32())
    db.session.commit()
    code = pyotp.TOTP(person.totp_secret).now()
    first, second = app.test_client(), app.test_client()
    _post_sign_in(first, "admin@example.org")
    assert first.post("/sign-in/security-code", data={"code": code}).status_code == 302
    _post_sign_in(second, "admin@example.org")
    reused = second.post("/sign-in/security-code", data={"code": code})
    assert reused.status_code == 400
    assert b"already used" in reused.data
    assert second.get("/").status_code == 302


def test_invited_person_sets_password_once_and_signs_in(app, db, clients, office):
    response = clients["member_lead"].post("/my-office/invite", data={
        "name": "Ada Lovelace", "email": "ada@example.org", "job_title": "Adviser",
        "role": "member_staff", "office": str(office.id)})
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "ada@example.org"))
    assert person.office_id == office.id and person.password_hash is None
    link = _link_from_outbox(db, "ada@example.org", "invitation")
    visitor = app.test_client()
    assert b"Welcome, Ada Lovelace" in visitor.get(link).data
    weak = visitor.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 400 and b"too common" in weak.data
    mismatch = visitor.post(link, data={"password": "a" * 5 + "long enough pw",
                                        "confirm": "different"})
    assert mismatch.status_code == 400 and b"do not match" in mismatch.data
    good = "violet kettle harbour"
    accepted = visitor.post(link, data={"password": good, "confirm": good})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/"
    home = visitor.get("/")  # signed in straight away: no second sign-in
    assert home.status_code == 200 and b"you are signed in" in home.data
    again = visitor.get(link)
    assert again.status_code == 400 and b"already been used" in again.data
    later = app.test_client()
    assert _post_sign_in(later, "ada@example.org", good).status_code == 302
    assert later.get("/").status_code == 200


def test_invited_secretariat_person_goes_from_the_password_to_security_codes(app, db, clients):
    response = clients["secretariat_admin"].post("/people/invite", data={
        "name": "Sam Secretariat", "email": "sam@secretariat.example", "job_title": "Officer",
        "role": "secretariat", "office": ""})
    assert response.status_code == 302
    link = _link_from_outbox(db, "sam@secretariat.example", "invitation")
    visitor = app.test_client()
    good = "amber lantern meadow"
    accepted = visitor.post(link, data={"password": good, "confirm": good})
    assert accepted.headers["Location"] == "/sign-in/set-up-security-codes"
    assert visitor.get("/").status_code == 302, "no session before the security codes"
    page = visitor.get("/sign-in/set-up-security-codes")
    secret = re.search(rb'id="totp-secret">([A-Z2-7]+)<', page.data).group(1).decode()
    done = visitor.post("/sign-in/set-up-security-codes",
                        data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert visitor.get("/").status_code == 200


def test_tampered_or_expired_invitation_link_is_refused(app, db, clients, office):
    clients["member_lead"].post("/my-office/invite", data={
        "name": "Bo Diddley", "email": "bo@example.org", "job_title": "",
        "role": "member_staff", "office": str(office.id)})
    link = _link_from_outbox(db, "bo@example.org", "invitation")
    visitor = app.test_client()
    assert b"not valid" in visitor.get(link[:-3] + "abc").data
    app.config["INVITATION_MAX_AGE"], saved = app.config["INVITATION_MAX_AGE"] * -1, \
        app.config["INVITATION_MAX_AGE"]
    try:
        assert b"expired" in visitor.get(link).data
    finally:
        app.config["INVITATION_MAX_AGE"] = saved


def test_password_reset_link_sets_a_new_password_and_ends_sessions(app, db, office):
    person = PersonFactory(role=Role.MEMBER_STAFF, office=office, email="reset@example.org")
    db.session.commit()
    signed_in = app.test_client()
    _post_sign_in(signed_in, "reset@example.org")
    visitor = app.test_client()
    sent = visitor.post("/forgotten-password", data={"email": "RESET@example.org"})
    assert sent.status_code == 200 and b"Check your email" in sent.data
    unknown = visitor.post("/forgotten-password", data={"email": "who@example.org"})
    assert unknown.status_code == 200 and b"Check your email" in unknown.data
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 1
    link = _link_from_outbox(db, "reset@example.org", "reset-password")
    new = "silver trumpet meadow"
    assert visitor.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert signed_in.get("/").status_code == 302, "old session ended"
    assert _post_sign_in(visitor, "reset@example.org", new).status_code == 302
    assert person.id


def test_change_password_needs_the_current_one(db, clients, people):
    client = clients["member_staff"]
    wrong = client.post("/account/password", data={
        "current_password": "wrong password here", "password": "brand new passphrase",
        "confirm": "brand new passphrase"})
    assert wrong.status_code == 400 and b"current password is not correct" in wrong.data
    ok = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "brand new passphrase",
        "confirm": "brand new passphrase"})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200, "the session that changed it stays"


def test_reenrol_totp_requires_reauthentication(app, db, people):
    from tests.conftest import sign_in_client

    person = people["secretariat"]
    person.totp_secret = pyotp.random_base32()
    db.session.commit()
    client = sign_in_client(app, person)
    db.session.execute(UserSession.__table__.update().values(reauthenticated_at=None))
    db.session.commit()
    page = client.get("/account/security-codes")
    assert b"Confirm your password" in page.data
    assert client.post("/account/security-codes",
                       data={"current_password": "nope nope nope"}).status_code == 400
    assert client.post("/account/security-codes",
                       data={"current_password": PASSWORD}).status_code == 302
    page = client.get("/account/security-codes")
    secret = re.search(rb'id="totp-secret">([A-Z2-7]+)<', page.data).group(1).decode()
    assert client.post("/account/security-codes",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    db.session.refresh(person)
    assert person.totp_secret == secret


def test_sign_in_redirects_only_to_same_site_paths(client, db, office):
    PersonFactory(role=Role.MEMBER_STAFF, office=office, email="n@example.org")
    db.session.commit()
    evil = client.post("/sign-in?next=https://evil.example/x",
                       data={"email": "n@example.org", "password": PASSWORD})
    assert evil.headers["Location"] == "/"
    client.post("/sign-out")
    good = client.post("/sign-in?next=/offices/",
                       data={"email": "n@example.org", "password": PASSWORD})
    assert good.headers["Location"] == "/offices/"


def _office_provider(db, office=None, serves_secretariat=False):
    from network.members.models import IdentityProvider

    provider = IdentityProvider(
        office_id=office.id if office else None, serves_secretariat=serves_secretariat,
        issuer="https://id.example.org", client_id="portal", allowed_domains="example.org",
        authorization_endpoint="https://id.example.org/auth",
        token_endpoint="https://id.example.org/token", jwks_uri="https://id.example.org/jwks")
    db.session.add(provider)
    db.session.commit()
    return provider


def test_people_of_an_office_with_its_own_provider_do_not_sign_in_with_a_password(client, db,
                                                                                  office):
    """Password sign-in stays for offices without a provider (issue 13): with one, the right
    password is told to use the office's accounts (and opens no session); a wrong one gets
    the usual answer, so the message tells nothing to someone without the password."""
    PersonFactory(role=Role.MEMBER_LEAD, office=office, email="lead@example.org")
    _office_provider(db, office)
    wrong = _post_sign_in(client, "lead@example.org", "not the password at all")
    assert wrong.status_code == 400 and b"Enter a correct email address and password" in wrong.data
    response = _post_sign_in(client, "lead@example.org")
    assert response.status_code == 400
    assert "signs in to the portal with its own accounts" in response.text
    assert 'href="/sign-in/office-account' in response.text
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "sign_in.password_refused" in actions and "sign_in.success" not in actions
    assert db.session.scalar(select(func.count()).select_from(SignInAttempt)
                             .where(SignInAttempt.succeeded.is_(True))) == 0


def test_no_password_reset_for_people_whose_office_signs_in_with_its_own_accounts(client, db,
                                                                                  office):
    PersonFactory(role=Role.MEMBER_STAFF, office=office, email="staff@example.org")
    _office_provider(db, office)
    response = client.post("/forgotten-password", data={"email": "staff@example.org"})
    assert response.status_code in (200, 302)
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0
    assert "password.reset_refused" in db.session.scalars(select(AuditEntry.action)).all()


def test_the_secretariat_keeps_its_password_beside_its_own_provider(client, db):
    """The secretariat's administrators keep password (and security code) sign-in if their
    provider fails: the rule is for member offices."""
    PersonFactory(role=Role.SECRETARIAT, email="officer@example.org")
    _office_provider(db, serves_secretariat=True)
    response = _post_sign_in(client, "officer@example.org")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/")  # on to the security code


def test_no_portal_password_to_change_for_people_signing_in_through_their_office(app, db,
                                                                                office):
    from tests.conftest import sign_in_client

    person = PersonFactory(role=Role.MEMBER_LEAD, office=office, email="lead@example.org")
    _office_provider(db, office)
    client = sign_in_client(app, person)
    page = client.get("/account/").text
    assert "you sign in through your office" in page
    assert 'href="/account/password"' not in page
    response = client.get("/account/password")
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    assert "your password is changed there" in client.get("/account/").text

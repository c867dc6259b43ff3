"""Security: CSRF on, headers, production cookies and key, throttling across workers,
sessions that really end, TOTP codes used once, and no state change on GET."""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from network import create_app
from network.audit import AuditEntry
from network.db import utcnow
from network.extensions import db as _db
from network.members.models import Office, Person, Role, SignInAttempt, UserSession
from tests.conftest import ROLES, IsolatedClient, sign_in_client
from tests.factories import PASSWORD, PersonFactory

STRONG_KEY = secrets.token_urlsafe(48)
GOOD_OFFICE = {"name": "Forged Combined Authority", "slug": "forged",
               "kind": "mayoral_combined_authority", "region": "North West",
               "mayor_name": "A Mayor", "joined_on": ["1", "4", "2024"],
               "left_on": ["", "", ""], "status": "active"}


@pytest.fixture
def make_app(app, database_url, monkeypatch):
    """Another app instance on the test database (another gunicorn worker, another config)."""
    for name in ("SECRET_KEY", "NETWORK_SECRET_KEY", "DATABASE_URL", "NETWORK_ENV"):
        monkeypatch.delenv(name, raising=False)
    made = []

    def make(env: str = "testing", **overrides):
        address = "https://portal.test" if env == "production" else "http://portal.test"
        config = {"ENV_NAME": env, "SQLALCHEMY_DATABASE_URI": database_url,
                  "SERVER_NAME_FOR_EMAIL": address, **overrides}
        if env != "testing":
            config.setdefault("SECRET_KEY", STRONG_KEY)
        other = create_app(config)
        other.test_client_class = IsolatedClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


def csrf_token_from(response) -> str:
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', response.data)
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


def _count(model, *where) -> int:
    _db.session.expire_all()
    query = select(func.count()).select_from(model)
    for clause in where:
        query = query.where(clause)
    return _db.session.scalar(query)


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


# --- CSRF -----------------------------------------------------------------------------------

class TestCsrfEnabled:
    """With CSRF on (as in every environment but the test suite), a POST needs its token."""

    @pytest.fixture
    def csrf_app(self, make_app):
        return make_app(WTF_CSRF_ENABLED=True)

    def test_post_without_a_token_is_refused_and_changes_nothing(self, csrf_app, db, people,
                                                                 office):
        admin = sign_in_client(csrf_app, people["secretariat_admin"])
        target = people["member_staff"]
        offices_before, audit_before = _count(Office), _count(AuditEntry)

        refused = admin.post("/offices/new", data=GOOD_OFFICE)
        assert refused.status_code == 400
        assert b"The form expired or was sent from another site" in refused.data
        assert admin.post(f"/people/{target.id}/deactivate").status_code == 400
        assert admin.post(f"/people/{target.id}/deactivate",
                          data={"csrf_token": "forged"}).status_code == 400
        assert admin.post("/account/sessions/end-others").status_code == 400
        assert admin.post("/sign-out").status_code == 400

        assert _count(Office) == offices_before
        assert _count(AuditEntry) == audit_before
        _db.session.expire_all()
        assert _db.session.get(Person, target.id).is_active
        assert admin.get("/").status_code == 200, "sign-out without a token must not sign out"

    def test_sign_in_without_a_token_is_refused(self, csrf_app, db, people):
        client = csrf_app.test_client()
        response = client.post("/sign-in", data={"email": people["member_staff"].email,
                                                 "password": PASSWORD})
        assert response.status_code == 400
        assert _count(UserSession) == 0 and _count(SignInAttempt) == 0
        assert _signed_out(client.get("/"))

    def test_the_same_posts_with_the_pages_token_work(self, csrf_app, db, people):
        """The control: it is the token, not something else, that the refusal hangs on."""
        admin = sign_in_client(csrf_app, people["secretariat_admin"])
        target = people["member_staff"]
        token = csrf_token_from(admin.get(f"/people/{target.id}"))
        assert admin.post(f"/people/{target.id}/deactivate",
                          data={"csrf_token": token}).status_code == 302
        _db.session.expire_all()
        assert not _db.session.get(Person, target.id).is_active
        token = csrf_token_from(admin.get("/offices/new"))
        assert admin.post("/offices/new", data={**GOOD_OFFICE, "csrf_token": token}
                          ).status_code == 302
        assert _count(Office, Office.slug == "forged") == 1

    def test_api_reads_need_no_csrf_token(self, csrf_app, db, people):
        client = sign_in_client(csrf_app, people["member_staff"])
        assert client.get("/api/v1/offices").status_code == 200


# --- headers --------------------------------------------------------------------------------

def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/sign-in", "/no-such-page"])
def test_security_headers_on_html(client, path):
    first, second = client.get(path), client.get(path)
    assert first.mimetype == "text/html"
    csp = _csp(first)
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    nonces = [re.search(r"'nonce-([^']+)'", _csp(r)["script-src"]).group(1)
              for r in (first, second)]
    assert nonces[0] != nonces[1], "the CSP nonce must be fresh on every response"
    assert len(nonces[0]) >= 16
    assert f'nonce="{nonces[0]}"'.encode() in first.data, "the page's script carries the nonce"
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["Referrer-Policy"] in ("same-origin", "no-referrer",
                                                "strict-origin-when-cross-origin")
    assert "no-store" in first.headers["Cache-Control"]


def test_hsts_in_production_not_in_development(make_app):
    production = make_app("production", PREFERRED_URL_SCHEME="https").test_client()
    hsts = production.get("/sign-in").headers.get("Strict-Transport-Security", "")
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31536000
    development = make_app("development").test_client()
    assert "Strict-Transport-Security" not in development.get("/sign-in").headers


def _cookie_attributes(set_cookie: str) -> tuple[str, dict[str, str]]:
    parts = [p.strip() for p in set_cookie.split(";")]
    name = parts[0].split("=", 1)[0]
    attrs = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        attrs[key.lower()] = value
    return name, attrs


def test_production_session_cookie_is_host_prefixed_secure_httponly_lax(make_app, db, people):
    prod = make_app("production", PREFERRED_URL_SCHEME="https")  # the test client's scheme
    client = prod.test_client()
    token = csrf_token_from(client.get("/sign-in"))
    person = people["member_staff"]
    # over HTTPS Flask-WTF also checks the Referer, which browsers send same-origin
    response = client.post("/sign-in", data={"email": person.email, "password": PASSWORD,
                                             "csrf_token": token},
                           headers={"Referer": "https://localhost/sign-in"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookies = [_cookie_attributes(c) for c in response.headers.getlist("Set-Cookie")]
    session_cookies = [attrs for name, attrs in cookies if name == "__Host-network-session"]
    assert session_cookies, f"no __Host- session cookie in {cookies}"
    attrs = session_cookies[0]
    assert "secure" in attrs and "httponly" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert attrs.get("path") == "/" and "domain" not in attrs, "__Host- needs Path=/, no Domain"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("key", [None, "", "change-me", "short-but-not-empty"])
def test_production_refuses_to_start_without_a_real_secret_key(make_app, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app("production", SECRET_KEY=key)


# --- throttling -----------------------------------------------------------------------------

def _sign_in(client, email, password, ip):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_account_throttle_holds_across_two_workers(make_app, db, office):
    person = PersonFactory(role=Role.MEMBER_STAFF, office=office, email="target@example.org")
    db.session.commit()
    workers = [make_app().test_client(), make_app().test_client()]
    for n in range(10):  # a different address each time: the account is what is throttled
        email = "Target@Example.org" if n % 2 else "target@example.org"
        response = _sign_in(workers[n % 2], email, f"wrong password {n}", f"10.0.1.{n}")
        assert response.status_code == 400, n
    for worker in workers:
        refused = _sign_in(worker, person.email, PASSWORD, "10.0.2.1")
        assert refused.status_code == 429
        assert b"Too many failed attempts" in refused.data
        assert _signed_out(worker.get("/"))
    assert _count(UserSession) == 0


def test_account_throttle_counts_only_the_window(make_app, db, office):
    person = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    worker = make_app().test_client()
    for n in range(10):
        _sign_in(worker, person.email, "wrong wrong wrong", f"10.0.3.{n}")
    assert _sign_in(worker, person.email, PASSWORD, "10.0.4.1").status_code == 429
    db.session.execute(update(SignInAttempt).values(at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    assert _sign_in(worker, person.email, PASSWORD, "10.0.4.1").status_code == 302


def test_nine_failures_do_not_lock_the_account(client, db, office):
    person = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    for n in range(9):
        _sign_in(client, person.email, "wrong wrong wrong", f"10.0.5.{n}")
    assert _sign_in(client, person.email, PASSWORD, "10.0.5.99").status_code == 302


def test_address_throttle(make_app, db, office):
    person = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    workers = [make_app().test_client(), make_app().test_client()]
    for n in range(10):  # ten different accounts from one address
        assert _sign_in(workers[n % 2], f"guess{n}@example.org", "password guess",
                        "192.0.2.7").status_code == 400
    assert _sign_in(workers[0], person.email, PASSWORD, "192.0.2.7").status_code == 429
    assert _sign_in(workers[1], person.email, PASSWORD, "192.0.2.8").status_code == 302


# --- sessions -------------------------------------------------------------------------------

def test_sign_out_ends_this_session_only_and_the_old_cookie_is_dead(app, db, people):
    person = people["member_staff"]
    first, second = sign_in_client(app, person), sign_in_client(app, person)
    old_cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert first.post("/sign-out").status_code == 302
    assert _signed_out(first.get("/"))
    assert second.get("/").status_code == 200
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    assert _signed_out(replay.get("/")), "a signed-out session id must not work again"


def test_password_change_ends_every_other_session(app, db, people):
    person = people["member_lead"]
    here, elsewhere = sign_in_client(app, person), sign_in_client(app, person)
    new = "a brand new long passphrase 42"
    response = here.post("/account/password", data={
        "current_password": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert _signed_out(elsewhere.get("/"))
    assert here.get("/").status_code == 200


def test_deactivation_ends_every_session(app, db, people, clients):
    person = people["member_staff"]
    phone, laptop = sign_in_client(app, person), sign_in_client(app, person)
    assert phone.get("/").status_code == 200
    assert clients["secretariat_admin"].post(f"/people/{person.id}/deactivate"
                                             ).status_code == 302
    assert _signed_out(phone.get("/")) and _signed_out(laptop.get("/"))
    assert _count(UserSession, UserSession.person_id == person.id,
                  UserSession.ended_at.is_(None)) == 0


@pytest.mark.parametrize("idle_minutes, still_signed_in", [(29, True), (31, False)])
def test_idle_timeout_ends_the_session(app, db, people, idle_minutes, still_signed_in):
    assert app.config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=30)
    client = sign_in_client(app, people["member_staff"])
    db.session.execute(update(UserSession).values(
        last_seen_at=utcnow() - timedelta(minutes=idle_minutes)))
    db.session.commit()
    response = client.get("/")
    row = db.session.scalar(select(UserSession))
    db.session.refresh(row)
    if still_signed_in:
        assert response.status_code == 200 and row.ended_at is None
        assert utcnow() - row.last_seen_at < timedelta(minutes=1), "activity keeps it alive"
    else:
        assert _signed_out(response)
        assert row.ended_at is not None and row.end_reason == "idle"
        assert _signed_out(client.get("/")), "an idle session does not come back"


# --- TOTP -----------------------------------------------------------------------------------

def test_a_totp_code_signs_in_once(app, db):
    person = PersonFactory(role=Role.SECRETARIAT, totp_secret=pyotp.random_base32())
    db.session.commit()
    totp = pyotp.TOTP(person.totp_secret)
    if time.time() % totp.interval > totp.interval - 5:  # keep both attempts in one window
        time.sleep(6)
    code = totp.now()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        assert client.post("/sign-in", data={"email": person.email, "password": PASSWORD}
                           ).headers["Location"] == "/sign-in/security-code"
    assert first.post("/sign-in/security-code", data={"code": code}).status_code == 302
    assert first.get("/").status_code == 200
    assert code == totp.now(), "still the same 30-second window"
    reused = second.post("/sign-in/security-code", data={"code": code})
    assert reused.status_code == 400
    assert _signed_out(second.get("/"))
    assert _count(UserSession, UserSession.person_id == person.id) == 1


# --- no state change on GET -----------------------------------------------------------------

def _row_counts() -> dict[str, int]:
    """Rows in every table, read in one statement (one per table made this test take minutes:
    it runs twice for every rule and role)."""
    _db.session.expire_all()
    tables = _db.metadata.sorted_tables
    counts = select(*(select(func.count()).select_from(table).scalar_subquery().label(table.name)
                      for table in tables))
    return dict(zip((table.name for table in tables), _db.session.execute(counts).one(),
                    strict=True))


# The one GET that writes: an identity provider sends the browser back with a redirect (a GET,
# by the protocol), and the answer is recorded: the login used up, the attempt and its audit
# entry, the session of the person signed in.
GET_WRITES = {"oidc.callback": {"oidc_login", "sign_in_attempt", "audit_entry", "user_session",
                                "person"}}


def test_no_get_changes_state(app, db, people, office):
    """Every GET rule, for every role, leaves every table (the audit log too) as it was;
    a GET on a POST-only rule is refused with 405."""
    from tests.members.test_authorization import ANON, WHO, CannotFill, Walk, app_rules

    walk = Walk(office, people)
    clients = {who: app.test_client() if who == ANON else sign_in_client(app, people[who])
               for who in WHO}
    problems = []
    for rule in app_rules(app):
        for who in ROLES + [ANON]:
            try:
                url = walk.url(app, rule)
            except CannotFill as exc:
                problems.append(str(exc))
                break
            before = _row_counts()  # after the walk made what the URL names
            response = clients[who].get(url)
            after = _row_counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]
                       and t not in GET_WRITES.get(rule.endpoint, ())}
            if changed:
                problems.append(f"{who} GET {url} -> {response.status_code} changed {changed}")
            if "GET" not in rule.methods and response.status_code != 405:
                problems.append(f"{who} GET {url} -> {response.status_code}, expected 405")
    assert not problems, "\n".join(problems)


def test_production_refuses_to_start_without_its_public_address(monkeypatch):
    import pytest as _pytest

    from network import create_app

    monkeypatch.delenv("NETWORK_SERVER_NAME_FOR_EMAIL", raising=False)
    base = {"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x" * 40}
    for address in ("", "http://portal.example", "https://"):
        with _pytest.raises(RuntimeError, match="SERVER_NAME_FOR_EMAIL"):
            create_app({**base, "SERVER_NAME_FOR_EMAIL": address})
    assert create_app({**base, "SERVER_NAME_FOR_EMAIL": "https://portal.example"})


def test_without_a_configured_address_links_follow_the_address_served(db, people, office):
    from network import create_app
    from network.web import public_address

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SERVER_NAME_FOR_EMAIL": ""})
    with app.test_request_context("/", base_url="http://10.1.2.3:8080/"):
        assert public_address() == "http://10.1.2.3:8080"
    with app.app_context():  # the scheduler or a command: no request, nothing configured
        assert public_address() == "http://127.0.0.1:5000"
    configured = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                             "SERVER_NAME_FOR_EMAIL": "https://portal.example/"})
    with configured.test_request_context("/", base_url="http://10.1.2.3:8080/"):
        assert public_address() == "https://portal.example"

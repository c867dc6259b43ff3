"""The outbox page (secretariat): unsent emails with tries, last error and next try, 50 to a
page, and a resend (POST, CSRF, audited) for those that gave up."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from network.audit import AuditEntry
from network.db import utcnow
from network.email import FAILED, PENDING, SENT, OutboxEmail, deliver_pending
from tests.conftest import sign_in_client
from tests.smtp_server import running_server
from tests.test_security import csrf_token_from, make_app  # noqa: F401 - a fixture


def _email(db, n: int, status: str = FAILED, **fields) -> OutboxEmail:
    values = {"attempts": 10 if status == FAILED else 2, "last_error": f"refused {n}",
              "next_attempt_at": utcnow() + timedelta(minutes=n)} | fields
    row = OutboxEmail(key=f"page:{n}", to_address=f"person{n}@example.org",
                      subject=f"Subject {n}", text_body="secret link in the body",
                      html_body="<p>secret link in the body</p>", status=status, **values)
    db.session.add(row)
    db.session.commit()
    return row


def _rows(response) -> list[str]:
    return re.findall(r"person(\d+)@example\.org</td>", response.get_data(as_text=True))


def test_the_secretariat_sees_failed_then_waiting_then_sent_emails_but_no_bodies(db, clients):
    _email(db, 1, PENDING, last_error="", attempts=0)
    _email(db, 2, FAILED, last_error="SMTPRecipientsRefused: no such mailbox")
    _email(db, 3, SENT, sent_at=utcnow())
    page = clients["secretariat"].get("/outbox/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _rows(page) == ["2", "1", "3"], "failed first, then waiting, then sent"
    assert "SMTPRecipientsRefused: no such mailbox" in html
    assert "1 failed, 1 waiting to be sent, 1 sent" in html
    assert "Not until resent" in html
    assert "secret link" not in html, "bodies hold sign-in links: never shown"
    assert html.count("<h1") == 1
    assert re.search(r"<title>\s*Email outbox – ", html)
    assert html.count('action="/outbox/') == 1, "a resend button on the failed one only"
    assert clients["member_lead"].get("/outbox/").status_code == 403


def test_the_outbox_pages_fifty_at_a_time(db, clients):
    for n in range(51):
        _email(db, n)
    admin = clients["secretariat_admin"]
    first = admin.get("/outbox/")
    assert len(_rows(first)) == 50 and b'rel="next"' in first.data
    second = admin.get("/outbox/?page=2")
    assert _rows(second) == ["0"] and b'rel="prev"' in second.data, "newest first"
    assert b'rel="next"' not in second.data
    assert admin.get("/outbox/?page=99999999999999999999999").status_code == 400  # clearly


def test_resend_queues_a_failed_email_again_audited_and_the_next_run_sends_it(
        app, db, clients, monkeypatch):
    row = _email(db, 7, FAILED)
    response = clients["secretariat"].post(f"/outbox/{row.id}/resend")
    assert response.status_code == 302 and response.headers["Location"] == "/outbox/"
    db.session.expire_all()
    row = db.session.get(OutboxEmail, row.id)
    assert row.status == PENDING and row.attempts == 0 and row.next_attempt_at <= utcnow()
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "outbox.resend")).one()
    assert entry.object_id == str(row.id) and entry.before["status"] == FAILED
    assert entry.actor_id == clients["secretariat"].person.id

    with running_server() as server:
        for key, value in {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1",
                           "MAIL_PORT": server.controller.port, "MAIL_USE_TLS": False,
                           "MAIL_USERNAME": None}.items():
            monkeypatch.setitem(app.config, key, value)
        assert deliver_pending() == (1, 0)
        assert [e.rcpt_tos for e in server.envelopes] == [["person7@example.org"]]


def test_a_sent_email_is_not_resent(db, clients):
    row = _email(db, 8, SENT, sent_at=utcnow())
    response = clients["secretariat_admin"].post(f"/outbox/{row.id}/resend",
                                                 follow_redirects=True)
    assert b"This email has already been sent." in response.data
    db.session.expire_all()
    assert db.session.get(OutboxEmail, row.id).status == SENT
    assert clients["secretariat_admin"].post("/outbox/999999/resend").status_code == 404


def test_resend_needs_the_csrf_token(make_app, db, people):  # noqa: F811 - the fixture
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    row = _email(db, 9, FAILED)
    admin = sign_in_client(csrf_app, people["secretariat_admin"])
    assert admin.post(f"/outbox/{row.id}/resend").status_code == 400
    db.session.expire_all()
    assert db.session.get(OutboxEmail, row.id).status == FAILED
    token = csrf_token_from(admin.get("/outbox/"))
    assert admin.post(f"/outbox/{row.id}/resend",
                      data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxEmail, row.id).status == PENDING


def test_the_outbox_filters_by_status_kind_recipient_and_day(db, clients):
    from network.time import today

    _email(db, 1, FAILED, kind="digest")
    _email(db, 2, SENT, kind="digest", sent_at=utcnow())
    _email(db, 3, PENDING, kind="meeting-invitation", attempts=0, last_error="")
    old = _email(db, 4, SENT, kind="reset", sent_at=utcnow())
    old.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    admin = clients["secretariat"]
    assert _rows(admin.get("/outbox/?status=sent")) == ["2", "4"]
    assert _rows(admin.get("/outbox/?kind=digest")) == ["1", "2"]
    assert _rows(admin.get("/outbox/?person=PERSON3@")) == ["3"]
    day = today() - timedelta(days=10)
    since = f"since={day.day}&since={day.month}&since={day.year}"
    until = f"until={day.day}&until={day.month}&until={day.year}"
    dated = admin.get(f"/outbox/?{since}&{until}")
    assert _rows(dated) == ["4"]
    page = admin.get("/outbox/?kind=digest&status=sent&page=1")
    assert _rows(page) == ["2"] and "(filtered)" in page.get_data(as_text=True)
    assert b'<option value="meeting-invitation">' in page.data
    assert admin.get("/outbox/?person=%25").status_code == 200  # a LIKE wildcard is text
    assert _rows(admin.get("/outbox/?person=%25")) == []
    wrong = admin.get("/outbox/?status=lost")
    assert wrong.status_code == 400 and b"govuk-error-summary" in wrong.data
    backwards = admin.get("/outbox/?since=5&since=5&since=2026&until=1&until=5&until=2026")
    assert backwards.status_code == 400 and b"must be the same as or after" in backwards.data


# --- the kind filter: the kinds the portal sends, not a scan of the outbox ---------------------

def _kinds_the_code_sends() -> set[str]:
    """Every kind (a key's first part) the portal's code queues, read from each call of
    queue_email; a call this cannot read fails, so a new kind of sender is never missed."""
    from datetime import date
    from pathlib import Path
    from types import SimpleNamespace

    import network
    from network.digest.digest import Digest
    from network.members.models import DigestFrequency

    kinds, unread = set(), []
    for path in sorted(Path(network.__file__).parent.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for first in re.findall(r'(?<!def )queue_email\(\s*(f?"[^"]*"|[\w.]+)', source):
            head = first.lstrip("f").strip('"').split(":", 1)[0]
            if first == "digest.key":
                window = SimpleNamespace(at=date(2026, 1, 5))
                key = Digest(SimpleNamespace(id=1), DigestFrequency.WEEKLY, window).key
                kinds.add(key.split(":", 1)[0])
            elif head == "{kind}":  # the meeting's diary emails: their kind is an argument
                kinds.update(re.findall(r'send_diary_emails\(\w+, "([a-z-]+)"', source))
            elif head == "item-{outcome}":  # an item's outcome told to its office
                kinds.update(f"item-{o}" for o in re.findall(r'_tell_office\(\w+, "(\w+)"',
                                                              source))
            elif re.fullmatch(r"[a-z-]+", head):
                kinds.add(head)
            else:
                unread.append((path.name, first))
    assert not unread, f"read these kinds into the test, and register them: {unread}"
    return kinds


def test_every_kind_the_code_sends_is_registered_with_a_name():
    from network.email import KINDS

    sent = _kinds_the_code_sends()
    assert len(sent) >= 19, sent
    assert sent == set(KINDS), (sent - set(KINDS), set(KINDS) - sent)
    assert all(label and label[0].isupper() for label in KINDS.values())


def test_the_kind_filter_lists_every_known_kind_with_an_empty_outbox_and_no_scan(app, db, cast):
    from network.email import KINDS
    from tests.queries import counting_queries

    admin = sign_in_client(app, cast["officer"])
    with counting_queries() as statements:
        page = admin.get("/outbox/")
    assert page.status_code == 200
    assert not any("DISTINCT" in s.upper() for s in statements), "no scan of the outbox"
    html = page.get_data(as_text=True)
    select = html[html.index('name="kind"'):]
    select = select[:select.index("</select>")]
    offered = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert offered[0] == ("", "Any kind")
    assert dict(offered[1:]) == KINDS
    assert KINDS["reset"] == "Password reset" and ("reset", "Password reset") in offered
    labels = [label for _, label in offered[1:]]
    assert labels == sorted(labels)


def test_a_link_to_a_kind_no_longer_sent_still_filters(db, clients):
    _email(db, 1, SENT, kind="old-kind", sent_at=utcnow())
    _email(db, 2, SENT, kind="digest", sent_at=utcnow())
    page = clients["secretariat"].get("/outbox/?kind=old-kind")
    assert page.status_code == 200 and _rows(page) == ["1"]
    assert b'<option value="old-kind" selected>Old kind</option>' in page.data
    assert b'value="old-kind"' not in clients["secretariat"].get("/outbox/").data

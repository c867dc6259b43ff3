"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1): idempotent queuing,
multipart delivery, invitations end to end, and failed sends kept and retried."""

from __future__ import annotations

import contextlib
import re
import socket
from email import message_from_bytes
from email import policy as email_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from network.email import FAILED, PENDING, SENT, OutboxEmail, deliver_pending, queue_email
from network.members.models import Person, Role
from tests.factories import PersonFactory


class Collector:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=email_policy.default)
                for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """A running SMTP server the app sends to; `smtp.stop()` takes it down mid-test."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", False)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", None)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    handler.controller = controller
    yield handler
    with contextlib.suppress(AssertionError, RuntimeError):
        controller.stop()  # unless the test stopped it already


def _outbox(db) -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def _queue_reset(app, person, key="reset:test"):
    return queue_email(key, person.email, "Reset your password", "password_reset",
                       person=person, token="signed-token-value")


def test_queuing_twice_with_one_key_queues_once(app, db, smtp):
    person = PersonFactory(role=Role.OBSERVER)
    first = _queue_reset(app, person, key="job:weekly:1")
    second = _queue_reset(app, person, key="job:weekly:1")
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 1
    _queue_reset(app, person, key="job:weekly:2")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 2


def test_deliver_pending_sends_text_and_html(app, db, smtp):
    """Queued outside any request, as the scheduler and the CLI do: links are still absolute."""
    person = PersonFactory(role=Role.OBSERVER, email="reader@example.org", name="Ada Reader")
    _queue_reset(app, person)
    db.session.commit()
    assert deliver_pending() == (1, 0)
    assert len(smtp.envelopes) == 1
    envelope = smtp.envelopes[0]
    assert envelope.rcpt_tos == ["reader@example.org"]
    message = smtp.messages()[0]
    assert message["Subject"] == "Reset your password"
    assert message["To"] == "reader@example.org"
    assert "secretariat@ukmayors.example" in message["From"]
    assert message.is_multipart()
    kinds = [part.get_content_type() for part in message.walk()]
    assert "multipart/alternative" in kinds, kinds  # mail clients pick text or HTML
    assert kinds.count("text/plain") == 1 and kinds.count("text/html") == 1
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dear Ada Reader" in text and "http://portal.test/reset-password/" in text
    assert "Dear Ada Reader" in html and 'href="http://portal.test/reset-password/' in html
    row = _outbox(db)[0]
    assert row.status == SENT and row.attempts == 1 and row.sent_at is not None
    assert message["X-Network-Outbox-Key"] == row.key
    assert deliver_pending() == (0, 0), "a sent email is not sent again"
    assert len(smtp.envelopes) == 1


def test_invitation_from_the_people_page_arrives_and_its_link_opens_the_set_password_page(
        app, db, smtp, clients, office, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVER_ON_COMMIT", True)
    response = clients["secretariat_admin"].post("/people/invite", data={
        "name": "Grace Newcomer", "email": "grace@example.org", "job_title": "Policy Lead",
        "role": "member_staff", "office": str(office.id)})
    assert response.status_code == 302
    assert len(smtp.envelopes) == 1, "delivered straight after the request committed"
    message = smtp.messages()[0]
    assert smtp.envelopes[0].rcpt_tos == ["grace@example.org"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert office.name in text
    link = re.search(r"http://portal\.test(/invitation/\S+)", text).group(1)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://portal.test{link}"' in html
    assert _outbox(db)[0].status == SENT

    page = app.test_client().get(link)
    assert page.status_code == 200
    assert b"Welcome, Grace Newcomer" in page.data
    assert b'name="password"' in page.data and b'name="confirm"' in page.data


def test_a_failed_send_stays_pending_and_mail_deliver_sends_it_later(app, db, smtp,
                                                                     monkeypatch):
    person = PersonFactory(role=Role.OBSERVER, email="later@example.org")
    _queue_reset(app, person)
    db.session.commit()
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
    assert deliver_pending() == (0, 1)
    row = _outbox(db)[0]
    assert row.status == PENDING and row.attempts == 1 and row.sent_at is None
    assert row.last_error, "the error is kept for the operator"
    assert smtp.envelopes == []

    runner = app.test_cli_runner()
    down = runner.invoke(args=["mail", "deliver"])
    assert down.exit_code != 0 and "0 sent, 1 failed" in down.output
    assert _outbox(db)[0].attempts == 2

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp.controller.port)
    result = runner.invoke(args=["mail", "deliver"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed" in result.output
    row = _outbox(db)[0]
    assert row.status == SENT and row.attempts == 3 and row.last_error == ""
    assert [e.rcpt_tos for e in smtp.envelopes] == [["later@example.org"]]


def test_server_stopped_mid_request_the_page_still_works_and_the_email_waits(
        app, db, smtp, clients, office, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DELIVER_ON_COMMIT", True)
    smtp.controller.stop()
    response = clients["secretariat_admin"].post("/people/invite", data={
        "name": "Hal Waiting", "email": "hal@example.org", "role": "member_staff",
        "office": str(office.id)})
    assert response.status_code == 302, "a failed send never breaks the page"
    db.session.expire_all()
    assert db.session.scalar(select(Person).where(Person.email == "hal@example.org"))
    row = _outbox(db)[0]
    assert row.status == PENDING and row.attempts == 1 and row.last_error


def test_an_email_that_keeps_failing_is_marked_failed_after_the_last_attempt(
        app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    _queue_reset(app, PersonFactory(role=Role.OBSERVER))
    db.session.commit()
    deliver_pending()
    assert _outbox(db)[0].status == PENDING
    deliver_pending()
    assert _outbox(db)[0].status == FAILED and _outbox(db)[0].attempts == 2
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp.controller.port)
    assert deliver_pending() == (0, 0), "given up: not retried for ever"

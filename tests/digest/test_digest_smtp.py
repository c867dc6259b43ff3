"""What arrives at a real SMTP server (aiosmtpd on 127.0.0.1), parsed with the `email`
package and `icalendar`: the digest's headers and both parts, diary invitations, changes and
cancellations with the feed's UID and SEQUENCE, and a server that is down for a while."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import update

from network.db import utcnow
from network.digest import tasks
from network.email import PENDING, SENT, WIPED, OutboxEmail, deliver_pending, message_id_for
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.calendar import event_uid, feed_ics
from network.workplan.meetings.queries import meeting_with_agenda
from tests.digest.helpers import next_monday, outbox
from tests.factories import ActionFactory
from tests.smtp_server import running_server
from tests.test_email import _point_at


@pytest.fixture
def smtp(app, monkeypatch):
    """A running SMTP server the app sends to."""
    with running_server() as handler:
        _point_at(app, monkeypatch, handler.controller.port)
        yield handler


def _parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def _calendar(message) -> tuple[str, Calendar]:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def test_a_digest_arrives_with_both_parts_and_the_one_click_headers(app, db, cast, smtp):
    at = next_monday()
    ActionFactory(actor=cast["officer"], owner_office=cast["office_a"], days=-2,
                  is_recorded_late=True, recorded_late_reason="From the last meeting",
                  description="Send the skills figures")
    db.session.commit()
    tasks.send_digests(at)
    db.session.execute(update(OutboxEmail).where(OutboxEmail.kind != "digest")
                       .values(status=SENT))
    db.session.commit()
    sent, failed = deliver_pending()
    assert failed == 0 and sent == len(smtp.envelopes) > 0
    staff = cast["staff_a"]
    [message] = [m for m in smtp.messages() if m["To"] == staff.email]
    key = f"digest:{staff.id}:weekly:{at:%Y-%m-%d}"
    assert message["X-Network-Outbox-Key"] == key
    assert message["Message-ID"] == message_id_for(key)
    assert message["Subject"] == f"Your weekly digest for the week of {at:%-d %B %Y}"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(http://portal\.test/digest/unsubscribe/\S+)>",
                        message["List-Unsubscribe"]).group(1)
    text, html = _parts(message)
    assert "ACTIONS YOUR OFFICE OWES" in text and "Send the skills figures" in text
    assert "[Needs attention] Send the skills figures" in text
    assert link in text and link in html
    assert "<h1" in html and '<h2 style="font-size: 22px' in html
    assert "<table" not in html, "no layout tables"
    assert 'name="color-scheme" content="light dark"' in html
    assert "prefers-color-scheme: dark" in html
    assert 'lang="en"' in html
    # the one-click POST a mail provider makes, with no session and no CSRF token
    response = app.test_client().post(link.removeprefix("http://portal.test"),
                                      data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.refresh(staff)
    assert staff.digest_frequency.value == "none"


def test_invitation_change_and_cancellation_carry_the_feed_uid_and_sequence(app, db, cast,
                                                                           smtp):
    meeting = cast.meeting(20)
    lead = cast["lead_a"]
    assert deliver_pending()[1] == 0
    invited = [m for m in smtp.messages() if m["To"] == lead.email
               and m["Subject"].startswith("Invitation:")]
    assert len(invited) == 1
    method, cal = _calendar(invited[0])
    assert method == "REQUEST" and str(cal["METHOD"]) == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == event_uid("meeting", meeting.id)
    first_sequence = int(event["SEQUENCE"])
    assert str(event["ATTENDEE"]) == f"mailto:{lead.email}"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    text, _ = _parts(invited[0])
    assert f"http://portal.test/meetings/{meeting.id}" in text

    db.session.expire_all()
    meeting = meeting_with_agenda(meeting.id)
    data = {k: getattr(meeting, k) for k in meeting_service.MEETING_FIELDS}
    data["starts_at"] += timedelta(hours=1)
    data["ends_at"] += timedelta(hours=1)
    meeting_service.update_meeting(cast["officer"], meeting, data, [], [cast["observer"]])
    db.session.commit()
    deliver_pending()
    [changed] = [m for m in smtp.messages() if m["To"] == lead.email
                 and m["Subject"].startswith("Changed:")]
    method, cal = _calendar(changed)
    [event] = cal.walk("VEVENT")
    assert method == "REQUEST" and str(event["UID"]) == event_uid("meeting", meeting.id)
    assert int(event["SEQUENCE"]) == meeting.ics_sequence > first_sequence
    with app.test_request_context():
        feed = Calendar.from_ical(feed_ics(lead, [meeting]))
    [in_feed] = [e for e in feed.walk("VEVENT") if str(e["UID"]) == str(event["UID"])]
    assert int(in_feed["SEQUENCE"]) == int(event["SEQUENCE"]), "the feed and the email agree"

    db.session.expire_all()
    meeting = meeting_with_agenda(meeting.id)
    meeting_service.cancel_meeting(cast["officer"], meeting, "The minister cannot attend")
    db.session.commit()
    deliver_pending()
    [cancelled] = [m for m in smtp.messages() if m["To"] == lead.email
                   and m["Subject"].startswith("Cancelled:")]
    method, cal = _calendar(cancelled)
    [event] = cal.walk("VEVENT")
    assert method == "CANCEL" and str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == meeting.ics_sequence
    assert "The minister cannot attend" in _parts(cancelled)[0]
    keys = smtp.keys()
    assert all(n == 1 for n in keys.values()), keys


def test_a_server_that_is_down_keeps_every_message_and_delivers_each_once_when_back(
        app, db, cast, monkeypatch):
    at = next_monday()
    cast.meeting((at.date() - utcnow().date()).days + 2)  # invitations, then digests
    tasks.send_digests(at)
    db.session.commit()
    queued = {r.key for r in outbox()}
    assert len(queued) > 5
    with running_server() as server:
        port = server.controller.port
        _point_at(app, monkeypatch, port)
        server.controller.stop()  # down
        assert deliver_pending() == (0, len(queued))
        rows = outbox()
        assert all(r.status == PENDING and r.attempts == 1 and r.last_error for r in rows)
    with running_server() as back:
        _point_at(app, monkeypatch, back.controller.port)
        assert deliver_pending() == (0, 0), "each waits its 30-second back-off"
        db.session.execute(update(OutboxEmail).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert deliver_pending() == (len(queued), 0)
        assert deliver_pending() == (0, 0)
        arrived = back.keys()
    assert set(arrived) == queued and set(arrived.values()) == {1}


def test_a_sign_in_link_is_not_kept_once_sent(app, db, cast, smtp):
    from network.members.services.signin import request_password_reset

    request_password_reset(cast["lead_a"].email)
    db.session.commit()
    [row] = outbox("reset")
    assert "/reset-password/" in row.text_body and row.is_sensitive
    assert deliver_pending() == (1, 0)
    assert "/reset-password/" in smtp.messages()[0].get_body(("plain",)).get_content()
    [row] = outbox("reset")
    assert row.status == SENT and row.text_body == row.html_body == WIPED

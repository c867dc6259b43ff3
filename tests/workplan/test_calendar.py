"""Calendar files parse with icalendar, carry Europe/London times, stable UIDs and SEQUENCE."""

from __future__ import annotations

import re

from icalendar import Calendar

from network.workplan.meetings import services as service
from tests.conftest import sign_in_client


def _events(data: bytes):
    cal = Calendar.from_ical(data)
    timezones = cal.walk("VTIMEZONE")
    assert [str(t["TZID"]) for t in timezones] == ["Europe/London"]
    return cal.walk("VEVENT")


def test_meeting_ics_is_valid_and_updates_bump_sequence(app, db, cast):
    meeting = cast.meeting(30)
    member = sign_in_client(app, cast["staff_a"])
    response = member.get(f"/meetings/{meeting.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.data)
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").hour == 10
    assert str(event["STATUS"]) == "CONFIRMED" and "Room 1" in str(event["LOCATION"])
    service.cancel_meeting(cast["officer"], meeting, "Purdah")
    db.session.commit()
    (cancelled,) = _events(member.get(f"/meetings/{meeting.id}/calendar.ics").data)
    assert str(cancelled["UID"]) == uid
    assert int(cancelled["SEQUENCE"]) == sequence + 1
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_personal_feed_lists_meetings_and_deadlines_and_can_be_revoked(app, db, cast):
    meeting = cast.meeting(30)
    lead = sign_in_client(app, cast["lead_a"])
    page = lead.post("/account/calendar", data={"action": "create"})
    address = re.search(rb'id="feed-address">([^<]+)<', page.data).group(1).decode()
    path = address.split("portal.test", 1)[1]
    feed = app.test_client().get(path)
    assert feed.status_code == 200
    summaries = sorted(str(e["SUMMARY"]) for e in _events(feed.data))
    assert summaries == sorted([meeting.title, f"Items due: {meeting.title}"])
    lead.post("/account/calendar", data={"action": "revoke"})
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().get("/calendar/not-a-token.ics").status_code == 404


def test_feed_shows_observers_only_their_meetings(app, db, cast):
    meeting = cast.meeting(30, title="Invited")
    outsider = sign_in_client(app, cast["outsider_observer"])
    page = outsider.post("/account/calendar", data={"action": "create"})
    path = re.search(rb'id="feed-address">[^<]*?(/calendar/[^<]+)<', page.data).group(1)
    cal = Calendar.from_ical(app.test_client().get(path.decode()).data)
    assert cal.walk("VEVENT") == []
    assert outsider.get(f"/meetings/{meeting.id}/calendar.ics").status_code == 404
    observer = sign_in_client(app, cast["observer"])
    assert observer.get(f"/meetings/{meeting.id}/calendar.ics").status_code == 200


def test_feed_reaches_back_a_year_not_the_whole_history(app, db, cast):
    from datetime import timedelta

    from network.db import utcnow
    from network.workplan.meetings.calendar import create_feed

    cast.held_meeting(starts_at=utcnow() - timedelta(days=400), title="Two springs ago")
    cast.held_meeting(starts_at=utcnow() - timedelta(days=30), title="Last month")
    coming = cast.meeting(30, title="Next month")
    raw = create_feed(cast["lead_a"])
    db.session.commit()
    feed = app.test_client().get(f"/calendar/{raw}.ics")
    summaries = {str(e["SUMMARY"]) for e in _events(feed.data)}
    assert {"Last month", coming.title} <= summaries
    assert "Two springs ago" not in summaries

"""Changing who is invited to a meeting reaches diaries: the people newly invited get the
invitation (METHOD:REQUEST), the people no longer invited a CANCEL for their diary only, and
those still invited hear nothing unless the time, place or title moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.calendar import event_uid
from network.workplan.meetings.queries import meeting_with_agenda
from tests.digest.helpers import outbox
from tests.factories import MeetingFactory


def _change(db, cast, meeting_id, offices, **moves):
    db.session.expire_all()
    meeting = meeting_with_agenda(meeting_id)
    data = {k: getattr(meeting, k) for k in meeting_service.MEETING_FIELDS}
    data.update(moves)
    meeting_service.update_meeting(cast["officer"], meeting, data, offices, [])
    db.session.commit()
    return meeting


@pytest.mark.cast(offices=3)
def test_offices_added_are_invited_and_offices_removed_get_a_cancellation(db, cast):
    meeting = MeetingFactory(days=20, actor=cast["officer"],
                             invited_offices=[cast["office_a"], cast["office_b"]],
                             title="Transport working group")
    db.session.commit()
    first = {r.to_address for r in outbox("meeting-invitation")}
    assert cast["lead_c"].email not in first and cast["lead_b"].email in first

    meeting = _change(db, cast, meeting.id, [cast["office_a"], cast["office_c"]])
    invited_now = [r for r in outbox("meeting-invitation") if r.to_address not in first]
    assert {r.to_address for r in invited_now} == {cast["lead_c"].email, cast["staff_c"].email}
    removed = outbox("meeting-uninvited")
    assert {r.to_address for r in removed} == {cast["lead_b"].email, cast["staff_b"].email}
    cal = Calendar.from_ical(removed[0].ics)
    [event] = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL" and str(event["UID"]) == event_uid("meeting",
                                                                              meeting.id)
    assert int(event["SEQUENCE"]) == meeting.ics_sequence
    assert "The meeting itself goes ahead" in removed[0].text_body
    assert outbox("meeting-changed") == [], "nothing moved for those still invited"

    _change(db, cast, meeting.id, [cast["office_a"], cast["office_c"]],
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1))
    assert {r.to_address for r in outbox("meeting-changed")} == {
        cast[f"{who}_{x}"].email for who in ("lead", "staff") for x in "ac"}
    assert len(outbox("meeting-uninvited")) == 2, "the removed hear nothing more"

"""Reads of the record of a meeting: replies to the invitation, per person and per office."""

from __future__ import annotations

from sqlalchemy import select

from network.extensions import db
from network.workplan.meetings.models import Meeting
from network.workplan.minutes.models import AttendanceStatus, Rsvp, RsvpResponse

# When several people of an office reply, the office is there if anyone is: the strongest
# reply stands for the office.
STRENGTH = [RsvpResponse.IN_PERSON, RsvpResponse.SUBSTITUTE, RsvpResponse.ONLINE,
            RsvpResponse.APOLOGIES]
EXPECTED = {RsvpResponse.IN_PERSON: AttendanceStatus.IN_PERSON,
            RsvpResponse.SUBSTITUTE: AttendanceStatus.IN_PERSON,
            RsvpResponse.ONLINE: AttendanceStatus.ONLINE,
            RsvpResponse.APOLOGIES: AttendanceStatus.APOLOGIES}


def replies(meeting: Meeting) -> list[Rsvp]:
    """Every reply to the meeting's invitation, with the person loaded, by name."""
    rows = db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id)
                              .options(db.joinedload(Rsvp.person))).all()
    return sorted(rows, key=lambda r: r.person.name)


def reply_of(meeting: Meeting, person) -> Rsvp | None:
    """The person's own reply, if they have sent one."""
    return db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == meeting.id,
                                                Rsvp.person_id == person.id))


def office_replies(rows: list[Rsvp]) -> dict[int, Rsvp]:
    """The reply that stands for each office (the strongest of its people's)."""
    best: dict[int, Rsvp] = {}
    for row in rows:
        office_id = row.person.office_id
        if office_id is None:
            continue
        if office_id not in best or (STRENGTH.index(row.response)
                                     < STRENGTH.index(best[office_id].response)):
            best[office_id] = row
    return best


def expected_attendance(reply: Rsvp | None) -> tuple[str, str]:
    """(attendance status value, represented by) the attendance form starts from."""
    if reply is None:
        return "", ""
    by = reply.substitute_name if reply.response == RsvpResponse.SUBSTITUTE else (
        reply.person.name if reply.response != RsvpResponse.APOLOGIES else "")
    return EXPECTED[reply.response].value, by


def reply_counts(office_ids: list[int], by_office: dict[int, Rsvp]) -> dict[str, int]:
    """How the invited offices replied, counting offices (not people): each office once, by
    the reply that stands for it, and those that have not replied."""
    counts = {response.value: 0 for response in RsvpResponse}
    for office_id in office_ids:
        if office_id in by_office:
            counts[by_office[office_id].response.value] += 1
    counts["not_replied"] = sum(1 for office_id in office_ids if office_id not in by_office)
    return counts

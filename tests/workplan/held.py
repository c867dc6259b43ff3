"""Held meetings with an item on the agenda, for decisions and actions tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from network.extensions import db as _db
from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
from network.workplan.meetings import services as service
from network.workplan.meetings.models import MeetingKind, MeetingStatus

LONDON = ZoneInfo("Europe/London")


def held_meeting(cast, starts_at: datetime | None = None, kind=MeetingKind.MAYORS,
                 title: str = "Mayors' meeting", offices=None, confidential: bool = False,
                 status=MeetingStatus.HELD):
    """A meeting that has taken place (yesterday by default) with one accepted item."""
    start = starts_at or (datetime.now(LONDON) - timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    data = {"title": title, "kind": kind, "starts_at": start,
            "ends_at": start + timedelta(hours=2), "venue": "Leeds Civic Hall",
            "is_all_offices": not offices, "secretariat_lead_id": cast["officer"].id}
    meeting = service.create_meeting(cast["officer"], data, offices or [], [cast["observer"]])
    meeting.status = status
    item = AgendaItem(meeting_id=meeting.id, title=f"Devolution deal ({title})",
                      purpose=ItemPurpose.DECISION, summary="Agree the joint ask",
                      status=ItemStatus.ACCEPTED, position=50, duration_minutes=20,
                      is_confidential=confidential)
    _db.session.add(item)
    _db.session.commit()
    return meeting, item

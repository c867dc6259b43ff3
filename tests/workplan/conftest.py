"""Fixtures for meetings: a network of offices and a meeting open for items."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from network.extensions import db as _db
from network.members.models import Role
from network.workplan.meetings import services as service
from network.workplan.meetings.models import MeetingKind
from tests.factories import OfficeFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def cast(db):
    """Secretariat, two offices with a lead and staff each, and two observers."""
    people = {"officer": PersonFactory(role=Role.SECRETARIAT),
              "admin": PersonFactory(role=Role.SECRETARIAT_ADMIN),
              "observer": PersonFactory(role=Role.OBSERVER),
              "outsider_observer": PersonFactory(role=Role.OBSERVER)}
    for key in ("a", "b"):
        office = OfficeFactory()
        people[f"office_{key}"] = office
        people[f"lead_{key}"] = PersonFactory(role=Role.MEMBER_LEAD, office=office)
        people[f"staff_{key}"] = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    _db.session.commit()
    return people


def meeting_in(cast, days: int, kind=MeetingKind.MAYORS, open_items: bool = True, **extra):
    """A meeting `days` from now at 10:00 London, invited: all offices and one observer."""
    start = (datetime.now(LONDON) + timedelta(days=days)).replace(hour=10, minute=0, second=0,
                                                                   microsecond=0)
    data = {"title": extra.pop("title", f"Mayors' meeting in {days} days"), "kind": kind,
            "starts_at": start, "ends_at": start + timedelta(hours=2),
            "venue": "Manchester Central", "room": "Room 1", "online_link": "",
            "chair": "The Chair", "logistics_notes": "", "is_all_offices": True,
            "workstream_id": None, "secretariat_lead_id": cast["officer"].id, **extra}
    meeting = service.create_meeting(cast["officer"], data, [], [cast["observer"]])
    if open_items:
        service.open_for_items(cast["officer"], meeting)
    _db.session.commit()
    return meeting

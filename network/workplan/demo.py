"""Demo workplan: workstreams, a past meeting with draft minutes, and the next one open for
items with a submission waiting for triage."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from network.extensions import db
from network.members.models import Office, Person, Role
from network.time import at, today
from network.workplan.items import services as item_service
from network.workplan.items.models import AgendaItem, ItemPurpose
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import MeetingKind, MeetingStatus
from network.workplan.workstreams.models import Workstream

WORKSTREAMS = [
    ("Devolution and fiscal freedoms", "devolution", "greater-manchester-combined-authority"),
    ("Local growth", "local-growth", "west-midlands-combined-authority"),
    ("Place-based innovation", "place-based-innovation", "west-of-england-mayoral-combined-"
                                                          "authority"),
    ("Transport and bus franchising", "transport", "liverpool-city-region-combined-authority"),
]


def _at(days: int, hour: int) -> datetime:
    day = today() + timedelta(days=days)
    return at(day, hour)


def load_demo_workplan() -> None:
    """Add the demo workstreams and meetings once."""
    if db.session.scalar(select(Workstream.id).limit(1)) is not None:
        return
    offices = {o.slug: o for o in db.session.scalars(select(Office))}
    officer = db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT))
    lead = db.session.scalar(select(Person).where(Person.email == "lead@gmca.example"))
    observer = db.session.scalar(select(Person).where(Person.role == Role.OBSERVER))
    if officer is None or lead is None or not offices:
        return
    streams = {}
    for name, slug, office_slug in WORKSTREAMS:
        streams[slug] = Workstream(name=name, slug=slug, lead_office_id=offices[office_slug].id)
        db.session.add(streams[slug])
    db.session.flush()

    def meeting(title: str, days: int) -> object:
        return meeting_service.create_meeting(officer, {
            "title": title, "kind": MeetingKind.MAYORS, "starts_at": _at(days, 10),
            "ends_at": _at(days, 13), "venue": "Manchester Central", "room": "Charter 2",
            "online_link": "https://meet.ukmayors.example/mayors", "chair": "Chair of the "
            "Network", "logistics_notes": "Lunch at 13:00.", "is_all_offices": True,
            "workstream_id": None, "secretariat_lead_id": officer.id},
            [], [observer] if observer else [])

    past = meeting("Mayors' meeting (last month)", -28)
    past.status = MeetingStatus.MINUTES_DRAFTED
    for item in db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == past.id)):
        item.minute_text = f"{item.title}: noted."
    upcoming = meeting("Mayors' meeting (next month)", 28)
    meeting_service.open_for_items(officer, upcoming)
    item_service.submit_item(lead, upcoming, {
        "title": "A joint ask on skills devolution", "purpose": ItemPurpose.DECISION,
        "summary": "Mayors are asked to agree a **joint letter** to the Secretary of State.",
        "minutes_requested": 20, "presenter": "Mayor of Greater Manchester",
        "workstream_id": streams["devolution"].id, "is_confidential": False})

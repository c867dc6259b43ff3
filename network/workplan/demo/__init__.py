"""Demo workplan: workstreams; past mayors', chief executives' and government meetings with
papers, attendance, minutes (approved at the next meeting of the kind) and actions; the next
mayors' meeting open for items with submissions waiting for triage; a meeting with government
being planned."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from network.db import clock_set_to
from network.extensions import db
from network.members.models import Person, Role
from network.time import at, today
from network.workplan.demo import content, history
from network.workplan.items import services as item_service
from network.workplan.items.models import ItemPurpose
from network.workplan.minutes import services as minutes_service
from network.workplan.minutes.models import RsvpResponse
from network.workplan.workstreams.models import Workstream

WORKSTREAMS = [
    ("Devolution and fiscal freedoms", "devolution", "greater-manchester-combined-authority"),
    ("Local growth", "local-growth", "west-midlands-combined-authority"),
    ("Place-based innovation", "place-based-innovation", "west-of-england-mayoral-combined-"
                                                          "authority"),
    ("Transport and bus franchising", "transport", "liverpool-city-region-combined-authority"),
]


def load_demo_workplan() -> None:
    """Add the demo workstreams and meetings once (nothing when workstreams exist)."""
    if db.session.scalar(select(Workstream.id).limit(1)) is not None:
        return
    officer = db.session.scalar(select(Person).where(Person.role == Role.SECRETARIAT)
                                .order_by(Person.id).limit(1))
    observer = db.session.scalar(select(Person).where(Person.role == Role.OBSERVER)
                                 .order_by(Person.id).limit(1))
    if officer is None:
        return
    for name, slug, _ in WORKSTREAMS:
        db.session.add(Workstream(name=name, slug=slug))
    db.session.flush()
    cast = history.Cast(officer, observer)
    for _, slug, office_slug in WORKSTREAMS:
        cast.streams[slug].lead_office_id = cast.offices[office_slug].id
    _past(cast)
    _upcoming(cast)


def _past(cast: history.Cast) -> None:
    """The held meetings in the order they happened: the second of each kind approves the
    first one's minutes."""
    held = []
    for spec in content.MEETINGS_PAST:
        held.append((history.thursday(spec.days), spec, False))
    for spec in content.MEETINGS_SECOND:
        held.append((history.thursday(spec.days), spec, True))
    for day, spec, approves in sorted(held, key=lambda h: h[0]):
        history.hold(cast, spec, day, approves)


def _upcoming(cast: history.Cast) -> None:
    """The next mayors' meeting takes items (two wait for triage); government is planned."""
    mayors = content.MeetingSpec(
        key="mayors-3", kind=content.MeetingKind.MAYORS, title="Mayors' meeting", days=28,
        venue="Newcastle Civic Centre", room="Banqueting Hall",
        chair="Mayor Rachel Ingham (Chair)", items=[], has_observer=True)
    day = history.thursday(mayors.days, forward=True)
    meeting = history.create(cast, mayors, day, f"Mayors' meeting, {day:%-d %B %Y}")
    with clock_set_to(at(today() - timedelta(days=6), 10)):
        item_service.add_item(cast.officer, meeting, {
            "title": "The Devolution Framework: the network's response", "purpose":
            ItemPurpose.DECISION, "summary": "The draft response for mayors to agree.",
            "minutes_requested": 30, "presenter": "Mayor Rachel Ingham (Chair)",
            "workstream_id": cast.streams["devolution"].id, "is_confidential": False})
    for offset, (office, title, summary, stream) in enumerate(content.SUBMISSIONS):
        with clock_set_to(at(today() - timedelta(days=3 - offset), 11)):
            item_service.submit_item(cast.leads[office], meeting, {
                "title": title, "purpose": ItemPurpose.DECISION, "summary": summary,
                "minutes_requested": 20, "presenter": cast.offices[office].mayor_name,
                "workstream_id": cast.streams[stream].id, "is_confidential": False})
    with clock_set_to(at(today() - timedelta(days=1), 16)):
        minutes_service.rsvp(cast.leads[content.GM], meeting, RsvpResponse.IN_PERSON)
        minutes_service.rsvp(cast.leads[content.WM], meeting, RsvpResponse.ONLINE)
    government = content.MeetingSpec(
        key="government-2", kind=content.MeetingKind.GOVERNMENT, title="Meeting with the "
        "Minister for Local Growth", days=42, venue="2 Marsham Street, London",
        room="Conference room 4", chair="Minister for Local Growth and Devolution", items=[],
        has_observer=True)
    day = history.thursday(government.days, forward=True)
    history.create(cast, government, day, f"{government.title}, {day:%-d %B %Y}")

"""The demo's meetings played through the services on the days they happened (the clock set
back for each step): submitted, triaged, papers, published, replies, held, attendance,
declarations, minutes, actions and their updates, circulated and approved at the next one."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from network.db import clock_set_to, utcnow
from network.extensions import db
from network.members.demo import OFFICE_LEADS
from network.members.models import Office, Person
from network.time import at, today
from network.workplan.actions import services as action_service
from network.workplan.demo.content import ActionSpec, ItemSpec, MeetingSpec
from network.workplan.demo.papers import paper_pdf
from network.workplan.items import services as item_service
from network.workplan.items.models import AgendaItem, StandingKind
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import Meeting
from network.workplan.minutes import services as minutes_service
from network.workplan.minutes.models import AttendanceStatus, RsvpResponse
from network.workplan.workstreams.models import Workstream

ONLINE_LINK = "https://meet.ukmayors.example/{}"


class Cast:
    """Who acts in the demo's history: the secretariat officer, each office's lead."""

    def __init__(self, officer: Person, observer: Person | None):
        self.officer, self.observer = officer, observer
        self.offices = {o.slug: o for o in db.session.scalars(select(Office))}
        emails = {email: slug for slug, (email, _) in OFFICE_LEADS.items()}
        self.leads = {emails[p.email]: p for p in db.session.scalars(
            select(Person).where(Person.email.in_(emails)))}
        self.streams = {w.slug: w for w in db.session.scalars(select(Workstream))}


def thursday(days: int, forward: bool = False) -> date:
    """The Thursday on or before (after, if `forward`) the day `days` from today."""
    day = today() + timedelta(days=days)
    shift = (3 - day.weekday()) % 7 if forward else -((day.weekday() - 3) % 7)
    day += timedelta(days=shift)
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 4):  # not at Christmas
        step = 7 if forward else -7
        while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 4):
            day += timedelta(days=step)
    return day


def _on(day: date, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute)


def create(cast: Cast, spec: MeetingSpec, day: date, title: str) -> Meeting:
    """The meeting as the secretariat set it up, six weeks before, open for items."""
    invited = [cast.offices[s] for s in spec.offices]
    with clock_set_to(min(_on(day - timedelta(days=42), 9), utcnow() - timedelta(hours=1))):
        meeting = meeting_service.create_meeting(cast.officer, {
            "title": title, "kind": spec.kind, "starts_at": _on(day, 10),
            "ends_at": _on(day, 13), "venue": spec.venue, "room": spec.room,
            "online_link": ONLINE_LINK.format(spec.kind.value.replace("_", "-")),
            "chair": spec.chair, "logistics_notes": "Lunch is served at 13:00. Tell the "
            "secretariat of any access needs when you reply.", "is_all_offices": not invited,
            "workstream_id": None, "secretariat_lead_id": cast.officer.id},
            invited, [cast.observer] if spec.has_observer and cast.observer else [])
        meeting_service.open_for_items(cast.officer, meeting)
    return meeting


def _item_data(cast: Cast, spec: ItemSpec) -> dict:
    stream = cast.streams.get(spec.workstream) if spec.workstream else None
    return {"title": spec.title, "purpose": spec.purpose, "summary": spec.summary,
            "minutes_requested": spec.minutes_requested, "presenter": spec.presenter,
            "workstream_id": stream.id if stream else None,
            "is_confidential": spec.is_confidential}


def _agenda(cast: Cast, spec: MeetingSpec, meeting: Meeting, day: date) -> list[AgendaItem]:
    """Offices submit, the secretariat accepts (or places its own items), papers go up."""
    items = []
    with clock_set_to(_on(day - timedelta(days=30), 11)):
        for item_spec in spec.items:
            data = _item_data(cast, item_spec)
            if item_spec.office:
                items.append(item_service.submit_item(cast.leads[item_spec.office], meeting,
                                                      data))
            else:
                items.append(item_service.add_item(cast.officer, meeting, data))
    with clock_set_to(_on(day - timedelta(days=24), 15)):
        for item, item_spec in zip(items, spec.items, strict=True):
            if item_spec.office:
                item_service.accept_item(cast.officer, item, None)
            if item_spec.paper:
                author = cast.offices[item_spec.office].name if item_spec.office else (
                    "the Network Secretariat")
                pdf = paper_pdf(item_spec.paper, meeting.title, item_spec.title, author)
                name = re.sub(r"[^a-z0-9]+", "-", item_spec.paper.title.lower()).strip("-")
                uploader = cast.leads[item_spec.office] if item_spec.office else cast.officer
                item_service.upload_paper(uploader, item, io.BytesIO(pdf), f"{name}.pdf",
                                          item_spec.paper.title)
    with clock_set_to(_on(meeting.papers_due_on, 9)):
        meeting_service.publish_agenda(cast.officer, meeting)
    return items


def _replies(cast: Cast, spec: MeetingSpec, meeting: Meeting, day: date) -> dict:
    """Each office's lead replies; the attendance recorded on the day follows the replies."""
    attendance = {}
    with clock_set_to(_on(day - timedelta(days=4), 12)):
        for slug, office in cast.offices.items():
            if spec.offices and slug not in spec.offices:
                continue
            substitute = spec.apologies.get(slug)
            if substitute:
                response, status = RsvpResponse.SUBSTITUTE, AttendanceStatus.IN_PERSON
            elif substitute == "":
                response, status = RsvpResponse.APOLOGIES, AttendanceStatus.APOLOGIES
            elif slug in spec.online:
                response, status = RsvpResponse.ONLINE, AttendanceStatus.ONLINE
            else:
                response, status = RsvpResponse.IN_PERSON, AttendanceStatus.IN_PERSON
            minutes_service.rsvp(cast.leads[slug], meeting, response, substitute or "")
            attendance[office.id] = (status, substitute or "")
    return attendance


def _standing_minutes(spec: MeetingSpec, cast: Cast, first: bool) -> dict[StandingKind, str]:
    names = {slug: cast.offices[slug].name for slug in spec.apologies}
    apologies = [names[s] for s, sub in spec.apologies.items() if not sub]
    substitutes = [f"{sub} attended for {names[s]}" for s, sub in spec.apologies.items() if sub]
    text = f"{spec.chair.split(' (')[0]} welcomed everyone. "
    text += (f"Apologies were received from {', '.join(apologies)}. " if apologies
             else "There were no apologies. ")
    text += ". ".join(substitutes) + ("." if substitutes else "")
    declared = [f"{by} declared an interest in '{item.title}': {what}."
                for item in spec.items for by, what in item.declarations]
    return {
        StandingKind.APOLOGIES: text.strip(),
        StandingKind.DECLARATIONS: " ".join(declared) or "No interests were declared.",
        StandingKind.MINUTES: "This was the first meeting of its kind recorded on the portal: "
                              "there were no earlier minutes to approve." if first else "",
        StandingKind.MATTERS_ARISING: spec.matters_arising,
        StandingKind.AOB: spec.aob,
    }


def hold(cast: Cast, spec: MeetingSpec, day: date, approves_earlier: bool) -> Meeting:
    """The whole life of a past meeting, up to its draft minutes going round."""
    meeting = create(cast, spec, day, f"{spec.title}, {day:%-d %B %Y}")
    items = _agenda(cast, spec, meeting, day)
    attendance = _replies(cast, spec, meeting, day)
    with clock_set_to(_on(day, 13, 20)):
        meeting_service.mark_held(cast.officer, meeting)
        minutes_service.record_attendance(cast.officer, meeting, attendance)
        for item, item_spec in zip(items, spec.items, strict=True):
            for by, interest in item_spec.declarations:
                minutes_service.declare_interest(cast.officer, meeting, item, by, interest)
        if approves_earlier:
            minutes_service.approve(cast.officer, meeting)
    standing = _standing_minutes(spec, cast, not approves_earlier)
    with clock_set_to(_on(day + timedelta(days=2), 10)):
        for item in db.session.scalars(select(AgendaItem).where(
                AgendaItem.meeting_id == meeting.id, AgendaItem.standing_kind.is_not(None))):
            if standing.get(item.standing_kind):
                minutes_service.save_minute(cast.officer, meeting, item,
                                            standing[item.standing_kind])
        for item, item_spec in zip(items, spec.items, strict=True):
            minutes_service.save_minute(cast.officer, meeting, item, item_spec.minute)
    for item, item_spec in zip(items, spec.items, strict=True):
        for action_spec in item_spec.actions:
            _action(cast, item, action_spec, day)
    with clock_set_to(_on(day + timedelta(days=7), 16)):
        minutes_service.circulate(cast.officer, meeting)
    return meeting


def _action(cast: Cast, item: AgendaItem, spec: ActionSpec, day: date) -> None:
    """Recorded on the meeting's day (or later, from a late note), then updated by its owner."""
    data = {"description": spec.description, "owner_office_id": cast.offices[spec.owner].id,
            "due_on": day + timedelta(days=spec.due), "item_id": item.id}
    when = _on(day, 15)
    if spec.recorded_late:
        late_days, reason = spec.recorded_late
        when = _on(day + timedelta(days=late_days), 11)
        data.update(is_recorded_late=True, recorded_late_reason=reason)
    with clock_set_to(when):
        action = action_service.create_action(cast.officer, data)
    for days, status, note in spec.history:
        moment = _on(day + timedelta(days=days), 14)
        if moment.date() >= today():
            continue  # history only: nothing is dated in the future
        with clock_set_to(moment):
            action_service.update_action(cast.leads[spec.owner], action, status, note)

"""Workstreams: the secretariat sets them up and edits them; the lead and co-lead offices'
member leads post RAG status updates and keep the milestones and risks. Every change is
checked, flushed and audited here; the view commits."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import delete, func, insert, select

from network import audit
from network.db import utcnow
from network.errors import Conflict, ValidationFailed
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person, Role
from network.members.policy import can, require
from network.time import today
from network.workplan.workstreams.models import (
    Milestone,
    MilestoneStatus,
    Risk,
    StatusUpdate,
    Workstream,
    WorkstreamStatus,
    workstream_office,
)

WORKSTREAM_FIELDS = ["name", "description", "objectives", "lead_office_id",
                     "secretariat_lead_id", "ends_on"]
MILESTONE_FIELDS = ["title", "due_on", "status", "evidence_url", "completed_on"]
RISK_FIELDS = ["description", "likelihood", "impact", "mitigation", "owner_office_id",
               "owner_person_id", "review_on", "is_open"]
MAX_TEXT = 5000


def _text(value: str | None, field: str, label: str, required: bool = True,
          limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"Enter {label}", field)
    if len(text) > limit:
        raise ValidationFailed(f"{label[0].upper()}{label[1:]} must be {limit} characters or "
                               "fewer", field)
    return text


def _day(value: date | None, field: str, message: str) -> date:
    if value is None:
        raise ValidationFailed(message, field)
    return value


def _member_office(office_id: int | None, field: str, what: str) -> Office:
    office = db.session.get(Office, office_id) if office_id else None
    if office is None or office.status != OfficeStatus.ACTIVE:
        raise ValidationFailed(f"Choose {what} that is a member of the network", field)
    return office


def _slug_for(name: str, workstream_id: int | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70] or "workstream"
    slug, n = base, 1
    while db.session.scalar(select(Workstream.id).where(
            Workstream.slug == slug, Workstream.id != (workstream_id or 0))) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _offices(data: dict, lead_id: int) -> tuple[list[int], list[int]]:
    co_leads = sorted(set(data.get("co_lead_office_ids") or []))
    taking_part = sorted(set(data.get("participating_office_ids") or []))
    for ids, field, what in ((co_leads, "co_lead_office_ids", "co-lead offices"),
                             (taking_part, "participating_office_ids", "offices taking part")):
        for office_id in ids:
            _member_office(office_id, field, f"{what} each")
        if lead_id in ids:
            raise ValidationFailed(f"The lead office leads already: do not choose it among the "
                                   f"{what} as well", field)
    if set(co_leads) & set(taking_part):
        raise ValidationFailed("Choose each office as a co-lead or as taking part, not both",
                               "participating_office_ids")
    return co_leads, taking_part


def _snapshot(workstream: Workstream) -> dict:
    rows = db.session.execute(select(workstream_office.c.office_id, workstream_office.c.is_co_lead)
                              .where(workstream_office.c.workstream_id == workstream.id)).all()
    return {**audit.changes(workstream, WORKSTREAM_FIELDS),
            "co_lead_office_ids": sorted(o for o, co in rows if co),
            "participating_office_ids": sorted(o for o, co in rows if not co)}


def _apply(actor: Person, workstream: Workstream, data: dict) -> None:
    name = _text(data.get("name"), "name", "the name of the workstream", limit=200)
    clash = db.session.scalar(select(Workstream.id).where(
        func.lower(Workstream.name) == name.lower(), Workstream.id != (workstream.id or 0)))
    if clash is not None:
        raise ValidationFailed(f"A workstream called {name} already exists", "name")
    lead = _member_office(data.get("lead_office_id"), "lead_office_id", "a lead office")
    co_leads, taking_part = _offices(data, lead.id)
    lead_person_id = data.get("secretariat_lead_id")
    if lead_person_id:
        person = db.session.get(Person, lead_person_id)
        if person is None or not person.is_active or not person.role.is_secretariat:
            raise ValidationFailed("Choose a secretariat lead from the secretariat",
                                   "secretariat_lead_id")
    ends_on = data.get("ends_on")
    if ends_on and workstream.id:
        late = [m for m in workstream.milestones if m.due_on > ends_on]
        if late:
            raise ValidationFailed(f"The milestone ‘{late[0].title}’ is due on "
                                   f"{late[0].due_on:%-d %B %Y}, after that end date: change "
                                   "the milestone first or choose a later date", "ends_on")
    workstream.name = name
    workstream.slug = _slug_for(name, workstream.id)
    workstream.description = _text(data.get("description"), "description", "a summary",
                                   required=False)
    workstream.objectives = _text(data.get("objectives"), "objectives", "the objectives")
    workstream.lead_office_id = lead.id
    workstream.secretariat_lead_id = lead_person_id or None
    workstream.ends_on = ends_on
    db.session.add(workstream)
    db.session.flush()
    db.session.execute(delete(workstream_office).where(
        workstream_office.c.workstream_id == workstream.id))
    rows = ([{"workstream_id": workstream.id, "office_id": o, "is_co_lead": True}
             for o in co_leads]
            + [{"workstream_id": workstream.id, "office_id": o, "is_co_lead": False}
               for o in taking_part])
    if rows:
        db.session.execute(insert(workstream_office), rows)
    db.session.flush()


def create_workstream(actor: Person, data: dict) -> Workstream:
    """Set up a workstream (secretariat): green, with its first status update."""
    require(actor, "workstream.create")
    workstream = Workstream(status=WorkstreamStatus.GREEN)
    _apply(actor, workstream, data)
    db.session.add(StatusUpdate(workstream_id=workstream.id, person_id=actor.id, at=utcnow(),
                                previous_status=None, status=WorkstreamStatus.GREEN,
                                commentary="Workstream set up"))
    db.session.flush()
    audit.record("workstream.created", actor=actor, obj=workstream, after=_snapshot(workstream))
    return workstream


def update_workstream(actor: Person, workstream: Workstream, data: dict) -> Workstream:
    """Change a workstream's details and offices (secretariat); its status moves by updates."""
    require(actor, "workstream.edit", workstream)
    before = _snapshot(workstream)
    _apply(actor, workstream, data)
    db.session.expire(workstream, ["co_lead_offices", "participating_offices"])
    audit.record("workstream.updated", actor=actor, obj=workstream, before=before,
                 after=_snapshot(workstream))
    return workstream


def post_status_update(actor: Person, workstream: Workstream, status: str | None,
                       commentary: str | None) -> StatusUpdate:
    """A dated RAG status with the reason for it; only the secretariat closes or reopens."""
    require(actor, "workstream.update_status", workstream)
    try:
        new_status = WorkstreamStatus(status or "")
    except ValueError as exc:
        raise ValidationFailed("Select red, amber or green", "status") from exc
    is_secretariat = can(actor, "workstream.edit", workstream)
    if new_status == WorkstreamStatus.CLOSED and not is_secretariat:
        raise ValidationFailed("Only the secretariat closes a workstream: select red, amber "
                               "or green", "status")
    commentary = _text(commentary, "commentary",
                       "a commentary: what has changed and why the status is what it is")
    update = StatusUpdate(workstream_id=workstream.id, person_id=actor.id, at=utcnow(),
                          previous_status=workstream.status, status=new_status,
                          commentary=commentary)
    db.session.add(update)
    before = workstream.status
    workstream.status = new_status
    db.session.flush()
    audit.record("workstream.status_updated", actor=actor, obj=workstream,
                 before={"status": before.value},
                 after={"status": new_status.value, "commentary": commentary})
    return update


# --- milestones ----------------------------------------------------------------------------

def _evidence(url: str | None) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if (len(url) > 2000 or parts.scheme != "https" or not parts.hostname
            or any(ch.isspace() for ch in url)):
        raise ValidationFailed("Evidence link must be a web address starting with https://, "
                               "like https://www.gov.uk/", "evidence_url")
    return url


def _milestone_fields(workstream: Workstream, milestone: Milestone, data: dict) -> None:
    if workstream.is_closed:
        raise Conflict("This workstream is closed: reopen it with a status update before "
                       "changing its milestones", "title")
    milestone.title = _text(data.get("title"), "title", "the milestone", limit=300)
    due_on = _day(data.get("due_on"), "due_on", "Enter the date the milestone is due")
    if workstream.ends_on and due_on > workstream.ends_on:
        raise ValidationFailed(f"The due date must be on or before "
                               f"{workstream.ends_on:%-d %B %Y}, when the workstream ends",
                               "due_on")
    milestone.due_on = due_on
    try:
        status = MilestoneStatus(data.get("status") or MilestoneStatus.NOT_STARTED)
    except ValueError as exc:
        raise ValidationFailed("Select not started, in progress, done or missed",
                               "status") from exc
    milestone.status = status
    milestone.evidence_url = _evidence(data.get("evidence_url"))
    if status == MilestoneStatus.DONE:
        milestone.completed_on = milestone.completed_on or today()
    else:
        milestone.completed_on = None


def add_milestone(actor: Person, workstream: Workstream, data: dict) -> Milestone:
    """Add a milestone, due no later than the workstream's end date."""
    require(actor, "workstream.manage_milestones", workstream)
    milestone = Milestone(workstream_id=workstream.id)
    _milestone_fields(workstream, milestone, data)
    db.session.add(milestone)
    db.session.flush()
    audit.record("milestone.added", actor=actor, obj=milestone,
                 after={**audit.changes(milestone, MILESTONE_FIELDS),
                        "workstream_id": workstream.id})
    return milestone


def update_milestone(actor: Person, workstream: Workstream, milestone: Milestone,
                     data: dict) -> Milestone:
    """Change a milestone's title, date, status or evidence link."""
    require(actor, "workstream.manage_milestones", workstream)
    before = audit.changes(milestone, MILESTONE_FIELDS)
    _milestone_fields(workstream, milestone, data)
    db.session.flush()
    audit.record("milestone.updated", actor=actor, obj=milestone, before=before,
                 after=audit.changes(milestone, MILESTONE_FIELDS))
    return milestone


def mark_milestone_done(actor: Person, workstream: Workstream, milestone: Milestone) -> Milestone:
    """Mark a milestone done today."""
    require(actor, "workstream.manage_milestones", workstream)
    if milestone.status == MilestoneStatus.DONE:
        raise Conflict(f"‘{milestone.title}’ is already done")
    return update_milestone(actor, workstream, milestone, {
        "title": milestone.title, "due_on": milestone.due_on, "status": MilestoneStatus.DONE,
        "evidence_url": milestone.evidence_url})


# --- risks ---------------------------------------------------------------------------------

def _score(value, field: str, label: str) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValidationFailed(f"Choose the {label}, from 1 to 5", field)
    return value


def _risk_owner(office_id: int | None, person_id: int | None) -> tuple[int | None, int | None]:
    office = db.session.get(Office, office_id) if office_id else None
    if office_id and (office is None or office.status != OfficeStatus.ACTIVE):
        raise ValidationFailed("Choose an owner office that is a member of the network",
                               "owner_office_id")
    person = db.session.get(Person, person_id) if person_id else None
    if person_id and (person is None or not person.is_active or person.role == Role.OBSERVER):
        raise ValidationFailed("Choose an owner who can sign in to the portal",
                               "owner_person_id")
    if office is None and person is None:
        raise ValidationFailed("Choose who owns the risk: an office, a person or both",
                               "owner_office_id")
    if office is not None and person is not None and person.office_id != office.id:
        raise ValidationFailed(f"{person.name} is not in {office.name}: choose someone from "
                               "the owner office, or no office", "owner_person_id")
    return office_id or None, person_id or None


def _risk_fields(workstream: Workstream, risk: Risk, data: dict) -> None:
    if workstream.is_closed:
        raise Conflict("This workstream is closed: reopen it with a status update before "
                       "changing its risks", "description")
    risk.description = _text(data.get("description"), "description", "a description of the risk")
    risk.likelihood = _score(data.get("likelihood"), "likelihood", "likelihood")
    risk.impact = _score(data.get("impact"), "impact", "impact")
    risk.mitigation = _text(data.get("mitigation"), "mitigation",
                            "the mitigation: what is being done to reduce the risk")
    risk.owner_office_id, risk.owner_person_id = _risk_owner(data.get("owner_office_id"),
                                                             data.get("owner_person_id"))
    review_on = _day(data.get("review_on"), "review_on", "Enter the date of the next review")
    if review_on != risk.review_on and review_on < today():
        raise ValidationFailed(f"The review date must be today ({today():%-d %B %Y}) or later",
                               "review_on")
    risk.review_on = review_on


def add_risk(actor: Person, workstream: Workstream, data: dict) -> Risk:
    """Add an open risk with its scores, mitigation, owner and review date."""
    require(actor, "workstream.manage_risks", workstream)
    risk = Risk(workstream_id=workstream.id, is_open=True)
    _risk_fields(workstream, risk, data)
    db.session.add(risk)
    db.session.flush()
    audit.record("risk.added", actor=actor, obj=risk,
                 after={**audit.changes(risk, RISK_FIELDS), "workstream_id": workstream.id})
    return risk


def update_risk(actor: Person, workstream: Workstream, risk: Risk, data: dict) -> Risk:
    """Change a risk (rescore, new mitigation, new owner or review date)."""
    require(actor, "workstream.manage_risks", workstream)
    if not risk.is_open:
        raise Conflict("This risk is closed")
    before = audit.changes(risk, RISK_FIELDS)
    _risk_fields(workstream, risk, data)
    db.session.flush()
    audit.record("risk.updated", actor=actor, obj=risk, before=before,
                 after=audit.changes(risk, RISK_FIELDS))
    return risk


def close_risk(actor: Person, workstream: Workstream, risk: Risk) -> Risk:
    """Close a risk that has passed or been dealt with; it stays on the record."""
    require(actor, "workstream.manage_risks", workstream)
    if workstream.is_closed:
        raise Conflict("This workstream is closed: its risks are kept as they were")
    if not risk.is_open:
        raise Conflict("This risk is already closed")
    risk.is_open = False
    risk.closed_at = utcnow()
    db.session.flush()
    audit.record("risk.closed", actor=actor, obj=risk, before={"is_open": True},
                 after={"is_open": False})
    return risk

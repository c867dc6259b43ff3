"""What the scheduler calls for actions: each office's overdue actions weekly, to the office,
and the digest's section of what the reader's office owes (overdue first)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from network.digest_parts import Row, Section, Window, portal
from network.email import queue_email
from network.extensions import db
from network.members.models import Office, OfficeStatus, Person, Role
from network.time import local
from network.workplan.actions.models import Action
from network.workplan.actions.queries import MEMBER_ROLES, OPEN


def remind_overdue_actions(at: datetime) -> str:
    """Email each member office's leads (and each action's named owner) the office's overdue
    actions; once per office and ISO week."""
    today = local(at).date()
    year, week, _ = today.isocalendar()
    overdue = list(db.session.scalars(select(Action).where(
        Action.status.in_(OPEN), Action.due_on < today, Action.owner_office_id.is_not(None))
        .order_by(Action.due_on, Action.id)))
    by_office: dict[int, list[Action]] = {}
    for action in overdue:
        by_office.setdefault(action.owner_office_id, []).append(action)
    if not by_office:
        return "no overdue actions"
    offices = {o.id: o for o in db.session.scalars(select(Office).where(
        Office.id.in_(by_office), Office.status == OfficeStatus.ACTIVE))}
    owners = {a.owner_person_id for a in overdue if a.owner_person_id}
    people = list(db.session.scalars(select(Person).where(
        Person.is_active.is_(True), or_(
            (Person.office_id.in_(by_office)) & (Person.role == Role.MEMBER_LEAD),
            Person.id.in_(owners))).order_by(Person.id)))
    queued = 0
    for office_id, actions in by_office.items():
        office = offices.get(office_id)
        if office is None:
            continue
        named = {a.owner_person_id for a in actions}
        for person in people:
            if person.office_id == office_id and (person.role == Role.MEMBER_LEAD
                                                  or person.id in named):
                queue_email(f"overdue-actions:{office_id}:{year}-W{week:02d}:{person.id}",
                            person.email, f"{len(actions)} overdue "
                            f"action{'s' if len(actions) != 1 else ''} for {office.name}",
                            "overdue_actions", person=person, office=office, actions=actions,
                            today=today)
                queued += 1
    return f"{queued} overdue-action reminders queued for {len(offices)} offices"


def digest_actions(readers: list[Person], window: Window) -> dict[int, Section]:
    """Open actions the reader's office owes (or the reader owns), overdue first: one query."""
    offices = {r.office_id for r in readers if r.role in MEMBER_ROLES and r.office_id}
    ids = [r.id for r in readers]
    actions = list(db.session.scalars(
        select(Action).where(Action.status.in_(OPEN), or_(Action.owner_office_id.in_(offices),
                                                          Action.owner_person_id.in_(ids)))
        .options(selectinload(Action.meeting))
        .order_by(Action.due_on, Action.id)))
    sections = {}
    for reader in readers:
        office_id = reader.office_id if reader.role in MEMBER_ROLES else None
        mine = [a for a in actions if a.owner_person_id == reader.id
                or (office_id and a.owner_office_id == office_id)]
        rows = [Row(a.description.splitlines()[0][:200] if a.description else f"Action {a.id}",
                    portal("actions.detail", action_id=a.id),
                    ("Overdue: was due " if a.due_on < window.today else "Due ")
                    + f"{a.due_on:%-d %B %Y}", is_urgent=a.due_on < window.today)
                for a in mine]
        if rows:
            title = "Actions your office owes" if office_id else "Actions you own"
            sections[reader.id] = Section.of(title, rows, portal("actions.index"),
                                             "The action log", 40)
    return sections

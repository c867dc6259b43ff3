"""Reusable reads of the members domain, with explicit loading."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from network.extensions import db
from network.members import policy
from network.members.models import ApiToken, Office, OfficeStatus, Person, Role


def office_overview(office_id: int) -> Office | None:
    """An office with its people, voter and substitute loaded."""
    return db.session.scalar(
        select(Office).where(Office.id == office_id).options(
            selectinload(Office.people), selectinload(Office.voter),
            selectinload(Office.substitute))
    )


def office_by_slug(slug: str) -> Office | None:
    """An office by its slug, with people loaded."""
    return db.session.scalar(
        select(Office).where(Office.slug == slug).options(
            selectinload(Office.people), selectinload(Office.voter),
            selectinload(Office.substitute))
    )


def active_office_choices(empty: str | None = None) -> list[tuple[str, str]]:
    """Select options for the active member offices, by name, after an `empty` option if
    one is given (like "Any office")."""
    choices = [(str(office_id), name) for office_id, name in office_choices(OfficeStatus.ACTIVE)]
    return ([("", empty)] if empty is not None else []) + choices


def people_choice_groups(secretariat: str = "Secretariat"
                         ) -> list[tuple[str, list[tuple[str, str]]]]:
    """Select options, grouped by office, for everyone active who may own work (not
    observers): the secretariat's people (no office) first, then each office by name; people
    by name within each (see network.forms.grouped_choices)."""
    rows = db.session.execute(
        select(Person.id, Person.name, Office.name).outerjoin(Office, Person.office)
        .where(Person.is_active.is_(True), Person.role != Role.OBSERVER)
        .order_by(Office.name.is_not(None), Office.name, Person.name, Person.id))
    groups: dict[str, list[tuple[str, str]]] = {}
    for person_id, name, office in rows:
        groups.setdefault(office if office is not None else secretariat, []).append(
            (str(person_id), name))
    return list(groups.items())


def offices(status: OfficeStatus | None = None) -> list[Office]:
    """Offices by name, with voter and substitute loaded."""
    query = select(Office).order_by(Office.name).options(
        selectinload(Office.voter), selectinload(Office.substitute))
    if status is not None:
        query = query.where(Office.status == status)
    return list(db.session.scalars(query))


def office_choices(status: OfficeStatus | None = None) -> list[tuple[int, str]]:
    """(id, name) of the offices by name, for a select: the two columns, not the records."""
    query = select(Office.id, Office.name).order_by(Office.name, Office.id)
    if status is not None:
        query = query.where(Office.status == status)
    return [(row.id, row.name) for row in db.session.execute(query)]


def people_counts_by_office() -> dict[int, int]:
    """How many active people each office has."""
    rows = db.session.execute(
        select(Person.office_id, func.count()).where(Person.is_active.is_(True))
        .group_by(Person.office_id)
    )
    return {office_id: count for office_id, count in rows if office_id is not None}


def people(role=None, office_id=None, active=None, search: str = "") -> list[Person]:
    """Every person of `people_list`."""
    return list(db.session.scalars(people_list(role, office_id, active, search)))


def people_list(role=None, office_id=None, active=None, search: str = "") -> Select:
    """People with their office loaded, filtered (`search`: part of the name or email, any
    case, taken literally), by name."""
    query = select(Person).options(selectinload(Person.office)).order_by(Person.name,
                                                                         Person.id)
    if role is not None:
        query = query.where(Person.role == role)
    if office_id is not None:
        query = query.where(Person.office_id == office_id)
    if active is not None:
        query = query.where(Person.is_active.is_(active))
    if search:
        text = search.lower()
        query = query.where(func.lower(Person.name).contains(text, autoescape=True)
                            | func.lower(Person.email).contains(text, autoescape=True))
    return query


def office_tokens(office_id: int) -> list[ApiToken]:
    """An office's API tokens, newest first, with their creators."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.office_id == office_id)
        .options(selectinload(ApiToken.created_by)).order_by(ApiToken.created_at.desc())
    ))


def network_counts() -> dict[str, int]:
    """Headline numbers for the dashboard."""
    active = db.session.scalar(
        select(func.count()).select_from(Office).where(Office.status == OfficeStatus.ACTIVE))
    people_total = db.session.scalar(
        select(func.count()).select_from(Person).where(Person.is_active.is_(True)))
    return {"active_offices": active or 0, "people": people_total or 0}


def office_list(principal, status: OfficeStatus | None = None) -> Select:
    """Offices the principal may see (the `office.view` rule as SQL), by name, with voter and
    substitute loaded, optionally of one status: a query for a caller to page."""
    query = select(Office).where(policy.clause(principal, "office.view")).options(
        selectinload(Office.voter), selectinload(Office.substitute))
    if status is not None:
        query = query.where(Office.status == status)
    return query.order_by(Office.name, Office.id)

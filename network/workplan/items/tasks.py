"""What the scheduler calls for items: reminders two working days before a submission
deadline, and the digest's sections on submission windows and the office's own items."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import selectinload

from network.digest_parts import ROWS_SHOWN, Row, Section, Window, portal
from network.email import queue_email
from network.extensions import db
from network.members.models import Office, Person, Role
from network.time import local
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings import services as meeting_service
from network.workplan.meetings.models import CLOSED, Meeting, MeetingStatus
from network.workplan.meetings.rules import office_invited_clause
from network.workplan.meetings.working_days import is_working_day, previous_working_day

REMIND_WORKING_DAYS = 2
OPEN = (MeetingStatus.PLANNED, MeetingStatus.OPEN_FOR_ITEMS)
MEMBER_ROLES = (Role.MEMBER_LEAD, Role.MEMBER_STAFF)


def reminder_day(deadline) -> datetime:
    """The working day two working days before a deadline (the day the reminder goes)."""
    day = deadline
    for _ in range(REMIND_WORKING_DAYS):
        day = previous_working_day(day)
    return day


def remind_deadlines(at: datetime) -> str:
    """On the working day two working days before a meeting's item submission deadline, email
    the member offices invited (their leads and staff); once per meeting, deadline and
    person."""
    today = local(at).date()
    if not is_working_day(today):
        return "not a working day: no reminders"
    candidates = db.session.scalars(select(Meeting).where(
        Meeting.status.in_(OPEN), Meeting.submission_deadline_on > today,
        Meeting.submission_deadline_on <= today + timedelta(days=14))
        .options(selectinload(Meeting.offices), selectinload(Meeting.observers))
        .order_by(Meeting.starts_at))
    queued = 0
    meetings = [m for m in candidates if reminder_day(m.submission_deadline_on) == today]
    for meeting in meetings:
        for person in meeting_service.invitees(meeting):
            if person.role not in MEMBER_ROLES:
                continue
            queue_email(f"deadline-reminder:{meeting.id}:{meeting.submission_deadline_on}:"
                        f"{person.id}", person.email,
                        f"Items due {meeting.submission_deadline_on:%-d %B}: {meeting.title}",
                        "deadline_reminder", person=person, meeting=meeting)
            queued += 1
    return f"{queued} deadline reminders queued for {len(meetings)} meetings"


def digest_deadlines(readers: list[Person], window: Window) -> dict[int, Section]:
    """Member offices: meetings open for items that the office is invited to, and their
    submission deadlines, soonest first: the first ROWS_SHOWN of each office (one query for
    the batch), how many there are (one more) and those meetings (one more), however many
    meetings are open."""
    members = [r for r in readers if r.role in MEMBER_ROLES and r.office_id]
    if not members:
        return {}
    office = select(Office.id.label("office_id")).where(
        Office.id.in_({r.office_id for r in members})).subquery()
    pairs = (select(office.c.office_id, Meeting.id.label("meeting_id"), func.row_number().over(
        partition_by=office.c.office_id, order_by=(Meeting.submission_deadline_on, Meeting.id))
        .label("n")).select_from(office).join(Meeting, true())
        .where(Meeting.status.in_(OPEN), Meeting.submission_deadline_on >= window.today,
               office_invited_clause(office.c.office_id)).subquery())
    totals = dict(db.session.execute(select(pairs.c.office_id, func.count())
                                     .group_by(pairs.c.office_id)).all())
    shown = db.session.execute(select(pairs.c.office_id, pairs.c.meeting_id)
                               .where(pairs.c.n <= ROWS_SHOWN)).all()
    meetings = {m.id: m for m in db.session.scalars(select(Meeting).where(
        Meeting.id.in_({meeting_id for _, meeting_id in shown})))} if shown else {}
    by_office: dict[int, list[Meeting]] = {}
    for office_id, meeting_id in shown:
        by_office.setdefault(office_id, []).append(meetings[meeting_id])
    sections = {}
    for reader in members:
        rows = [Row(f"Items for {m.title} are due by {m.submission_deadline_on:%-d %B %Y}",
                    portal("items.new", meeting_id=m.id),
                    "open for items" if m.status == MeetingStatus.OPEN_FOR_ITEMS
                    else "opens for items soon",
                    is_urgent=(m.submission_deadline_on - window.today).days <= 7)
                for m in sorted(by_office.get(reader.office_id, []),
                                key=lambda m: (m.submission_deadline_on, m.id))]
        if rows:
            sections[reader.id] = Section.of("Submission windows and deadlines", rows,
                                             portal("forward.index"), "The forward agenda", 20,
                                             total=totals.get(reader.office_id, 0))
    return sections


def digest_items(readers: list[Person], window: Window) -> dict[int, Section]:
    """The office's items for meetings still to come, and any whose outcome changed since the
    last digest: the first ROWS_SHOWN of each office (one query for the batch) and how many
    there are (one more), however many items the offices have."""
    offices = {r.office_id for r in readers if r.role in MEMBER_ROLES and r.office_id}
    if not offices:
        return {}
    matches = (AgendaItem.office_id.in_(offices), AgendaItem.status != ItemStatus.STANDING,
               (Meeting.status.not_in(CLOSED)) | (AgendaItem.updated_at >= window.since))
    totals = dict(db.session.execute(
        select(AgendaItem.office_id, func.count()).join(Meeting, AgendaItem.meeting_id ==
                                                       Meeting.id)
        .where(*matches).group_by(AgendaItem.office_id)).all())
    ranked = (select(AgendaItem.id, func.row_number().over(
        partition_by=AgendaItem.office_id, order_by=(Meeting.starts_at, AgendaItem.id))
        .label("n")).join(Meeting, AgendaItem.meeting_id == Meeting.id).where(*matches)
        .subquery())
    items = list(db.session.scalars(
        select(AgendaItem).join(ranked, ranked.c.id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id).where(ranked.c.n <= ROWS_SHOWN)
        .options(selectinload(AgendaItem.meeting))
        .order_by(Meeting.starts_at, AgendaItem.id)))
    sections = {}
    for reader in readers:
        if reader.role not in MEMBER_ROLES:
            continue
        rows = [Row(f"{item.title} ({item.meeting.title})",
                    portal("items.detail", item_id=item.id), item.status.label,
                    is_urgent=item.updated_at is not None and item.updated_at >= window.since)
                for item in items if item.office_id == reader.office_id]
        if rows:
            sections[reader.id] = Section.of("Your office's items", rows,
                                             portal("my_office.index"), "Your office", 30,
                                             total=totals.get(reader.office_id, 0))
    return sections

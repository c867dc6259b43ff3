"""The annual workplan: a financial year (April to March) by quarter and by workstream, with
its meetings, agenda items, planned items and workstream milestones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from network.extensions import db
from network.members import policy
from network.time import day_start_utc, local_date, today
from network.workplan.forward.models import PlanEntry, PlanStatus
from network.workplan.items.models import AgendaItem, ItemStatus
from network.workplan.meetings.models import Meeting
from network.workplan.workstreams.models import Workstream

NETWORK_WIDE = "Across the network"  # the group of things that belong to no workstream
QUARTERS = ((4, "April to June"), (7, "July to September"), (10, "October to December"),
            (1, "January to March"))


@dataclass(frozen=True)
class MilestoneRow:
    """A workstream milestone as the workplan shows it."""

    workstream_id: int | None
    due_on: date
    title: str
    status: str = ""


def milestones_from_workstreams(starts_on: date, ends_on: date) -> list[MilestoneRow]:
    """Milestones due in [starts_on, ends_on) from the workstreams' Milestone model, or none
    while that model does not exist (it comes with the workstream pages)."""
    from network.workplan.workstreams import models as workstream_models

    milestone = getattr(workstream_models, "Milestone", None)
    due = getattr(milestone, "due_on", None)
    if milestone is None or due is None:
        return []
    rows = db.session.scalars(select(milestone).where(due >= starts_on, due < ends_on)
                              .order_by(due))
    found = []
    for row in rows:
        status = getattr(row, "status", None)
        found.append(MilestoneRow(
            getattr(row, "workstream_id", None), row.due_on,
            str(getattr(row, "title", None) or getattr(row, "name", None) or row),
            getattr(status, "label", str(status or ""))))
    return found


#: where milestones come from: swapped in tests, and once the workstreams engineer's model
#: lands this keeps working without a change here
milestone_provider: Callable[[date, date], list[MilestoneRow]] = milestones_from_workstreams


@dataclass
class Row:
    """One line of the workplan: a meeting, an item, a planned item or a milestone."""

    on: date
    kind: str
    title: str
    status: str
    meeting: str = ""
    endpoint: str = ""
    url_args: dict = field(default_factory=dict)


@dataclass
class Group:
    """A workstream's lines in a quarter."""

    workstream: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Quarter:
    """A quarter of the financial year and its groups, workstreams by name, network-wide last."""

    number: int
    starts_on: date
    ends_on: date  # exclusive
    label: str
    groups: list[Group] = field(default_factory=list)


@dataclass
class Workplan:
    """A financial year, by quarter and by workstream."""

    year: int  # the year it starts in: 2026 is April 2026 to March 2027
    quarters: list[Quarter]

    @property
    def label(self) -> str:
        """GOV.UK style: "2026 to 2027"."""
        return f"{self.year} to {self.year + 1}"

    @property
    def is_empty(self) -> bool:
        """Nothing planned in the whole year."""
        return not any(q.groups for q in self.quarters)


def year_of(day: date) -> int:
    """The financial year a day falls in (2026 for 1 April 2026 to 31 March 2027)."""
    return day.year if day.month >= 4 else day.year - 1


def current_year() -> int:
    """The financial year of today."""
    return year_of(today())


def _quarters(year: int) -> list[Quarter]:
    made = []
    for number, (month, months) in enumerate(QUARTERS, start=1):
        starts = date(year if month >= 4 else year + 1, month, 1)
        ends = date(starts.year + (starts.month == 10), (starts.month + 2) % 12 + 1, 1)
        made.append(Quarter(number, starts, ends, f"Quarter {number}: {months} {starts.year}"))
    return made


def _rows(principal, starts_on: date, ends_on: date) -> list[tuple[int | None, Row]]:
    meetings = list(db.session.scalars(select(Meeting).where(
        policy.clause(principal, "meeting.view"),
        Meeting.starts_at >= day_start_utc(starts_on), Meeting.starts_at < day_start_utc(ends_on))
        .options(selectinload(Meeting.offices), selectinload(Meeting.observers))
        .order_by(Meeting.starts_at, Meeting.id)))
    by_id = {m.id: m for m in meetings}
    rows: list[tuple[int | None, Row]] = []
    for m in meetings:
        rows.append((m.workstream_id, Row(local_date(m.starts_at), "Meeting", m.title,
                                          m.status.label, m.kind.label, "meetings.detail",
                                          {"meeting_id": m.id})))
    ids = list(by_id)
    if ids:
        items = db.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id.in_(ids), AgendaItem.status == ItemStatus.ACCEPTED)
            .order_by(AgendaItem.position, AgendaItem.id))
        for item in items:
            meeting = by_id[item.meeting_id]
            set_committed_value(item, "meeting", meeting)
            if policy.can(principal, "item.view", item):
                rows.append((item.workstream_id, Row(
                    local_date(meeting.starts_at), "Agenda item", item.title, item.purpose.label,
                    meeting.title, "items.detail", {"item_id": item.id})))
    if ids and policy.can(principal, "plan.view"):
        for entry in db.session.scalars(select(PlanEntry).where(
                PlanEntry.meeting_id.in_(ids), PlanEntry.status == PlanStatus.PLANNED)
                .order_by(PlanEntry.id)):
            meeting = by_id[entry.meeting_id]
            rows.append((entry.workstream_id, Row(
                local_date(meeting.starts_at), "Planned item", entry.title, entry.purpose.label,
                meeting.title, "forward.entry", {"entry_id": entry.id})))
    for milestone in milestone_provider(starts_on, ends_on):
        rows.append((milestone.workstream_id, Row(milestone.due_on, "Milestone", milestone.title,
                                                  milestone.status)))
    return rows


KIND_ORDER = {"Milestone": 0, "Meeting": 1, "Agenda item": 2, "Planned item": 3}


def annual_workplan(principal, year: int) -> Workplan:
    """The financial year `year` as the principal may see it: meetings they are invited to,
    the items they may read, planned items (not for observers) and milestones. The meetings
    are read with a bounded IN list: a year of the network's meetings, not its whole history."""
    quarters = _quarters(year)
    names = dict(db.session.execute(select(Workstream.id, Workstream.name)).all())
    for workstream_id, row in sorted(_rows(principal, quarters[0].starts_on, quarters[-1].ends_on),
                                     key=lambda r: (r[1].on, KIND_ORDER[r[1].kind])):
        quarter = next((q for q in quarters if q.starts_on <= row.on < q.ends_on), None)
        if quarter is None:  # a provider's milestone outside the year
            continue
        name = names.get(workstream_id, NETWORK_WIDE)
        group = next((g for g in quarter.groups if g.workstream == name), None)
        if group is None:
            group = Group(name)
            quarter.groups.append(group)
        group.rows.append(row)
    for quarter in quarters:
        quarter.groups.sort(key=lambda g: (g.workstream == NETWORK_WIDE, g.workstream))
    return Workplan(year, quarters)

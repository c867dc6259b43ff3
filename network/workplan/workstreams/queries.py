"""Reads of workstreams: the filtered list, the workstream with its plan, and what is linked to
it (items and papers, actions, decisions), each as far as the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from network import paging
from network.extensions import db
from network.members import policy
from network.web import parse_id, visible_or_404
from network.workplan.actions.models import Action
from network.workplan.items.models import AgendaItem, Paper
from network.workplan.meetings.models import Meeting
from network.workplan.tracker.models import PolicyEntry
from network.workplan.tracker.queries import entries_for_workstream
from network.workplan.workstreams.models import (
    Milestone,
    Risk,
    StatusUpdate,
    Workstream,
    WorkstreamStatus,
)
from network.workplan.workstreams.signals import decisions_for

LINKED_LIMIT = 20  # of each kind on the workstream page; the full lists are a link away


def workstream_choices(empty: str) -> list[tuple[str, str]]:
    """Select options for a workstream field, led by an empty choice labelled `empty`."""
    return [("", empty)] + [(str(row.id), row.name) for row in db.session.execute(
        select(Workstream.id, Workstream.name).order_by(Workstream.name, Workstream.id))]


@dataclass
class WorkstreamFilters:
    """What the list is narrowed to (every field optional)."""

    status: WorkstreamStatus | None = None
    lead_office_id: int | None = None


def workstream_list(principal, filters: WorkstreamFilters) -> Select:
    """Workstreams the principal may see, filtered, by name (lead and co-leads loaded)."""
    query = select(Workstream).where(policy.clause(principal, "workstream.view"))
    if filters.status:
        query = query.where(Workstream.status == filters.status)
    if filters.lead_office_id:
        query = query.where(Workstream.lead_office_id == filters.lead_office_id)
    return query.options(selectinload(Workstream.lead_office),
                         selectinload(Workstream.co_lead_offices)).order_by(Workstream.name,
                                                                            Workstream.id)


# the API lists import it from here; it lives in network/paging.py
page_of = paging.page_of


def workstream_with_plan(workstream_id: int) -> Workstream | None:
    """A workstream with its offices, secretariat lead, status history, milestones and risks
    (and their owners) loaded."""
    return db.session.scalar(select(Workstream).where(Workstream.id == workstream_id).options(
        selectinload(Workstream.lead_office), selectinload(Workstream.secretariat_lead),
        selectinload(Workstream.co_lead_offices), selectinload(Workstream.participating_offices),
        selectinload(Workstream.updates).selectinload(StatusUpdate.person),
        selectinload(Workstream.milestones),
        selectinload(Workstream.risks).selectinload(Risk.owner_office),
        selectinload(Workstream.risks).selectinload(Risk.owner_person)))


def load_workstream(workstream_id) -> Workstream:
    """For views: a workstream the current user may see, with its plan; 404 for others."""
    return visible_or_404(workstream_with_plan(parse_id(workstream_id)), "workstream.view")


def load_milestone(workstream: Workstream, milestone_id) -> Milestone:
    """A milestone of this workstream (404 for any other id)."""
    ident = parse_id(milestone_id)
    found = next((m for m in workstream.milestones if m.id == ident), None)
    if found is None:
        abort(404)
    return found


def load_risk(workstream: Workstream, risk_id) -> Risk:
    """A risk of this workstream (404 for any other id)."""
    ident = parse_id(risk_id)
    found = next((r for r in workstream.risks if r.id == ident), None)
    if found is None:
        abort(404)
    return found


@dataclass
class Linked:
    """What is linked to a workstream, as far as the reader may see, newest first; each list
    holds at most LINKED_LIMIT and `more` names the kinds that have more than that."""

    items: list[AgendaItem] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    decisions: list = field(default_factory=list)
    policy_entries: list[PolicyEntry] = field(default_factory=list)
    more: set[str] = field(default_factory=set)

    @property
    def papers(self) -> list[Paper]:
        """The papers of the linked items, in the items' order."""
        return [paper for item in self.items for paper in item.papers]


def _capped(linked: Linked, kind: str, rows: list) -> list:
    if len(rows) > LINKED_LIMIT:
        linked.more.add(kind)
    return rows[:LINKED_LIMIT]


def linked_to(workstream: Workstream, principal, limit: int = LINKED_LIMIT) -> Linked:
    """Meeting items (with their meetings and papers), actions, decisions and open policy
    developments of the workstream that the principal may see: a fixed number of queries
    however many there are."""
    linked = Linked()
    items = db.session.scalars(
        select(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.workstream_id == workstream.id,
               policy.clause(principal, "item.view"))
        .options(selectinload(AgendaItem.meeting),
                 selectinload(AgendaItem.papers).selectinload(Paper.versions))
        .order_by(Meeting.starts_at.desc(), AgendaItem.id.desc()).limit(limit + 1))
    linked.items = _capped(linked, "items", list(items))
    actions = db.session.scalars(
        select(Action).where(Action.workstream_id == workstream.id,
                             policy.clause(principal, "action.view"))
        .options(selectinload(Action.owner_office), selectinload(Action.owner_person))
        .order_by(Action.due_on.desc(), Action.id.desc()).limit(limit + 1))
    linked.actions = _capped(linked, "actions", list(actions))
    linked.decisions = _capped(linked, "decisions",
                               decisions_for(workstream, principal, limit + 1))
    if policy.can(principal, "policy_entry.list"):
        linked.policy_entries = _capped(linked, "policy_entries", entries_for_workstream(
            workstream.id, principal, limit=limit + 1))
    return linked


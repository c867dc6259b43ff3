"""Reads of the policy tracker: the filtered list, one entry, a workstream's entries and
what is new since a moment (for the digest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from network import paging
from network.extensions import db
from network.members import policy
from network.workplan.tracker.models import (
    PolicyEntry,
    PolicyKind,
    PolicyStatus,
    policy_entry_workstream,
)


@dataclass
class PolicyFilters:
    """What the tracker list is narrowed to (every field optional)."""

    status: PolicyStatus | None = None
    workstream_id: int | None = None
    kind: PolicyKind | None = None


def _loaded(query: Select) -> Select:
    return query.options(selectinload(PolicyEntry.owner), selectinload(PolicyEntry.workstreams))


def entry_list(principal, filters: PolicyFilters) -> Select:
    """The entries the principal may see, filtered, newest development first."""
    query = select(PolicyEntry).where(policy.clause(principal, "policy_entry.view"))
    if filters.status:
        query = query.where(PolicyEntry.status == filters.status)
    if filters.kind:
        query = query.where(PolicyEntry.kind == filters.kind)
    if filters.workstream_id:
        query = query.where(PolicyEntry.id.in_(
            select(policy_entry_workstream.c.policy_entry_id).where(
                policy_entry_workstream.c.workstream_id == filters.workstream_id)))
    return _loaded(query.order_by(PolicyEntry.published_on.desc(), PolicyEntry.id.desc()))


# the API lists import it from here; it lives in network/paging.py
page_of = paging.page_of


def entry_with_links(entry_id: int) -> PolicyEntry | None:
    """One entry with its owner and workstreams loaded."""
    return db.session.scalar(_loaded(select(PolicyEntry).where(PolicyEntry.id == entry_id)))


def entries_for_workstream(workstream_id: int, principal=None, include_closed: bool = False,
                           limit: int | None = None) -> list[PolicyEntry]:
    """The developments relevant to a workstream, newest first, for its page: open ones
    unless `include_closed`; as far as `principal` may see them when one is given; at most
    `limit` of them when one is given."""
    filters = PolicyFilters(workstream_id=workstream_id)
    query = entry_list(principal, filters) if principal is not None else _loaded(
        select(PolicyEntry).where(PolicyEntry.id.in_(
            select(policy_entry_workstream.c.policy_entry_id).where(
                policy_entry_workstream.c.workstream_id == workstream_id)))
        .order_by(PolicyEntry.published_on.desc(), PolicyEntry.id.desc()))
    if not include_closed:
        query = query.where(PolicyEntry.status != PolicyStatus.CLOSED)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def new_since(when: datetime, principal=None) -> list[PolicyEntry]:
    """Entries recorded at or after `when` (UTC), oldest first, for the digest; as far as
    `principal` may see them when one is given."""
    query = select(PolicyEntry).where(PolicyEntry.created_at >= when)
    if principal is not None:
        query = query.where(policy.clause(principal, "policy_entry.view"))
    return list(db.session.scalars(_loaded(query.order_by(PolicyEntry.created_at,
                                                          PolicyEntry.id))))

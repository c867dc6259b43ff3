"""The busiest pages run a fixed number of SQL queries, however much data there is."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from network.extensions import db as _db
from network.members.models import Role
from tests.factories import OfficeFactory, PersonFactory

PAGES = ["/", "/offices/", "/people/?status=all", "/my-office/", "/audit/", "/api/v1/offices"]


@contextmanager
def counting_queries():
    """Count SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", before)


def _grow(office, offices: int, per_office: int) -> None:
    for _ in range(offices):
        other = OfficeFactory()
        people = [PersonFactory(role=Role.MEMBER_STAFF, office=other) for _ in range(per_office)]
        other.voter_id, other.substitute_id = people[0].id, people[1].id
    for _ in range(per_office):
        PersonFactory(role=Role.MEMBER_STAFF, office=office)
    _db.session.commit()


@pytest.mark.parametrize("role", ["secretariat_admin", "member_lead"])
def test_page_query_counts_do_not_grow_with_data(db, people, office, role):
    from tests.conftest import sign_in_client

    client = sign_in_client(client_app(), people[role])
    allowed = [p for p in PAGES if client.get(p).status_code == 200]
    _grow(office, offices=2, per_office=3)
    small = _counts_for(client, allowed)
    _grow(office, offices=12, per_office=10)
    large = _counts_for(client, allowed)
    assert large == small
    assert max(small.values()) <= 12, small


def client_app():
    from flask import current_app

    return current_app._get_current_object()


def _counts_for(client, paths):
    counts = {}
    for path in paths:
        with counting_queries() as statements:
            assert client.get(path).status_code == 200, path
        counts[path] = len(statements)
    return counts


def test_meeting_pages_query_counts_do_not_grow_with_items(app, db, people, office):
    from network.workplan.items.models import ItemPurpose, ItemStatus
    from tests.conftest import sign_in_client
    from tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(actor=people["secretariat"], title="Busy meeting", days=40,
                             venue="Hall", open_items=False)
    _db.session.commit()

    def add_items(count: int) -> None:
        for n in range(count):
            accepted = n % 2
            AgendaItemFactory(meeting=meeting, title=f"Item {n}", purpose=ItemPurpose.DISCUSSION,
                              office_id=office.id, position=100 + n,
                              duration_minutes=20 if accepted else None,
                              status=ItemStatus.ACCEPTED if accepted else ItemStatus.SUBMITTED)
        _db.session.commit()

    paths = [f"/meetings/{meeting.id}", "/meetings/"]
    for who in ("secretariat", "member_lead"):
        client = sign_in_client(app, people[who])
        add_items(2)
        small = _counts_for(client, paths)
        add_items(40)
        large = _counts_for(client, paths)
        assert large == small, who

"""The busiest pages run a fixed number of SQL queries, however much data there is."""

from __future__ import annotations

import pytest

from network.extensions import db as _db
from network.members.models import Role
from tests.factories import OfficeFactory, PersonFactory
from tests.queries import query_counts

PAGES = ["/", "/offices/", "/people/?status=all", "/my-office/", "/audit/", "/api/v1/offices"]


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
    small = query_counts(client, allowed)
    _grow(office, offices=12, per_office=10)
    large = query_counts(client, allowed)
    assert large == small
    # the home page is a dashboard of bounded panels (tests/dashboards): its own, higher cap
    assert max(v for p, v in small.items() if p != "/") <= 12, small
    assert small.get("/", 0) <= 24, small


def client_app():
    from flask import current_app

    return current_app._get_current_object()


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
        small = query_counts(client, paths)
        add_items(40)
        large = query_counts(client, paths)
        assert large == small, who


def test_workstream_pages_query_counts_do_not_grow_with_what_is_linked(app, db, cast):
    """The workstream page, the list and the API read a fixed number of queries however many
    items, papers, decisions, actions, policy developments, milestones, risks and status
    updates there are."""
    from datetime import timedelta

    from network.governance.decisions.services import record_decision
    from network.time import today
    from network.workplan.actions.services import create_action
    from network.workplan.items.models import Paper, PaperVersion
    from network.workplan.workstreams import services as ws
    from network.workplan.workstreams.queries import workstream_with_plan
    from tests.conftest import sign_in_client
    from tests.factories import AgendaItemFactory, PolicyEntryFactory

    officer = cast["officer"]
    stream = ws.create_workstream(officer, {
        "name": "Busy workstream", "objectives": "Many", "lead_office_id": cast["office_a"].id,
        "co_lead_office_ids": [cast["office_b"].id]})
    meeting, _ = cast.held_meeting()
    _db.session.commit()

    def grow(count: int) -> None:
        plan = workstream_with_plan(stream.id)
        for n in range(count):
            item = AgendaItemFactory(meeting=meeting, title=f"Linked item {n}",
                                     workstream_id=stream.id, office_id=cast["office_a"].id)
            paper = Paper(item_id=item.id, title=f"Paper {n}")
            _db.session.add(paper)
            _db.session.flush()
            _db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="p.pdf",
                                         file_type="pdf", size=1, sha256="0" * 64,
                                         uploaded_by_id=officer.id))
            record_decision(officer, item, f"Decision {n}")
            create_action(officer, {"description": f"Action {n}", "due_on": today(),
                                    "owner_office_id": cast["office_a"].id,
                                    "workstream_id": stream.id, "item_id": item.id})
            ws.add_milestone(officer, plan, {"title": f"Milestone {n}", "due_on": today()})
            ws.add_risk(officer, plan, {"description": f"Risk {n}", "likelihood": 2,
                                        "impact": 3, "mitigation": "M",
                                        "owner_person_id": cast["lead_a"].id,
                                        "review_on": today() + timedelta(days=3)})
            ws.post_status_update(officer, plan, "amber", f"Update {n}")
            PolicyEntryFactory(actor=officer, title=f"Development {n}",
                               workstream_ids=[stream.id])
        _db.session.commit()

    paths = [f"/workstreams/{stream.id}", "/workstreams/", f"/api/v1/workstreams/{stream.id}",
             "/api/v1/workstreams"]
    measured = {}
    for who in ("officer", "lead_a"):
        client = sign_in_client(app, cast[who])
        grow(2)
        small = query_counts(client, paths)
        grow(30)  # past the page's 20 of each linked kind
        large = query_counts(client, paths)
        measured[who] = small
        assert large == small, who
        assert max(small.values()) <= 25, small
    print(measured)  # for `pytest -s`: the counts quoted in the notes


def _many_meetings(people, office, count: int, offset: int) -> None:
    """`count` meetings spread over the next year (every fifth for office `office` only, every
    fifth the observer invited), each
    with two accepted items, one submitted, and a plan entry: rows written directly."""
    from datetime import timedelta

    from network.db import utcnow
    from network.workplan.forward.models import PlanEntry
    from network.workplan.items.models import AgendaItem, ItemStatus
    from network.workplan.meetings.models import Meeting, MeetingKind

    kinds = list(MeetingKind)
    meetings = []
    for n in range(count):
        starts = utcnow() + timedelta(days=1 + (offset + n) % 360, hours=n % 7)
        meeting = Meeting(title=f"Meeting {offset + n}", kind=kinds[n % len(kinds)],
                          starts_at=starts, ends_at=starts + timedelta(hours=2),
                          submission_deadline_on=(starts - timedelta(days=14)).date(),
                          papers_due_on=(starts - timedelta(days=7)).date(),
                          is_all_offices=n % 5 != 0)
        if n % 5 == 0:
            meeting.offices = [office]
        if n % 5 == 1:
            meeting.observers = [people["observer"]]
        meetings.append(meeting)
    _db.session.add_all(meetings)
    _db.session.flush()
    for meeting in meetings:
        for k, status in enumerate((ItemStatus.ACCEPTED, ItemStatus.ACCEPTED,
                                    ItemStatus.SUBMITTED)):
            _db.session.add(AgendaItem(meeting_id=meeting.id, title=f"{meeting.title} item {k}",
                                       status=status, position=k, office_id=office.id))
        _db.session.add(PlanEntry(meeting_id=meeting.id, title=f"{meeting.title} plan",
                                  lead_office_id=office.id,
                                  created_by_id=people["secretariat"].id))
    _db.session.commit()


def test_forward_agenda_and_workplan_query_counts_do_not_grow(app, db, people, office, cast):
    """Several hundred meetings (and three times as many items) cost what ten do."""
    from tests.conftest import sign_in_client

    cast.election("nominations", candidates=2)
    paths = ["/forward-agenda/", "/forward-agenda/?page=3", "/forward-agenda/?kind=mayors_meeting",
             f"/forward-agenda/?office={office.id}", "/forward-agenda/forward-agenda.ics",
             "/api/v1/forward-agenda", "/workplan/"]
    _many_meetings(people, office, 10, 0)
    clients = {who: sign_in_client(app, people[who])
               for who in ("secretariat", "member_lead", "observer")}
    # observers are not offered the office filter, nor the workplan
    hidden = ("office=", "workplan/")
    paths_of = {who: [p for p in paths if who != "observer" or not any(h in p for h in hidden)]
                for who in clients}
    small = {who: query_counts(client, paths_of[who]) for who, client in clients.items()}
    _many_meetings(people, office, 400, 10)
    large = {who: query_counts(client, paths_of[who]) for who, client in clients.items()}
    print("forward agenda query counts, 10 meetings:", small, "410 meetings:", large)
    assert large == small
    assert max(max(c.values()) for c in small.values()) <= 14, small


def _many_actions(people, office, stream_id: int, count: int, offset: int) -> None:
    """`count` open actions, a third overdue, half on the workstream, with one paper (and its
    text) per ten: rows written directly."""
    from datetime import timedelta

    from sqlalchemy import select

    from network.time import today
    from network.workplan.actions.models import Action, ActionStatus
    from network.workplan.items.models import AgendaItem, Paper

    _db.session.add_all(Action(
        description=f"Send the figures {offset + n}", owner_office_id=office.id,
        due_on=today() + timedelta(days=(n % 3) * 10 - 5), status=ActionStatus.OPEN,
        workstream_id=stream_id if n % 2 else None, created_by_id=people["secretariat"].id)
        for n in range(count))
    items = list(_db.session.scalars(
        select(AgendaItem).order_by(AgendaItem.id.desc()).limit(count // 10)))
    for item in items:
        item.workstream_id = stream_id
        _db.session.add(Paper(item_id=item.id, title=f"Figures paper {item.id}",
                              latest_text="The figures for every meeting " * 20))
    _db.session.commit()


def test_dashboards_workstream_page_and_search_at_scale(app, db, people, office, cast):
    """Several hundred meetings, over a thousand items and thousands of actions cost the
    dashboards, the workstream page and search what a handful do."""
    from network.workplan.workstreams import services as ws
    from tests.conftest import sign_in_client

    cast.election("ballot", candidates=2)
    stream = ws.create_workstream(people["secretariat"], {
        "name": "Figures", "objectives": "Every meeting's figures",
        "lead_office_id": office.id})
    _db.session.commit()
    paths = ["/", f"/workstreams/{stream.id}", "/search?q=figures+meeting",
             "/search?q=meeting&kind=item", "/search?q=figures&kind=paper"]
    _many_meetings(people, office, 10, 0)
    _many_actions(people, office, stream.id, 30, 0)
    clients = {who: sign_in_client(app, people[who])
               for who in ("secretariat", "member_lead", "observer")}
    paths_of = {who: [p for p in paths if who != "observer" or "workstreams" not in p]
                for who in clients}
    small = {who: query_counts(client, paths_of[who]) for who, client in clients.items()}
    _many_meetings(people, office, 400, 10)  # 410 meetings, 1,230 items
    _many_actions(people, office, stream.id, 3000, 30)  # 3,030 actions, 303 papers
    large = {who: query_counts(client, paths_of[who]) for who, client in clients.items()}
    print("query counts, 10 meetings and 30 actions:", small,
          "410 meetings and 3,030 actions:", large)
    assert large == small
    assert max(max(c.values()) for c in small.values()) <= 30, small
    found = clients["secretariat"].get("/search?q=figures&kind=paper").get_data(as_text=True)
    assert "Papers (303)" in found  # the search really searched the papers' text

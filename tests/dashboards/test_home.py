"""The home dashboards (issue 10, items 8 and 9): each role's panels with real data, their
links to the filtered lists, and a query count that does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta

from network.db import utcnow
from network.email import FAILED, OutboxEmail
from network.extensions import db
from network.time import today
from network.workplan.items.models import ItemStatus, Paper, PaperVersion
from network.workplan.meetings.models import MeetingStatus
from network.workplan.minutes.models import Rsvp, RsvpResponse
from network.workplan.workstreams import services as ws
from tests.factories import ActionFactory, AgendaItemFactory, CorrespondenceFactory
from tests.queries import counting_queries

_serial = iter(range(1_000_000))


def grow(cast, n: int) -> dict:
    """n of everything the dashboards read; returns some of what it made."""
    made = {}
    officer, a, b = cast["officer"], cast["office_a"], cast["office_b"]
    for _ in range(n):
        k = next(_serial)
        meeting = cast.meeting(days=20 + k % 40)
        meeting.submission_deadline_on = today() + timedelta(days=2)
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting.agenda_published_at = utcnow()
        item = AgendaItemFactory(meeting=meeting, title=f"Bus reform {k}", office_id=a.id,
                                 status=ItemStatus.SUBMITTED)
        accepted = AgendaItemFactory(meeting=meeting, title=f"Skills {k}", office_id=b.id)
        paper = Paper(item_id=accepted.id, title=f"Skills paper {k}")
        db.session.add(paper)
        db.session.flush()
        db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="p.pdf",
                                    file_type="pdf", size=1, sha256="0" * 64,
                                    uploaded_by_id=officer.id))
        for office in (a, b):
            action = ActionFactory(actor=officer, owner_office=office,
                                   description=f"Send figures {k}")
            action.due_on = today() - timedelta(days=3)
        query = CorrespondenceFactory(actor=officer, from_office=a, subject=f"Late query {k}")
        query.received_on = today() - timedelta(days=20)
        query.due_on = today() - timedelta(days=5)
        stream = ws.create_workstream(officer, {"name": f"Transport {k}", "objectives": "Buses",
                                                "lead_office_id": a.id})
        ws.post_status_update(officer, stream, "red", "Funding gap")
        ws.add_milestone(officer, stream, {"title": f"Business case {k}",
                                           "due_on": today() + timedelta(days=10)})
        ws.add_risk(officer, stream, {"description": f"Funding risk {k}", "likelihood": 4,
                                      "impact": 4, "mitigation": "Lobby",
                                      "owner_person_id": cast["lead_a"].id,
                                      "review_on": today() + timedelta(days=3)})
        db.session.add(OutboxEmail(key=f"failed-{k}", to_address="x@example.org",
                                   subject=f"Broken email {k}", text_body="t", html_body="h",
                                   status=FAILED))
        db.session.add(Rsvp(meeting_id=meeting.id, person_id=cast["lead_a"].id,
                            response=RsvpResponse.ONLINE))
        made.setdefault("items", []).append(item)
        made.setdefault("streams", []).append(stream)
        made.setdefault("meetings", []).append(meeting)
    db.session.commit()
    made["election"] = cast.election("ballot", candidates=2)
    return made


def links(page) -> set[str]:
    return {a.get("href") for a in page.find_all("a")}


def test_secretariat_sees_the_desk_with_links_to_filtered_lists(client_request, cast):
    made = grow(cast, 2)
    page = client_request.get("pages.home", _as="officer")
    text = page.text
    for heading in ("Submissions awaiting triage", "Deadlines in the next ten working days",
                    "Overdue actions by office", "Workstreams at red or amber",
                    "Milestones due in the next 30 days", "Open queries past due",
                    "Elections in progress", "Emails that failed to send"):
        assert heading in text
    assert "Bus reform" in text and "2 submissions waiting" in text
    assert "Item deadline" in text
    assert f"{cast['office_a'].name}: 2 overdue actions" in text
    assert "Transport" in text and "Business case" in text and "Late query" in text
    assert "Broken email" in text
    hrefs = links(page)
    assert f"/items/{made['items'][0].id}/triage" in hrefs
    assert "/items/?status=submitted" in hrefs
    assert f"/actions/?office={cast['office_a'].id}&overdue=y" in hrefs
    assert "/actions/?overdue=y" in hrefs
    assert "/workstreams/?status=red" in hrefs
    assert "/correspondence/?overdue=y" in hrefs
    assert "/outbox/" in hrefs
    assert f"/elections/{made['election'].id}" in hrefs
    assert "/elections/?show=in-progress" in hrefs
    # the filtered lists behind the panels answer
    client_request.get("actions.index", office=cast["office_a"].id, overdue="y", _as="officer")
    client_request.get("correspondence.index", overdue="y", _as="officer")
    client_request.get("workstreams.index", status="red", _as="officer")
    waiting = client_request.get("items.index", status="submitted", _as="officer")
    assert waiting.title.startswith("Submissions: submitted")
    titles = [a.text for a in waiting.find_all("a") if a.text.startswith(("Bus", "Skills"))]
    assert titles == [i.title for i in made["items"]]  # waiting ones only, oldest first


def test_member_sees_their_office_dashboard(client_request, cast):
    made = grow(cast, 2)
    page = client_request.get("pages.home", _as="lead_a")
    text = page.text
    for heading in ("Your office's submissions", "Actions your office owes",
                    "Your upcoming meetings", "New papers", "Votes your office has not cast",
                    "Workstreams your office leads", "Their open risks"):
        assert heading in text
    assert "Bus reform" in text and "Submitted" in text
    assert "Overdue" in text and "Send figures" in text
    assert "Attending online" in text
    assert "Skills paper" in text
    assert "Funding risk" in text and "Score 16" in text
    assert made["election"].position in text
    # no earlier session: the fallback window is named
    assert "last 14 days" in text
    hrefs = links(page)
    assert f"/actions/?office={cast['office_a'].id}&overdue=y" in hrefs
    assert f"/items/?office={cast['office_a'].id}" in hrefs
    own = client_request.get("items.index", office=cast["office_a"].id, _as="lead_a")
    assert {a.text for a in own.find_all("a") if a.text.startswith("Bus")} == {
        i.title for i in made["items"]}
    assert f"/workstreams/{made['streams'][0].id}" in hrefs
    assert f"/meetings/{made['meetings'][0].id}" in hrefs
    assert "/papers/" in hrefs
    papers = client_request.get("papers.published", _as="lead_a")
    listed = [a.text.split(" (download")[0] for a in papers.find_all("a")
              if a.text.startswith("Skills paper")]
    made_papers = db.session.query(Paper).order_by(Paper.id.desc()).all()
    assert listed == [p.title for p in made_papers], "every readable paper, newest first"
    # office b's actions and office a's own leads only
    other = client_request.get("pages.home", _as="lead_b").text
    assert "Workstreams your office leads" in other and "Funding risk" not in other


def test_member_office_that_voted_is_not_asked_again(client_request, cast):
    from network.governance.voting.models import RollEntry

    election = cast.election("ballot", candidates=2)
    db.session.add(RollEntry(id="r" * 32, election_id=election.id,
                             office_id=cast["office_a"].id, receipt="c" * 32))
    db.session.commit()
    assert election.position not in client_request.get("pages.home", _as="lead_a").text.split(
        "Votes your office has not cast")[1].split("Workstreams")[0]


def test_observer_keeps_a_simple_home(client_request, cast):
    meeting = cast.meeting(days=5)
    page = client_request.get("pages.home", _as="observer")
    assert "Your upcoming meetings" in page.text and meeting.title in page.text
    assert "Submissions awaiting triage" not in page.text
    assert "Actions your office owes" not in page.text
    outsider = client_request.get("pages.home", _as="outsider_observer").text
    assert meeting.title not in outsider


def test_dashboard_query_counts_do_not_grow_with_data(app, cast):
    from tests.conftest import sign_in_client

    clients = {who: sign_in_client(app, cast[who]) for who in ("officer", "lead_a", "observer")}
    grow(cast, 2)
    small = {}
    for who, client in clients.items():
        with counting_queries() as statements:
            assert client.get("/").status_code == 200
        small[who] = len(statements)
    grow(cast, 30)
    large = {}
    for who, client in clients.items():
        with counting_queries() as statements:
            assert client.get("/").status_code == 200
        large[who] = len(statements)
    print("dashboard queries small", small, "large", large)
    assert large == small
    assert max(small.values()) <= 30, small


def test_the_panels_totals_are_counted_in_one_statement(app, client_request, cast):
    """Every panel's "of N" total comes from one statement, not a COUNT per panel, and each
    total is the panel's own."""
    from tests.conftest import sign_in_client

    grow(cast, 12)
    officer, lead = (sign_in_client(app, cast[who]) for who in ("officer", "lead_a"))
    for client in (officer, lead):
        with counting_queries() as statements:
            assert client.get("/").status_code == 200
        totals = [s for s in statements if re.search(r"count\(\*\)[^()]*FROM \(SELECT", s)]
        assert len(totals) == 1, totals
    page = client_request.get("pages.home", _as="officer").text
    assert "12 submissions waiting" in page


def test_deadlines_are_the_soonest_in_the_window_whichever_kind(cast):
    """The panel takes the first ten dates of all in the window, not the first ten meetings:
    a papers date tomorrow comes before ten item deadlines the day after."""
    from network.dashboards import queries as dq

    for n in range(10):
        meeting = cast.meeting(days=40 + n)
        meeting.submission_deadline_on = today() + timedelta(days=2)
        meeting.papers_due_on = today() + timedelta(days=60)  # beyond the window
    late = cast.meeting(days=30)
    late.submission_deadline_on = dq.working_days_ahead(today(), 10)
    late.papers_due_on = today() + timedelta(days=1)
    beyond = cast.meeting(days=70)
    beyond.submission_deadline_on = today() + timedelta(days=40)
    beyond.papers_due_on = today() + timedelta(days=50)
    db.session.commit()
    found, _end = dq.deadlines(cast["officer"])
    assert len(found) == 10
    assert (found[0].on, found[0].what, found[0].meeting.id) == (
        today() + timedelta(days=1), "Papers due", late.id)
    assert [d.on for d in found] == sorted(d.on for d in found)
    assert beyond.id not in {d.meeting.id for d in found}
    assert not any(d.what == "Item deadline" and d.meeting.id == late.id for d in found)


def test_elections_are_filtered_before_the_panel_is_limited(cast):
    """Five elections whose nominations closed with no valid one (the scheduler not yet
    run) close sooner than the one in progress: the panel still shows that one."""
    from network.dashboards import queries as dq
    from network.governance.elections.models import ElectionStatus

    live = cast.election("ballot", candidates=2)
    live.ballot_close_at += timedelta(days=1)
    for _ in range(5):
        stalled = cast.election("ballot", candidates=0)
        stalled.status = ElectionStatus.NOMINATIONS_OPEN
    db.session.commit()
    assert [e.id for e in dq.elections_in_progress()] == [live.id]
    assert [e.id for e in dq.votes_not_cast(cast["office_a"].id)] == [live.id]


def test_the_elections_panel_leads_to_the_elections_in_progress(client_request, cast):
    live = cast.election("ballot", candidates=2)
    over = cast.election("closed", candidates=2)
    draft = cast.election("draft", candidates=2)

    def listed(page):
        hrefs = [a.get("href") or "" for a in page.find_all("a")]
        return [h for h in hrefs if h.startswith("/elections/") and h.split("/")[-1].isdigit()]

    every = client_request.get("elections.index", _as="admin")
    assert set(listed(every)) == {f"/elections/{e.id}" for e in (live, over, draft)}
    shown = client_request.get("elections.index", show="in-progress", _as="admin")
    assert shown.title.startswith("Elections in progress")
    assert listed(shown) == [f"/elections/{live.id}"], "open now only: not closed, not draft"
    member = client_request.get("pages.home", _as="lead_a")
    assert "/elections/?show=in-progress" in links(member)

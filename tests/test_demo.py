"""`network demo` loads a network with a history a new user can look through: what they see on
the pages after the first run, and that a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db as _db
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, ElectionStatus
from network.governance.voting.models import BallotPaper, ElectionLogEntry, RollEntry
from network.members.models import Office, Person
from network.time import today
from network.workplan.actions.models import Action, ActionStatus, ActionUpdate
from network.workplan.items.models import AgendaItem, ItemStatus, PaperVersion
from network.workplan.meetings.models import Meeting, MeetingKind, MeetingStatus
from network.workplan.minutes.models import Attendance, Declaration, Rsvp
from tests.conftest import sign_in_client

MODELS = [Office, Person, Meeting, AgendaItem, PaperVersion, Rsvp, Attendance, Declaration,
          Action, ActionUpdate, Decision, Election, RollEntry, BallotPaper, ElectionLogEntry,
          AuditEntry]


def _counts() -> dict[str, int]:
    _db.session.expire_all()
    return {m.__name__: _db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def _person(email: str) -> Person:
    return _db.session.scalar(select(Person).where(Person.email == email))


def test_the_demo_has_a_history_on_every_page_and_loads_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    loaded = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == loaded, "a second run changes nothing"

    officer = sign_in_client(app, _person("officer@ukmayors.example"))
    lead = sign_in_client(app, _person("lead@gmca.example"))
    observer = sign_in_client(app, _person("observer@mhclg.example"))
    meetings = list(db.session.scalars(select(Meeting).order_by(Meeting.starts_at)))
    assert {m.kind for m in meetings} >= {MeetingKind.MAYORS, MeetingKind.CHIEF_EXECS,
                                          MeetingKind.GOVERNMENT}

    # approved minutes, approved at the next meeting of the kind, with real minutes
    approved = [m for m in meetings if m.status == MeetingStatus.MINUTES_APPROVED]
    assert len(approved) == 2
    for meeting in approved:
        approver = db.session.get(Meeting, meeting.minutes_approved_by_meeting_id)
        assert approver.kind == meeting.kind and approver.starts_at > meeting.starts_at
    page = lead.get(f"/meetings/{approved[0].id}/minutes")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Mayors welcomed the single funding settlement" in text
    assert "Approved" in text and ": noted." not in text
    assert db.session.scalar(select(func.count()).select_from(Attendance).where(
        Attendance.meeting_id == approved[0].id)) == 14

    # the decisions register, numbered by the service
    decisions = list(db.session.scalars(select(Decision).order_by(Decision.sequence)))
    assert [d.sequence for d in decisions] == list(range(1, len(decisions) + 1))
    assert len(decisions) >= 5
    register = lead.get("/decisions/").get_data(as_text=True)
    assert decisions[0].reference in register

    # actions: some done, some in progress, some overdue; the late-recorded ones say so
    actions = list(db.session.scalars(select(Action)))
    assert {ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.OPEN} <= {
        a.status for a in actions}
    overdue = [a for a in actions if a.is_open and a.due_on < today()]
    assert len(overdue) >= 3
    late = [a for a in actions if a.is_recorded_late]
    assert late and all(a.created_at.date() > a.due_on and a.recorded_late_reason
                        for a in late)
    assert all(not a.is_recorded_late for a in actions if a.created_at.date() <= a.due_on)
    log = officer.get("/actions/?overdue=y").get_data(as_text=True)
    assert "Overdue" in log and "Recorded late" in log
    detail = officer.get(f"/actions/{late[0].id}").get_data(as_text=True)
    assert "recorded after the meeting" in detail

    # papers, downloadable by an invitee
    version = db.session.scalar(select(PaperVersion).order_by(PaperVersion.id).limit(1))
    download = lead.get(f"/papers/{version.id}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")

    # the next mayors' meeting is open for items, two waiting for triage
    upcoming = next(m for m in meetings if m.status == MeetingStatus.OPEN_FOR_ITEMS
                    and m.kind == MeetingKind.MAYORS)
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.meeting_id == upcoming.id, AgendaItem.status == ItemStatus.SUBMITTED)) == 2

    # a declared election with thirteen ballots, and the Chair election taking nominations
    declared = db.session.scalar(select(Election).where(
        Election.status == ElectionStatus.DECLARED))
    assert declared.result["elected"] == ["Leah Brennan"]
    assert db.session.scalar(select(func.count()).select_from(BallotPaper).where(
        BallotPaper.election_id == declared.id)) == 13
    result = lead.get(f"/elections/{declared.id}/results").get_data(as_text=True)
    assert "Leah Brennan" in result
    assert db.session.scalar(select(Election.status).where(
        Election.position.like("Chair%"))) == ElectionStatus.NOMINATIONS_OPEN

    # the observer sees the government meeting but not its confidential item
    government = next(m for m in meetings if m.kind == MeetingKind.GOVERNMENT
                      and m.status == MeetingStatus.MINUTES_DRAFTED)
    seen = observer.get(f"/meetings/{government.id}").get_data(as_text=True)
    assert "The Devolution Framework" in seen and "Funding for mayoral capacity" not in seen


def test_the_clock_is_set_back_only_inside_the_block():
    from datetime import UTC, datetime, timedelta

    from network.db import clock_set_to, utcnow

    then = datetime(2026, 3, 5, 10, tzinfo=UTC)
    with clock_set_to(then):
        assert then <= utcnow() < then + timedelta(seconds=5)
    assert utcnow() - datetime.now(UTC) < timedelta(seconds=1)

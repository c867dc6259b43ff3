"""`network demo --scale N`: the generated network for measuring pages as data grows. Small
scales only (0.01, 0.02), for speed: the same seed builds the same network, the counts follow
the scale, the pages people open answer on it, and the command refuses what it cannot do."""

from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import func, select

from network.audit import AuditEntry
from network.extensions import db as _db
from network.governance.constitution.models import ConstitutionVersion
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, ElectionStatus
from network.governance.motions.models import Motion
from network.members import passwords
from network.members.demo import DEMO_PASSWORD
from network.members.models import Office, OfficeKind, Person
from network.scale import FULL, generate, sizes
from network.time import today
from network.workplan.actions.models import Action, ActionStatus
from network.workplan.forward.models import PlanEntry
from network.workplan.items.models import AgendaItem
from network.workplan.meetings.models import Meeting, MeetingStatus
from network.workplan.workstreams.models import Workstream
from tests.conftest import _clean, sign_in_client

COUNTED = {"offices": Office, "people": Person, "meetings": Meeting, "items": AgendaItem,
           "actions": Action, "decisions": Decision, "elections": Election,
           "workstreams": Workstream, "plan_entries": PlanEntry, "motions": Motion,
           "constitution_versions": ConstitutionVersion, "audit_entries": AuditEntry}


def _count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def _sample() -> dict:
    """Rows a page would show, without the password hashes (salted) and service timestamps."""
    def rows(statement):
        return [tuple(r) for r in _db.session.execute(statement)]

    return {
        "counts": {kind: _count(model) for kind, model in COUNTED.items()},
        "people": rows(select(Person.id, Person.email, Person.name, Person.role,
                              Person.office_id).order_by(Person.id)),
        "meetings": rows(select(Meeting.id, Meeting.title, Meeting.kind, Meeting.starts_at,
                                Meeting.status, Meeting.submission_deadline_on,
                                Meeting.papers_due_on).order_by(Meeting.id)),
        "items": rows(select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.title,
                             AgendaItem.status, AgendaItem.position)
                      .order_by(AgendaItem.id).limit(80)),
        "actions": rows(select(Action.id, Action.description, Action.owner_office_id,
                               Action.owner_person_id, Action.due_on, Action.status,
                               Action.meeting_id).order_by(Action.id)),
        "decisions": rows(select(Decision.id, Decision.year, Decision.sequence, Decision.text,
                                 Decision.supersedes_id).order_by(Decision.id)),
        "elections": rows(select(Election.id, Election.position, Election.status,
                                 Election.method).order_by(Election.id)),
        "results": [e.result and e.result["elected"] for e in
                    _db.session.scalars(select(Election).order_by(Election.id))],
        "motions": rows(select(Motion.id, Motion.title, Motion.status).order_by(Motion.id)),
        "audit": rows(select(AuditEntry.id, AuditEntry.action, AuditEntry.object_type,
                             AuditEntry.object_id).order_by(AuditEntry.id)),
    }


def test_the_same_seed_builds_the_same_network_and_another_seed_another(app, db):
    first = generate(0.01, seed=11)
    built = _sample()
    _db.session.remove()
    _clean(app)
    assert generate(0.01, seed=11) == first
    assert _sample() == built
    _db.session.remove()
    _clean(app)
    generate(0.01, seed=12)
    assert _sample()["actions"] != built["actions"]


def test_the_counts_follow_the_scale(db):
    assert sizes(1) == FULL | {"decisions": 3060}
    small, double = sizes(0.01), sizes(0.02)
    for kind in ("meetings", "items", "actions", "decisions", "elections", "audit_entries"):
        assert abs(double[kind] - 2 * small[kind]) <= 1, kind  # each rounded
    assert all(n >= 1 for n in sizes(0.0001).values())
    built = generate(0.02)
    counts = {kind: _count(model) for kind, model in COUNTED.items()}
    for kind in ("offices", "people", "meetings", "items", "actions", "decisions",
                 "elections", "audit_entries", "plan_entries", "workstreams"):
        assert built[kind] == counts[kind] == double[kind], kind
    assert counts["constitution_versions"] >= 2 and counts["motions"] >= 2


def test_rows_added_afterwards_get_fresh_ids(db):
    """The generator gives its rows their ids; the id sequences (PostgreSQL) move past them."""
    generate(0.01)
    officer = _db.session.scalar(select(Person).where(Person.email == "officer@ukmayors.example"))
    meeting = _db.session.scalar(select(Meeting).order_by(Meeting.id.desc()).limit(1))
    action = Action(description="Added after", due_on=today(), meeting_id=meeting.id,
                    created_by_id=officer.id)
    office = Office(name="A new authority", slug="a-new-authority", kind=OfficeKind.LOCAL,
                    joined_on=today())
    _db.session.add_all([action, office])
    _db.session.flush()
    assert action.id == sizes(0.01)["actions"] + 1 and office.id == sizes(0.01)["offices"] + 1


def test_the_history_has_what_the_pages_are_about(db):
    generate(0.02)
    now = today()
    meetings = list(_db.session.scalars(select(Meeting)))
    assert min(m.starts_at.date() for m in meetings) < now.replace(year=now.year - 7)
    assert max(m.starts_at.date() for m in meetings) > now.replace(year=now.year + 1)
    assert {MeetingStatus.MINUTES_APPROVED, MeetingStatus.OPEN_FOR_ITEMS} <= {
        m.status for m in meetings}
    standing = _db.session.scalar(select(func.count()).select_from(AgendaItem)
                                  .where(AgendaItem.standing_kind.is_not(None)))
    assert standing == 5 * len(meetings)  # the meetings service's standing items
    overdue = _db.session.scalar(select(func.count()).select_from(Action).where(
        Action.due_on < now, Action.status.in_([ActionStatus.OPEN, ActionStatus.IN_PROGRESS])))
    assert overdue > 0
    assert _db.session.scalar(select(func.count()).select_from(Action)
                              .where(Action.meeting_id.is_(None))) == 0
    assert _db.session.scalar(select(func.count()).select_from(Decision)
                              .where(Decision.supersedes_id.is_not(None))) > 0
    declared = list(_db.session.scalars(select(Election).where(
        Election.status == ElectionStatus.DECLARED)))
    assert declared and all(e.result["elected"] for e in declared)
    lead = _db.session.scalar(select(Person).where(Person.email == "lead@gmca.example"))
    assert passwords.verify_password(lead.password_hash, DEMO_PASSWORD)
    assert _db.session.scalar(select(func.count(func.distinct(Person.password_hash)))) == 1


def _first(statement):
    return _db.session.scalar(statement.limit(1))


def test_the_pages_people_open_answer_on_the_generated_network(app, db):
    generate(0.01)
    person = {email: _db.session.scalar(select(Person).where(Person.email == email))
              for email in ("admin@ukmayors.example", "officer@ukmayors.example",
                            "lead@gmca.example", "observer@mhclg.example")}
    held = _first(select(Meeting.id).where(Meeting.status == MeetingStatus.MINUTES_APPROVED)
                  .order_by(Meeting.starts_at.desc()))
    ahead = _first(select(Meeting.id).where(Meeting.status == MeetingStatus.OPEN_FOR_ITEMS))
    declared = _first(select(Election.id).where(Election.status == ElectionStatus.DECLARED))
    motion = _first(select(Motion.id).order_by(Motion.id))
    stream = _first(select(Workstream.id))
    officer = sign_in_client(app, person["officer@ukmayors.example"])
    pages = ["/", "/meetings/", f"/meetings/{held}", f"/meetings/{held}/minutes",
             f"/meetings/{ahead}", "/actions/", "/decisions/", "/elections/",
             f"/elections/{declared}", f"/elections/{declared}/results",
             "/people/", "/offices/", "/forward-agenda/", "/workstreams/",
             f"/workstreams/{stream}", "/constitution/", "/constitution/versions",
             "/motions/", f"/motions/{motion}", "/search?q=bus", "/digest/next.html"]
    for page in pages:
        assert officer.get(page).status_code == 200, page
    member_pages = ["/", "/meetings/", f"/meetings/{held}", "/actions/", "/decisions/",
                    "/elections/", f"/elections/{declared}/results", "/motions/"]
    for email, role_pages in (("admin@ukmayors.example", member_pages),
                              ("lead@gmca.example", member_pages),
                              ("observer@mhclg.example", ["/", "/meetings/"])):
        client = sign_in_client(app, person[email])
        for page in role_pages:
            assert client.get(page).status_code == 200, (email, page)
    admin = sign_in_client(app, person["admin@ukmayors.example"])
    assert admin.get("/audit/").status_code == 200
    lead = sign_in_client(app, person["lead@gmca.example"])
    assert lead.get("/my-office/").status_code == 200


def test_the_command_builds_prints_and_refuses_a_database_with_a_network(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--scale", "0.01", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Built the generated network at scale 0.01 (seed 7)" in result.output
    assert re.search(rf"^  meetings +{sizes(0.01)['meetings']}$", result.output, re.M)
    assert "lead@gmca.example" in result.output  # the demo sign-ins still work
    assert _count(Meeting) == sizes(0.01)["meetings"]
    again = runner.invoke(args=["demo", "--scale", "0.01"])
    assert again.exit_code == 1
    assert "already holds offices or people" in again.output
    assert isinstance(again.exception, SystemExit)


@pytest.mark.parametrize("scale", ["-1", "0", "nan", "inf", "1e9", "ten"])
def test_a_bad_scale_is_a_usage_error_not_a_traceback(app, db, scale):
    result = app.test_cli_runner().invoke(args=["demo", f"--scale={scale}"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--scale'" in result.output
    assert isinstance(result.exception, SystemExit)
    assert _count(Office) == 0


def test_the_generator_refuses_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["demo", "--scale", "0.01"])
    assert result.exit_code == 1
    assert "not loaded in production" in result.output
    assert _count(Office) == 0


def test_sizes_refuses_what_is_not_a_scale():
    for bad in (0, -0.5, math.nan, math.inf, 11):
        with pytest.raises(ValueError):
            sizes(bad)

"""The planner's statistics are refreshed after a bulk load and nightly (network/planner.py):
SQLite keeps none otherwise and then plans big pages badly. Each test starts without them:
the suite's cleaning (tests/conftest.py) removes those a test leaves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, text

from network.digest.scheduler import run_once
from network.members.models import Person
from network.planner import refresh_statistics
from tests.factories import OfficeFactory


def _sqlite_has_statistics(db) -> bool:
    return db.engine.dialect.name == "sqlite" and bool(db.session.scalar(text(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")))


def _statistics_of(db, table: str) -> int:
    """Rows the planner believes `table` holds (0: it has no statistics for it)."""
    if db.engine.dialect.name == "sqlite":
        if not _sqlite_has_statistics(db):
            return 0
        stat = db.session.scalar(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t"), {"t": table})
        return int(stat.split()[0]) if stat else 0
    return int(db.session.scalar(text(
        "SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = :t"), {"t": table}))


def _fresh_connections(db) -> None:
    """SQLite reads a database's statistics when a connection opens (or its schema changes):
    plan on new connections, as web workers started after the nightly job do."""
    db.session.remove()
    db.engine.dispose()


def test_the_nightly_job_gives_the_planner_the_tables_sizes(db):
    for _ in range(12):
        OfficeFactory()
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert _statistics_of(db, "office") == 0
    summary, queued = run_once("refresh-statistics")
    assert summary == f"refresh-statistics: statistics refreshed ({db.engine.dialect.name})"
    assert queued == []
    assert _statistics_of(db, "office") == 12


def test_loading_the_demo_refreshes_the_statistics(app, db):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    offices = db.session.scalar(text("SELECT count(*) FROM office"))
    assert offices > 0
    assert _statistics_of(db, "office") == offices


def _plan(db, run, table: str = "action") -> str:
    """The plan of the first statement on `table` that `run` sends (SQLite or PostgreSQL)."""
    sent = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if re.search(rf"\bFROM {table}\b", statement):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    statement, parameters = sent[0]
    connection = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(row[-1] for row in rows)
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement,
                                                                   parameters))


@pytest.mark.cast(offices=20)
def test_the_actions_a_person_owns_are_found_by_an_index(app, db, cast):
    """The digest asks for the office's actions and the reader's own in one statement: with
    no index on the owner, the planner reads every action (SQLite in due order). Planned as
    the nightly statistics leave it, over 20,000 actions of 20 offices, a fifth of them open
    and a quarter with a named owner (ten years of a network: 30,000 actions, 5,847 open)."""
    from network.db import utcnow
    from network.digest.digest import window_for
    from network.members.models import DigestFrequency
    from network.time import now, today
    from network.workplan.actions.models import Action, ActionStatus
    from network.workplan.actions.tasks import digest_actions

    offices = [o["office"].id for o in cast["offices"]]
    people = [o[role].id for o in cast["offices"] for role in ("lead", "staff")]
    db.session.execute(insert(Action), [
        {"description": f"Action {n}", "owner_office_id": offices[n % len(offices)],
         "owner_person_id": people[n % len(people)] if n % 4 == 0 else None,
         "due_on": today() + timedelta(days=n % 400 - 200),
         "status": ActionStatus.OPEN if n % 5 == 0 else ActionStatus.DONE,
         "created_by_id": cast["admin"].id, "is_recorded_late": False,
         "recorded_late_reason": "", "created_at": utcnow(), "updated_at": utcnow()}
        for n in range(20_000)])
    db.session.commit()
    readers = [cast[key].id for key in ("lead_a", "admin")]
    refresh_statistics()
    _fresh_connections(db)
    readers = [db.session.get(Person, person_id) for person_id in readers]
    window = window_for(DigestFrequency.WEEKLY, now())
    with app.test_request_context():
        plan = _plan(db, lambda: digest_actions(readers, window))
    assert "ix_action_owner_person_id" in plan, plan


def test_new_papers_are_found_from_the_recent_versions(app, db, cast):
    """The member's "New papers" panel: the planner starts from the versions uploaded since
    the last visit (their index), not from every agenda item the member may see (which, with
    5,000 items and statistics, SQLite did: 12 ms at ten years of data, 0.03 ms after)."""
    from network.db import utcnow
    from network.workplan.items.models import AgendaItem, ItemPurpose, ItemStatus
    from network.workplan.items.queries import published_papers

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner only: PostgreSQL estimates the recent versions from the "
                    "uploaded_at histogram it keeps")
    meetings = [cast.meeting(-30 * n, title=f"Meeting {n}") for n in range(1, 6)]
    for meeting in meetings:
        meeting.agenda_published_at = utcnow()
    db.session.execute(insert(AgendaItem), [
        {"meeting_id": meetings[n % 5].id, "title": f"Item {n}", "purpose": ItemPurpose.DECISION,
         "status": ItemStatus.ACCEPTED, "office_id": cast["office_a"].id}
        for n in range(5000)])
    db.session.commit()
    lead_id = cast["lead_a"].id
    refresh_statistics()
    _fresh_connections(db)
    query = published_papers(db.session.get(Person, lead_id), utcnow() - timedelta(days=7))
    plan = _plan(db, lambda: db.session.scalars(query.limit(5)).all(), "paper_version")
    assert "ix_paper_version_uploaded_at" in plan, plan
    assert re.match(r"(SEARCH|SCAN) paper", plan.splitlines()[0]), "agenda items first: " + plan
